/**
 * SIGINT/SIGTERM handling: the first signal asks for a soft stop (finish the current page, flush,
 * commit), the second aborts at once.
 */
export class StopSignals {
  readonly stop = new AbortController();
  readonly abort = new AbortController();
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal);
  private installed = false;

  constructor(
    private readonly onFirst: (signal: NodeJS.Signals) => void,
    private readonly onSecond: (signal: NodeJS.Signals) => void,
  ) {}

  install(): this {
    if (this.installed) return this;
    this.installed = true;
    process.on("SIGINT", this.handler);
    process.on("SIGTERM", this.handler);
    return this;
  }

  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    process.off("SIGINT", this.handler);
    process.off("SIGTERM", this.handler);
  }

  /** A soft stop without a signal (e.g. nobody reads stdout any more). */
  requestStop(reason: string): void {
    if (!this.stop.signal.aborted) this.stop.abort(new Error(reason));
  }

  get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (!this.stop.signal.aborted) {
      this.stop.abort(new Error(`${signal} received`));
      this.onFirst(signal);
      return;
    }
    this.abort.abort(new Error(`second ${signal} received`));
    this.onSecond(signal);
  }
}
