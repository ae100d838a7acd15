import { watermarkLayout, watermarkLines } from './watermark';

describe('the evidence photo watermark', () => {
  it('says when in Beijing time, where, and who for which report', () => {
    const lines = watermarkLines({ at: new Date('2026-11-28T16:05:30Z'), position: { lng: 118.665, lat: 32.09 }, place: '顶山街道·一网格', who: '网格员 张三', reportNo: 'LL20261128001' });

    expect(lines).toEqual(['2026-11-29 00:05 星期日', '顶山街道·一网格', '118.66500E, 32.09000N', '网格员 张三 · 报事 LL20261128001']);
  });

  it('says there was no position rather than leaving it out', () => {
    const lines = watermarkLines({ at: new Date('2026-11-28T02:00:00Z'), position: null, place: '顶山街道', who: '网格员 张三', reportNo: null });

    expect(lines[2]).toBe('未获取到定位');
    expect(lines[3]).toBe('网格员 张三');
  });

  it('keeps the band readable on a small photo and under a fifth of a large one', () => {
    expect(watermarkLayout(320, 240, 4).font).toBeGreaterThanOrEqual(14);
    const big = watermarkLayout(1600, 1200, 4);
    expect(big.band).toBeLessThan(1200 / 4);
  });
});
