/**
 * Token bucket: `capacity` events at once, refilled at `perSecond`. Time is injected so tests
 * need no real waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    const tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    // A refusal changes nothing: folding each refused request's fraction of a token in one by one
    // adds up rounding errors, and a client asking every millisecond got its token 1 ms late.
    if (tokens < 1) return false;
    this.tokens = tokens - 1;
    this.last = now;
    return true;
  }
}

/** Token-bucket sizes per socket; tests that fuzz every event raise them. */
export interface RateLimits {
  readonly eventBurst: number;
  readonly eventsPerSecond: number;
  readonly controlBurst: number;
  readonly controlsPerSecond: number;
  readonly createBurst: number;
  readonly createsPerSecond: number;
}

/**
 * One socket's buckets, each made on first use: most sockets are viewers that never send a
 * command or create a room, and per-socket memory is what limits viewers per node. A bucket made
 * late starts full, as one made at connection time would be by then.
 */
export class SocketBuckets {
  private eventsBucket: TokenBucket | undefined;
  private controlBucket: TokenBucket | undefined;
  private createBucket: TokenBucket | undefined;

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  get events(): TokenBucket {
    return (this.eventsBucket ??= new TokenBucket(this.limits.eventBurst, this.limits.eventsPerSecond, this.now));
  }

  get control(): TokenBucket {
    return (this.controlBucket ??= new TokenBucket(this.limits.controlBurst, this.limits.controlsPerSecond, this.now));
  }

  get create(): TokenBucket {
    return (this.createBucket ??= new TokenBucket(this.limits.createBurst, this.limits.createsPerSecond, this.now));
  }
}
