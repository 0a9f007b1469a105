/**
 * The state every account form shares: which request is running, the message under each field, a message
 * for the whole form, and the wait after RATE_LIMITED. `fail` sorts an ApiError into the right place.
 */
import { tick } from 'svelte';
import type { ApiError } from '$lib/api/errors';
import { goToLogin } from '$lib/navigation';
import { session } from '$lib/session.svelte';
import { Countdown } from './countdown.svelte';

export class FormState<Field extends string> {
  busy = $state(false);
  fields = $state<Partial<Record<Field, string>>>({});
  message = $state<string | null>(null);
  /** Success or information for the whole form (role=status). */
  notice = $state<string | null>(null);
  /** Running after RATE_LIMITED: the submit button waits it out. */
  readonly wait = new Countdown();

  constructor(
    /** The inputs of this form: an API error naming one of them is shown next to it. */
    private readonly known: readonly Field[],
    /** Focuses an input (after a client-side or API error). */
    private readonly focus: (field: Field) => void = () => {},
  ) {}

  get disabled(): boolean {
    return this.busy || this.wait.running;
  }

  /** Clears the messages before a new attempt. */
  start(): void {
    this.fields = {};
    this.message = null;
    this.notice = null;
  }

  /** Client-side checks found problems: show them and focus the first. Returns whether there were any. */
  invalid(problems: Partial<Record<Field, string | null | undefined>>): boolean {
    const entries = Object.entries(problems).filter(([, message]) => message) as Array<[Field, string]>;
    if (!entries.length) return false;
    this.fields = Object.fromEntries(entries) as Partial<Record<Field, string>>;
    void this.focusLater(entries[0][0]);
    return true;
  }

  /**
   * An error from the API. UNAUTHENTICATED (the session ended) goes to the sign-in page and back here after;
   * RATE_LIMITED starts the wait. Returns the field it was shown next to, if any.
   */
  fail(error: unknown, aliases: Partial<Record<string, Field>> = {}): Field | undefined {
    const { message, code, field, retryAfter } = error as ApiError;
    if (code === 'UNAUTHENTICATED') {
      session.clear();
      void goToLogin();
      return undefined;
    }
    if (code === 'RATE_LIMITED' && retryAfter) this.wait.start(retryAfter);
    const target = field ? (aliases[field] ?? (this.known.includes(field as Field) ? (field as Field) : undefined)) : undefined;
    if (target && code === 'BAD_USER_INPUT') {
      this.fields = { ...this.fields, [target]: message };
      void this.focusLater(target);
      return target;
    }
    this.message = message;
    return undefined;
  }

  /** Runs a request with `busy` set; errors go to `fail`. Returns the result, or undefined after an error. */
  async run<T>(request: () => Promise<T>, aliases: Partial<Record<string, Field>> = {}): Promise<T | undefined> {
    if (this.disabled) return undefined;
    this.start();
    this.busy = true;
    try {
      return await request();
    } catch (error) {
      this.fail(error, aliases);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async focusLater(field: Field): Promise<void> {
    await tick();
    this.focus(field);
  }
}
