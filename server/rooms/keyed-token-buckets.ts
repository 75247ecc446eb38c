/**
 * Token buckets by key (a client address): `capacity` at once, refilled at one token every
 * `refillMs`. Time is injected, so tests need no waiting. A full bucket is the same as no bucket,
 * so full ones are dropped when the map grows, keeping memory bounded.
 */
export class KeyedTokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Whether a token is there now, without taking it. */
  has(key: string): boolean {
    return this.tokens(key) >= 1;
  }

  take(key: string): boolean {
    const tokens = this.tokens(key);
    if (tokens < 1) return false;
    this.set(key, tokens - 1);
    return true;
  }

  /** Milliseconds until the next token, 0 when one is there. */
  retryAfterMs(key: string): number {
    const tokens = this.tokens(key);
    // Stryker disable next-line EqualityOperator: at exactly one token both branches give 0
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.refillMs);
  }

  private tokens(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.capacity;
    return Math.min(this.capacity, bucket.tokens + (this.now() - bucket.atMs) / this.refillMs);
  }

  private set(key: string, tokens: number): void {
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.prune();
    this.buckets.set(key, { tokens, atMs: this.now() });
  }

  private prune(): void {
    for (const key of this.buckets.keys()) if (this.tokens(key) >= this.capacity) this.buckets.delete(key);
    // Still full of active clients: forget the oldest rather than grow without bound.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
