/**
 * The server's "stopping" signal for work that waits: long-polls answer at once (empty, so clients re-poll another
 * instance) instead of holding the shutdown for their full wait.
 */
export class Drain {
  private readonly listeners = new Set<() => void>();
  draining = false;

  /** How many waits are parked right now (long-polls between passes): a quiescent point tests can wait for. */
  get sleepers(): number {
    return this.listeners.size;
  }

  start(): void {
    if (this.draining) return;
    this.draining = true;
    for (const l of this.listeners) l();
    this.listeners.clear();
  }

  /** Sleeps `ms`, or less when draining starts meanwhile. */
  sleep(ms: number): Promise<void> {
    if (this.draining) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.listeners.add(done);
    });
  }
}
