/**
 * Who is signed in, as the header needs it: loaded once and kept until something changes it (signing in,
 * out, a profile edit). Pages that fetch the account anyway hand it over with `set`, saving a request.
 *
 * Warnings by SMS, email and push are written in the language the cabinet is used in: when the account's
 * language is another (the customer switched, or signed in where the cabinet is in the other language), it is
 * brought in line once, in the background (a failure leaves it for the next page load).
 */
import { fetchViewerAccount } from '$lib/api/auth';
import { setWarningsLanguage } from '$lib/api/profile';
import type { Account } from '$lib/api/documents';
import { cabinetClock } from '$lib/format/cabinet-clock.svelte';
import { apiLanguage } from '$lib/i18n';
import { connection } from '$lib/pwa/connection.svelte';

class Session {
  /** The signed-in account; null when signed out or not known yet. */
  account = $state<Account | null>(null);
  /** Whether `account` reflects an answer of the API. */
  known = $state(false);
  #loading: Promise<Account | null> | null = null;
  #syncing = false;

  constructor() {
    // Opened offline, the header could not learn who is signed in: ask once the connection is back.
    connection.onReconnect(() => {
      if (!this.known) void this.ensure();
    });
  }

  /** The account, asking the API only the first time. A failed request counts as not known (no account shown). */
  ensure(): Promise<Account | null> {
    if (this.known) return Promise.resolve(this.account);
    this.#loading ??= fetchViewerAccount()
      .then((viewer) => {
        this.set(viewer?.account ?? null);
        return this.account;
      })
      .catch(() => null)
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  set(account: Account | null): void {
    this.account = account;
    this.known = true;
    cabinetClock.zone = account?.timeZone;
    const wanted = apiLanguage;
    if (account && account.language !== wanted && !this.#syncing) {
      this.#syncing = true;
      setWarningsLanguage(wanted)
        .then((now) => {
          if (this.account?.id === account.id) this.account = { ...this.account, language: now };
        })
        .catch(() => {})
        .finally(() => (this.#syncing = false));
    }
  }

  /** Forget the account (after signing out, or when a request says the session is gone). */
  clear(): void {
    this.set(null);
  }
}

export const session = new Session();
