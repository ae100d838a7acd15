/** A fresh Idempotency-Key: time plus randomness, in the characters the server accepts. */
export function newIdempotencyKey(now = Date.now(), random = Math.random): string {
  const rand = Array.from({ length: 16 }, () => Math.floor(random() * 36).toString(36)).join('');
  return `r-${now.toString(36)}-${rand}`;
}
