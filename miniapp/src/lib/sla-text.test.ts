import { byUrgency, slaText } from './sla-text';

const NOW = Date.parse('2026-11-27T04:00:00Z');
const at = (h: number) => new Date(NOW + h * 3_600_000).toISOString();

describe('SLA words on the workbench', () => {
  it('counts down to signing while assigned, and to resolving once signed', () => {
    expect(slaText({ status: 'assigned', signBy: at(3.5), resolveBy: at(48) }, NOW)).toEqual({ text: '还剩3小时签收', late: false });
    expect(slaText({ status: 'accepted', signBy: at(-1), resolveBy: at(72) }, NOW)).toEqual({ text: '还剩3天办结', late: false });
  });

  it('says how late, in minutes, hours or days', () => {
    expect(slaText({ status: 'assigned', signBy: at(-0.25), resolveBy: at(5) }, NOW)).toEqual({ text: '签收已超时15分钟', late: true });
    expect(slaText({ status: 'accepted', signBy: null, resolveBy: at(-50) }, NOW)).toEqual({ text: '办结已超时2天', late: true });
    expect(slaText({ status: 'resolved', signBy: null, resolveBy: at(-50) }, NOW).text).toBe('');
  });

  it('puts late work first, then the nearest deadline, then the oldest', () => {
    const items = [
      { id: 'later', status: 'assigned' as const, signBy: at(5), resolveBy: at(50), createdAt: at(-1) },
      { id: 'late', status: 'accepted' as const, signBy: null, resolveBy: at(-1), createdAt: at(-30) },
      { id: 'soon', status: 'assigned' as const, signBy: at(1), resolveBy: at(50), createdAt: at(-2) },
    ];
    expect(byUrgency(items, NOW).map((i) => i.id)).toEqual(['late', 'soon', 'later']);
  });
});
