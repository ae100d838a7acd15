/**
 * Single-flight with a short reuse window: concurrent callers with the same key share one load, and a load that
 * finished less than `reuseMs` ago is reused. Failed loads are never reused.
 */
export function sharedLoads<T>(reuseMs: number, now: () => number = Date.now) {
  const entries = new Map<string, { finishedAt: number | null; promise: Promise<T> }>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const e = entries.get(key);
    if (e && (e.finishedAt === null || now() - e.finishedAt <= reuseMs)) return e.promise;
    const entry = { finishedAt: null as number | null, promise: load() };
    entries.set(key, entry);
    entry.promise.then(
      () => {
        entry.finishedAt = now();
        if (reuseMs <= 0 && entries.get(key) === entry) entries.delete(key);
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return entry.promise;
  };
}
