import { statuses } from './statuses';
import { actions, allowedActions, isLegalFrom, mayTake, transitions } from './transitions';

describe('the transition table', () => {
  it('names a target status that exists for every action, and only legal source statuses', () => {
    for (const a of actions) {
      expect(statuses).toContain(transitions[a].to);
      for (const from of transitions[a].from) expect(statuses).toContain(from);
    }
  });

  it('lets only the assignee sign, return and resolve', () => {
    for (const a of ['accept', 'return', 'resolve'] as const) {
      expect(mayTake(a, { role: 'grid_worker', isAssignee: true })).toBe(true);
      expect(mayTake(a, { role: 'grid_worker', isAssignee: false })).toBe(false);
      expect(mayTake(a, { role: 'dispatcher', isAssignee: false })).toBe(false);
    }
  });

  it('never lets a resident take a staff action', () => {
    for (const a of actions) expect(mayTake(a, { role: 'resident', isAssignee: false })).toBe(false);
  });

  it('shows an assignee 签收, 退单 and 合并 on a new report, and 退单, 办结 and 合并 once signed', () => {
    expect(allowedActions('assigned', { role: 'grid_worker', isAssignee: true })).toEqual(['accept', 'return', 'merge']);
    expect(allowedActions('accepted', { role: 'grid_worker', isAssignee: true })).toEqual(['return', 'resolve', 'merge']);
  });

  it('offers nothing on a closed report but 重办 to command staff', () => {
    expect(allowedActions('closed', { role: 'dispatcher', isAssignee: false })).toEqual(['reopen']);
    expect(allowedActions('closed', { role: 'grid_worker', isAssignee: true })).toEqual([]);
  });

  it('allows resolving only from accepted: a report must be signed for before it is done', () => {
    expect(statuses.filter((s) => isLegalFrom('resolve', s))).toEqual(['accepted']);
  });
});
