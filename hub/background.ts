/**
 * Work the hub starts and does not wait for (WebSub verifications and deliveries, pushed content,
 * withdrawal checks): failures are logged, never thrown into nowhere, and shutdown and tests can
 * wait until none is under way.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly label: string,
  ) {}

  track(work: Promise<unknown>): void {
    const p = work.catch((e) => this.log(`${this.label}: ${(e as Error).message}`)).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves once nothing is under way, including work started by work that was. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
