import type { ReportView } from '@linli/shared';
import { readAloudText, reportSentence } from './sentences';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

function buildReport(overrides: Partial<ReportView> = {}): ReportView {
  return {
    id: 'r1',
    no: '20261127-0001',
    status: 'assigned',
    categoryCode: 'street_light',
    category: { code: 'street_light', name: '路灯照明', icon: 'light', group: 'part' },
    categorySource: 'resident',
    description: '楼下路灯不亮',
    location: { lng: 118.7, lat: 32.1 },
    photoIds: [],
    voiceIds: [],
    anonymous: false,
    channel: 'miniapp',
    gridCode: 'G1',
    grids: [{ code: 'G1', name: '顶山一网格', level: 'grid' }],
    specialty: 'urban',
    assignee: { role: 'grid_worker' },
    round: 1,
    escalationLevel: 0,
    signBy: null,
    resolveBy: null,
    overdue: false,
    allowedActions: [],
    canRate: false,
    ratings: [],
    timeline: [],
    createdAt: daysAgo(3),
    updatedAt: daysAgo(3),
    ...overrides,
  } as ReportView;
}

describe('report sentences for care mode', () => {
  it('says how long ago, what, and that a rating is owed', () => {
    expect(reportSentence(buildReport({ status: 'resolved', canRate: true }), NOW)).toBe('您3天前报的路灯照明问题，已办结，请评价');
  });

  it('says who has it while it is open, and that a reopened report is being done again', () => {
    expect(reportSentence(buildReport({ status: 'accepted' }), NOW)).toBe('您3天前报的路灯照明问题，网格员正在处理');
    expect(reportSentence(buildReport({ status: 'assigned', round: 2 }), NOW)).toBe('您3天前报的路灯照明问题，已派给网格员，等待签收（已重新办理）');
  });

  it('calls a report left to the dispatcher simply 问题', () => {
    expect(reportSentence(buildReport({ status: 'submitted', categoryCode: 'other', category: { code: 'other', name: '其他', icon: 'more', group: 'event' }, createdAt: new Date(NOW).toISOString() }), NOW)).toBe(
      '您刚刚报的问题，正在等待街道指挥中心分派',
    );
  });

  it('reads aloud the status, the words, who handles it and the latest step', () => {
    const text = readAloudText(
      buildReport({ status: 'resolved', canRate: true, transcript: '路灯不亮了', timeline: [{ at: daysAgo(1), actor: { role: 'grid_worker' }, action: 'resolve', from: 'accepted', to: 'resolved', note: '已更换灯泡' }] }),
      NOW,
    );

    expect(text).toContain('您3天前报的路灯照明问题，已办结，请评价。');
    expect(text).toContain('您说的是：路灯不亮了。');
    expect(text).toContain('负责的是顶山一网格的城市治理网格员。');
    expect(text).toMatch(/最新进展：\d\d-\d\d \d\d:\d\d，办结，已更换灯泡。$/);
  });
});
