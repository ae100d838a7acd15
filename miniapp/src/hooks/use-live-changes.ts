import { useEffect, useRef } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { pollChanges, type ReportChange } from '../services/changes';
import { useSession } from '../store/session';

const MAX_BACKOFF_MS = 30_000;

/**
 * Calls `onChange` when reports in the resident's scope change, while the page is shown: a long-poll loop that
 * reconnects with exponential backoff (1 s, 2 s, 4 s … 30 s) after a failure and pauses when the page is hidden.
 */
export function useLiveChanges(onChange: (changes: ReportChange[]) => void): void {
  const { user } = useSession();
  const callback = useRef(onChange);
  callback.current = onChange;
  const shown = useRef(true);
  const generation = useRef(0);

  const run = () => {
    const mine = ++generation.current;
    let cursor: string | null = null;
    let backoff = 1_000;
    const seen = new Set<string>();
    const loop = async () => {
      while (mine === generation.current && shown.current) {
        try {
          const answer = await pollChanges(cursor);
          // The server looks back a little across instances' clocks; drop what was already reported.
          const fresh = answer.items.filter((c) => !seen.has(`${c.id}@${c.updatedAt}`));
          fresh.forEach((c) => seen.add(`${c.id}@${c.updatedAt}`));
          cursor = answer.cursor;
          backoff = 1_000;
          if (fresh.length && mine === generation.current) callback.current(fresh);
        } catch {
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      }
    };
    void loop();
  };

  useDidShow(() => {
    shown.current = true;
    if (user) run();
  });
  useDidHide(() => {
    shown.current = false;
    generation.current++;
  });
  useEffect(() => {
    if (user) run();
    return () => {
      generation.current++;
    };
    // Restart only when the signed-in user changes.
  }, [user?.id]);
}
