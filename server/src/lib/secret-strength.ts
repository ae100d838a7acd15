/** Secrets that are published (in this repository, its docs or common examples) and so sign nothing real. */
const published = new Set([
  'linli-development-secret-do-not-use-in-production',
  'change-me-to-a-long-random-string-of-32-chars-or-more',
]);

// A random 32-character base64 or hex secret estimates well above this; a word, a pattern or a repeat does not.
const MIN_BITS = 96;

/** Shannon entropy of the string's own character distribution, times its length: an upper bound on its guessability. */
function estimatedBits(secret: string): number {
  const chars = Array.from(secret);
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  return perChar * chars.length;
}

/** Share of the string's three-character windows that occur more than once: high for repeats like `abcdabcd…`. */
function repeatedShare(secret: string): number {
  const chars = Array.from(secret);
  const seen = new Map<string, number>();
  for (let i = 0; i + 3 <= chars.length; i += 1) {
    const w = chars.slice(i, i + 3).join('');
    seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  const windows = Math.max(1, chars.length - 2);
  let repeated = 0;
  for (const n of seen.values()) if (n > 1) repeated += n;
  return repeated / windows;
}

/** Share of neighbouring characters that step by one code point (`abcdef…`, `0123…`). */
function sequentialShare(secret: string): number {
  const codes = Array.from(secret).map((c) => c.codePointAt(0)!);
  let steps = 0;
  for (let i = 1; i < codes.length; i += 1) if (Math.abs(codes[i]! - codes[i - 1]!) === 1) steps += 1;
  return steps / Math.max(1, codes.length - 1);
}

/**
 * Why a session secret is too weak to sign tokens, or null when it looks random. An estimate, not a proof: it turns
 * away published values, repeats, runs and low-variety strings, the mistakes that happen in real deployments.
 */
export function secretWeakness(secret: string): string | null {
  if (published.has(secret)) return 'is a published example value';
  if (new Set(Array.from(secret)).size < 10) return 'uses fewer than 10 different characters';
  if (repeatedShare(secret) > 0.25) return 'repeats itself';
  if (sequentialShare(secret) > 0.5) return 'is a run of consecutive characters';
  if (estimatedBits(secret) < MIN_BITS) return `has too little randomness (about ${Math.round(estimatedBits(secret))} bits, needs ${MIN_BITS})`;
  return null;
}
