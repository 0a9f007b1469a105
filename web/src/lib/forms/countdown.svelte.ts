/** A countdown in whole seconds, for «new code in 0:59» and buttons waiting out a rate limit. */
export class Countdown {
  remaining = $state(0);
  #timer: ReturnType<typeof setInterval> | undefined;
  #endsAt = 0;

  get running(): boolean {
    return this.remaining > 0;
  }

  start(seconds: number): void {
    this.stop();
    if (!(seconds > 0)) return;
    // Counted from a deadline, not by ticks: a background tab's throttled timers do not slow it down.
    this.#endsAt = Date.now() + seconds * 1000;
    this.remaining = Math.ceil(seconds);
    this.#timer = setInterval(() => {
      this.remaining = Math.max(0, Math.ceil((this.#endsAt - Date.now()) / 1000));
      if (this.remaining === 0) this.stop();
    }, 250);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.remaining = 0;
  }
}
