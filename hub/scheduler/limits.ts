/**
 * How many fetches may run at once: in all (so the hub does not open thousands of sockets) and
 * per portal host (so one slow portal, or one host serving many sources, holds at most its own
 * share of the slots and never the rest back).
 */
export class FetchLimits {
  private running = 0;
  private readonly perHost = new Map<string, number>();

  constructor(
    readonly global: number,
    readonly host: number,
  ) {}

  get free(): number {
    return Math.max(0, this.global - this.running);
  }

  get active(): number {
    return this.running;
  }

  /** Takes a slot for this host if one is free. */
  tryTake(host: string): boolean {
    const n = this.perHost.get(host) ?? 0;
    if (this.running >= this.global || n >= this.host) return false;
    this.running++;
    this.perHost.set(host, n + 1);
    return true;
  }

  release(host: string): void {
    this.running--;
    const n = (this.perHost.get(host) ?? 1) - 1;
    if (n > 0) this.perHost.set(host, n);
    else this.perHost.delete(host);
  }
}

/** The host a limit applies to: host and port, as one server answers there. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
