import { tick } from 'svelte';
import type { FormState } from '$lib/forms/form.svelte';

/**
 * Whether a profile card's edit form is open (EditForm shows it). Opening clears the form's messages and focuses its
 * first field; closing empties the fields (`reset`) and gives the focus back to the link that opened it (`toggle`).
 */
export class Editing {
  open = $state(false);
  toggle: HTMLButtonElement | undefined = $state();

  constructor(
    private readonly form: FormState<any>,
    private readonly first: () => HTMLElement | undefined,
    private readonly reset: () => void,
  ) {}

  show = async (): Promise<void> => {
    this.open = true;
    this.form.start();
    await tick();
    this.first()?.focus();
  };

  hide = async (): Promise<void> => {
    this.open = false;
    this.reset();
    await tick();
    this.toggle?.focus();
  };
}
