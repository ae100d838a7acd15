import { draftStore, emptyDraft, hasContent, type Draft } from './draft';
import type { KeyValueStore } from './storage';

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T,>(k: string) => (data.has(k) ? (structuredClone(data.get(k)) as T) : null),
    set: (k, v) => data.set(k, structuredClone(v)),
    remove: (k) => data.delete(k),
  };
}

describe('draftStore', () => {
  it('offers back what was typed, with the same idempotency key', () => {
    const store = memoryStore();
    const drafts = draftStore(store);
    const d: Draft = { ...emptyDraft(), categoryCode: 'noise', description: '楼上太吵' };

    drafts.save(d);
    const restored = drafts.load();

    expect(restored).toMatchObject({ categoryCode: 'noise', description: '楼上太吵', idempotencyKey: d.idempotencyKey });
  });

  it('keeps uploaded photos and drops ones that only existed on the device', () => {
    const drafts = draftStore(memoryStore());
    drafts.save({ ...emptyDraft(), description: 'x', photos: [{ mediaId: 'a'.repeat(24) }, { localPath: 'blob:gone' }] });

    expect(drafts.load()!.photos).toEqual([{ mediaId: 'a'.repeat(24) }]);
  });

  it('does not save an empty form, and forgets drafts older than two weeks', () => {
    let now = 1_000_000;
    const store = memoryStore();
    const drafts = draftStore(store, () => now);

    drafts.save(emptyDraft(now));
    expect(store.data.size).toBe(0);
    drafts.save({ ...emptyDraft(now), description: '路灯坏了' });
    now += 15 * 86_400_000;

    expect(drafts.load()).toBeNull();
  });

  it('is cleared after a successful submission', () => {
    const drafts = draftStore(memoryStore());
    drafts.save({ ...emptyDraft(), description: '已提交' });

    drafts.clear();

    expect(drafts.load()).toBeNull();
  });
});

describe('hasContent', () => {
  it('counts a chosen category, some text or an uploaded photo', () => {
    expect(hasContent(null)).toBe(false);
    expect(hasContent(emptyDraft())).toBe(false);
    expect(hasContent({ ...emptyDraft(), description: '  ' })).toBe(false);
    expect(hasContent({ ...emptyDraft(), categoryCode: 'noise' })).toBe(true);
  });
});
