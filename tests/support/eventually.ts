// The one way tests wait: for a condition, never for a length of time. Timeouts are generous on purpose: on a loaded
// 2-core machine a condition that holds in 50 ms may take seconds, and a passing test never waits for the timeout.

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

async function poll<T>(attempt: () => Promise<{ done: true; value: T } | { done: false; why: string }>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const r = await attempt();
    if (r.done) return r.value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${r.why}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Polls `check` until it answers something truthy, and answers that; fails naming `what` after `timeoutMs`. */
export function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<Truthy<T>> {
  return poll(
    async () => {
      try {
        const v = await check();
        return v ? { done: true, value: v as Truthy<T> } : { done: false, why: `last answer: ${JSON.stringify(v)}` };
      } catch (err) {
        return { done: false, why: `last error: ${(err as Error).message}` };
      }
    },
    what,
    timeoutMs,
  );
}

/** Polls an assertion (jest `expect`s) until it passes; fails with its last failure after `timeoutMs`. */
export function eventuallyExpect(assertion: () => void | Promise<void>, what: string, timeoutMs = 20_000): Promise<void> {
  return poll(
    async () => {
      try {
        await assertion();
        return { done: true, value: undefined };
      } catch (err) {
        return { done: false, why: (err as Error).message };
      }
    },
    what,
    timeoutMs,
  );
}
