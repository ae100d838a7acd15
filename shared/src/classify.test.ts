import { bestCategory, normalizeUtterance, suggestCategories, suggestionThreshold } from './classify';

const catalogue = [
  { code: 'street_light', name: '路灯照明', keywords: ['路灯', '灯…不亮'] },
  { code: 'noise', name: '噪音扰民', keywords: ['吵', '广场舞'] },
  { code: 'other', name: '其他', keywords: [] },
];

describe('the category classifier', () => {
  it('ignores spaces, punctuation and full-width letters when matching', () => {
    expect(normalizeUtterance(' 路灯，不亮！ＫＴＶ ')).toBe('路灯不亮ktv');
  });

  it('matches a gap phrase across the words a resident puts in between', () => {
    const [top] = suggestCategories('楼下那盏灯晚上又不亮了', catalogue);

    expect(top).toMatchObject({ code: 'street_light', matched: ['灯…不亮'] });
  });

  it('ranks by evidence: more and longer phrases win, with confidences that add up to less than one', () => {
    const items = suggestCategories('广场舞太吵了，路灯也坏了', catalogue);

    expect(items.map((i) => i.code)).toEqual(['noise', 'street_light']);
    expect(items[0]!.confidence).toBeGreaterThan(items[1]!.confidence);
    expect(items.reduce((n, i) => n + i.confidence, 0)).toBeLessThan(1);
  });

  it('trusts a single clear phrase but falls back to 其他 when the evidence is split or missing', () => {
    expect(bestCategory(suggestCategories('楼上太吵', catalogue))).toBe('noise');
    const split = suggestCategories('路灯吵', [...catalogue, { code: 'public_lighting', name: '公共照明', keywords: ['路灯'] }]);

    expect(split[0]!.confidence).toBeLessThan(suggestionThreshold);
    expect(bestCategory(split)).toBe('other');
    expect(bestCategory([])).toBe('other');
  });

  it('answers nothing for empty or punctuation-only text', () => {
    expect(suggestCategories(' ，。 ', catalogue)).toEqual([]);
  });
});
