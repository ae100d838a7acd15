import { actionQueue, type QueuedAction } from './action-queue';
import type { KeyValueStore } from './storage';

function memoryStore(): KeyValueStore {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => (m.has(k) ? (m.get(k) as T) : null), set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) };
}
const queued = (key: string, action = 'accept'): QueuedAction => ({ reportId: 'r1', body: { action }, key, label: action, at: 0 });

describe('the offline action queue', () => {
  it('replays in order and empties itself when everything is sent', async () => {
    const q = actionQueue(memoryStore());
    q.add(queued('k1', 'accept'));
    q.add(queued('k2', 'resolve'));
    const order: string[] = [];

    const result = await q.replay(async (a) => (order.push(a.body.action), 'sent'));

    expect(order).toEqual(['accept', 'resolve']);
    expect(result).toMatchObject({ left: 0, refused: [] });
    expect(q.list()).toEqual([]);
  });

  it('stops at the first action that still finds no network, keeping it and the rest', async () => {
    const q = actionQueue(memoryStore());
    q.add(queued('k1'));
    q.add(queued('k2'));

    const result = await q.replay(async (a) => (a.key === 'k1' ? 'offline' : 'sent'));

    expect(result.left).toBe(2);
    expect(q.list().map((a) => a.key)).toEqual(['k1', 'k2']);
  });

  it('drops an action the server refuses for good and reports it, then goes on', async () => {
    const q = actionQueue(memoryStore());
    q.add(queued('k1'));
    q.add(queued('k2'));

    const result = await q.replay(async (a) => (a.key === 'k1' ? 'refused' : 'sent'));

    expect(result.refused.map((a) => a.key)).toEqual(['k1']);
    expect(result.sent.map((a) => a.key)).toEqual(['k2']);
    expect(q.list()).toEqual([]);
  });

  it('keeps one entry per key when the same action is queued twice', () => {
    const q = actionQueue(memoryStore());
    q.add(queued('k1'));
    q.add(queued('k1'));
    expect(q.list()).toHaveLength(1);
  });
});
