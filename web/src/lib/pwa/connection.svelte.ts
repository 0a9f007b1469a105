/**
 * Whether the device has a network connection, as the browser knows it (navigator.onLine and its
 * online/offline events). The cabinet says «Нет соединения» while it is false and lets pages refresh when it
 * comes back; requests that fail for other reasons (the server down) still show their own errors.
 */
class Connection {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Set for a few seconds after the connection came back, for «Соединение восстановлено». */
  restored = $state(false);
  #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('offline', () => {
      clearTimeout(this.#timer);
      this.restored = false;
      this.online = false;
    });
    window.addEventListener('online', () => {
      this.online = true;
      this.restored = true;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => (this.restored = false), 4000);
      for (const listener of this.#listeners) listener();
    });
  }

  /** Calls `listener` each time the connection comes back; returns the function that stops it. */
  onReconnect(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const connection = new Connection();
