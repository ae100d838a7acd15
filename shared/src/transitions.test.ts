import { statuses } from './statuses';
import { actions, allowedActions, isLegalFrom, lifecycle, mayTake, timelineEvents, transitions } from './transitions';

describe('the lifecycle table', () => {
  it('names a target status that exists (or none, when the step keeps it or a rule picks it) and only legal source statuses', () => {
    for (const e of timelineEvents) {
      const t = lifecycle[e];
      if (t.to !== null) expect(statuses).toContain(t.to);
      for (const from of t.from) expect(statuses).toContain(from);
    }
  });

  it('has a row for every timeline event, each with a button label and a timeline sentence', () => {
    for (const e of timelineEvents) {
      expect(lifecycle[e].label.length).toBeGreaterThan(0);
      expect(lifecycle[e].timeline.length).toBeGreaterThan(0);
    }
  });

  it('asks for a note wherever it offers a note prompt that says 必填', () => {
    for (const a of actions) {
      const t = transitions[a];
      if (t.notePrompt?.includes('必填')) expect(t.needs).toContain('note');
    }
  });

  it('lets only the handler sign, return and resolve', () => {
    for (const a of ['accept', 'return', 'resolve'] as const) {
      expect(mayTake(a, { role: 'grid_worker', isAssignee: true })).toBe(true);
      expect(mayTake(a, { role: 'unit_handler', isAssignee: false, inUnit: true })).toBe(true);
      expect(mayTake(a, { role: 'grid_worker', isAssignee: false })).toBe(false);
      expect(mayTake(a, { role: 'unit_handler', isAssignee: false, inUnit: false })).toBe(false);
      expect(mayTake(a, { role: 'dispatcher', isAssignee: false })).toBe(false);
    }
  });

  it('lets only a grid assignee 上报, and only a command centre 派遣, 核查 and 批示', () => {
    expect(mayTake('report_up', { role: 'grid_worker', isAssignee: true })).toBe(true);
    expect(mayTake('report_up', { role: 'unit_handler', isAssignee: false, inUnit: true })).toBe(false);
    for (const a of ['dispatch', 'verify', 'instruct'] as const) {
      expect(mayTake(a, { role: 'dispatcher', isAssignee: false })).toBe(true);
      expect(mayTake(a, { role: 'grid_leader', isAssignee: false })).toBe(false);
      expect(mayTake(a, { role: 'grid_worker', isAssignee: true })).toBe(false);
    }
  });

  it('never lets a resident take a staff action', () => {
    for (const a of actions) expect(mayTake(a, { role: 'resident', isAssignee: false })).toBe(false);
  });

  it('shows an assignee 签收, 退单, 上报, 延期, 合并 and 调整类别 on a new report, and 办结 once signed', () => {
    expect(allowedActions('assigned', { role: 'grid_worker', isAssignee: true })).toEqual(['accept', 'return', 'report_up', 'extend', 'merge', 'recategorize']);
    expect(allowedActions('accepted', { role: 'grid_worker', isAssignee: true })).toEqual(['return', 'report_up', 'resolve', 'extend', 'merge', 'recategorize']);
  });

  it('offers 同意/不同意延期 only while an extension is pending, and no second request meanwhile', () => {
    const leader = { role: 'grid_leader' as const, isAssignee: false };
    expect(allowedActions('accepted', leader)).not.toContain('approve_extension');
    expect(allowedActions('accepted', leader, { extensionPending: true })).toEqual(expect.arrayContaining(['approve_extension', 'reject_extension']));
    expect(allowedActions('accepted', { role: 'grid_worker', isAssignee: true }, { extensionPending: true })).not.toContain('extend');
  });

  it('offers nothing on a closed report but 重办 to command staff', () => {
    expect(allowedActions('closed', { role: 'dispatcher', isAssignee: false })).toEqual(['reopen']);
    expect(allowedActions('closed', { role: 'grid_worker', isAssignee: true })).toEqual([]);
  });

  it('offers the command centre 核查, 批示 and 重办 on a report waiting for 核查', () => {
    expect(allowedActions('verifying', { role: 'dispatcher', isAssignee: false })).toEqual(['verify', 'instruct', 'reopen']);
  });

  it('allows resolving only from accepted: a report must be signed for before it is done', () => {
    expect(statuses.filter((s) => isLegalFrom('resolve', s))).toEqual(['accepted']);
  });
});
