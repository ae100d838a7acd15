import { currentSeq, nextSeq, type CounterModel } from './counter.model';

/**
 * A value every server instance keeps in memory (grids, categories, staff, the calendar) and rebuilds when a
 * version counter in the database moves: one `_id` read at most every `checkEveryMs` instead of a query per use.
 * The instance that writes calls `changed()` and sees its own change at once; others within `checkEveryMs`.
 */
export function versionedCache<T>(Counter: CounterModel, key: string, load: () => Promise<T>, checkEveryMs = 1_000) {
  let value: T | undefined;
  let version = -1;
  let checkedAt = 0;
  let loading: Promise<T> | null = null;

  async function reload(): Promise<T> {
    // The version is read before the data: a change in between is seen as a newer version next time.
    const v = await currentSeq(Counter, key);
    const fresh = await load();
    value = fresh;
    version = v;
    return fresh;
  }

  return {
    /** The current value, rebuilt first if any instance changed it since the last check. */
    async current(now = Date.now()): Promise<T> {
      if (value !== undefined && now - checkedAt < checkEveryMs) return value;
      checkedAt = now;
      if (value !== undefined && (await currentSeq(Counter, key)) === version) return value;
      loading ??= reload().finally(() => (loading = null));
      return loading;
    },

    /** Called after writing: every instance will rebuild, this one at once. */
    async changed(): Promise<T> {
      await nextSeq(Counter, key);
      checkedAt = Date.now();
      loading = null;
      return reload();
    },
  };
}
