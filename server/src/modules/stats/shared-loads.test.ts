import { sharedLoads } from './shared-loads';

describe('shared statistics loads', () => {
  it('runs one load for concurrent callers with the same key', async () => {
    let calls = 0;
    const shared = sharedLoads<number>(0);
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));

    const results = await Promise.all([shared('a', load), shared('a', load), shared('b', load)]);

    expect(results.sort()).toEqual([1, 1, 2]);
    expect(calls).toBe(2);
  });

  it('reuses a finished load only within the window, and never a failed one', async () => {
    let t = 0;
    let calls = 0;
    const shared = sharedLoads<number>(2_000, () => t);
    await shared('k', async () => ++calls);
    t = 1_500;
    expect(await shared('k', async () => ++calls)).toBe(1);
    t = 3_600;
    expect(await shared('k', async () => ++calls)).toBe(2);
    await expect(shared('x', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await shared('x', async () => 7)).toBe(7);
  });
});
