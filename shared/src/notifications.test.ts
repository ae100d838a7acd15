import { fitKeyword, templatesSchema } from './notifications';

describe('fitKeyword', () => {
  it('truncates a thing to 20 characters with an ellipsis, counting Chinese characters as one', () => {
    const long = '小区北门口的路灯已经连续三个晚上不亮了老人出门很不方便';

    const fitted = fitKeyword('thing', long);

    expect(Array.from(fitted)).toHaveLength(20);
    expect(fitted.endsWith('…')).toBe(true);
    expect(fitKeyword('thing', '路灯不亮')).toBe('路灯不亮');
  });

  it('keeps a phrase to 5 Chinese characters', () => {
    expect(fitKeyword('phrase', '已办结')).toBe('已办结');
    expect(fitKeyword('phrase', '网格员已签收处理')).toBe('网格员已签');
    expect(fitKeyword('phrase', 'ok!')).toBe('更新');
  });

  it('formats time as WeChat expects, in Beijing time', () => {
    expect(fitKeyword('time', new Date('2026-11-27T07:05:00Z'))).toBe('2026年11月27日 15:05');
    expect(fitKeyword('date', new Date('2026-11-27T20:00:00Z'))).toBe('2026年11月28日');
  });

  it('keeps character strings to 32 printable ASCII characters', () => {
    expect(fitKeyword('character_string', '20261127-0001 编号')).toBe('20261127-0001');
  });
});

describe('templatesSchema', () => {
  it('accepts a mapping from events to templates and rejects unknown keyword types', () => {
    const ok = templatesSchema.safeParse({ resolved: { templateId: 'T1', keywords: [{ key: 'thing1', type: 'thing', field: 'reply' }] } });
    const bad = templatesSchema.safeParse({ resolved: { templateId: 'T1', keywords: [{ key: 'thing1', type: 'emoji', field: 'reply' }] } });

    expect(ok.success).toBe(true);
    expect(bad.success).toBe(false);
  });
});
