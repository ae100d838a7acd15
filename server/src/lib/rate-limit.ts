import { AppError } from './errors';

/** Fixed-window counters in memory, per server instance: a brake on abuse, not an exact quota. */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit for `key`; throws 429 RATE_LIMITED once `limit` is passed within the window. */
  hit(key: string, limit: number, windowMs = 60_000): void {
    const t = this.now();
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= t) {
      entry = { count: 0, resetAt: t + windowMs };
      this.hits.set(key, entry);
      if (this.hits.size > 50_000) this.sweep(t);
    }
    entry.count += 1;
    if (entry.count > limit) {
      const seconds = Math.ceil((entry.resetAt - t) / 1000);
      throw new AppError(429, 'RATE_LIMITED', `操作太频繁，请${seconds}秒后再试`, { retryAfterSeconds: seconds });
    }
  }

  private sweep(t: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= t) this.hits.delete(k);
  }
}
