import { z } from 'zod';
import type { Role } from './roles';
import type { Status } from './statuses';

/** Actions staff take on a report through `POST /reports/:id/actions`. */
export const actions = ['assign', 'reassign', 'accept', 'return', 'resolve', 'reopen', 'close', 'merge'] as const;
export const actionSchema = z.enum(actions);
export type Action = z.infer<typeof actionSchema>;

/** Who may take an action: the report's current assignee, or anyone holding one of these roles (within scope). */
export type Actor = 'assignee' | Role | 'system';

export interface Transition {
  from: readonly Status[];
  to: Status;
  by: readonly Actor[];
  /** 退单 and 办结 must say why / what was done. */
  noteRequired: boolean;
  /** assign / reassign name the worker. */
  assigneeRequired: boolean;
  /** reopen starts a new round (new SLA clock, new rating). */
  newRound: boolean;
  label: string;
}

/** The lifecycle as data: the server enforces it, the mini-program shows the allowed buttons from it. */
export const transitions: Record<Action, Transition> = {
  assign: { from: ['submitted'], to: 'assigned', by: ['dispatcher', 'grid_leader', 'admin'], noteRequired: false, assigneeRequired: true, newRound: false, label: '派单' },
  reassign: { from: ['assigned', 'accepted'], to: 'assigned', by: ['dispatcher', 'grid_leader', 'admin'], noteRequired: false, assigneeRequired: true, newRound: false, label: '转派' },
  accept: { from: ['assigned'], to: 'accepted', by: ['assignee'], noteRequired: false, assigneeRequired: false, newRound: false, label: '签收' },
  return: { from: ['assigned', 'accepted'], to: 'submitted', by: ['assignee'], noteRequired: true, assigneeRequired: false, newRound: false, label: '退单' },
  resolve: { from: ['accepted'], to: 'resolved', by: ['assignee'], noteRequired: true, assigneeRequired: false, newRound: false, label: '办结' },
  reopen: { from: ['resolved', 'closed'], to: 'assigned', by: ['dispatcher', 'grid_leader', 'admin'], noteRequired: false, assigneeRequired: false, newRound: true, label: '重办' },
  close: { from: ['resolved'], to: 'closed', by: ['dispatcher', 'admin', 'system'], noteRequired: false, assigneeRequired: false, newRound: false, label: '归档' },
  // A duplicate is closed into its original; its residents follow the original from then on.
  merge: { from: ['submitted', 'assigned', 'accepted'], to: 'closed', by: ['assignee', 'grid_leader', 'dispatcher', 'admin'], noteRequired: false, assigneeRequired: false, newRound: false, label: '合并' },
};

/** Timeline entries also record events that are not staff actions. */
export const timelineEvents = ['submit', 'route', 'rate', 'escalate', 'supervise', 'transcribe', 'join', ...actions] as const;
export type TimelineEvent = (typeof timelineEvents)[number];

export const timelineEventNames: Record<TimelineEvent, string> = {
  submit: '提交报事',
  route: '自动派单',
  rate: '居民评价',
  escalate: '升级督办',
  supervise: '网格长督办',
  transcribe: '语音转写',
  join: '我也遇到了',
  merge: '合并重复报事',
  assign: '派单',
  reassign: '转派',
  accept: '签收',
  return: '退单',
  resolve: '办结',
  reopen: '重办',
  close: '归档',
};

export interface ActorContext {
  role: Role;
  /** True when this user is the report's current assignee. */
  isAssignee: boolean;
}

/** Whether this actor's role may ever take the action (scope is checked separately). */
export function mayTake(action: Action, actor: ActorContext): boolean {
  const { by } = transitions[action];
  return (actor.isAssignee && by.includes('assignee')) || by.includes(actor.role);
}

/** Whether the report's status allows the action right now. */
export function isLegalFrom(action: Action, status: Status): boolean {
  return transitions[action].from.includes(status);
}

/** The actions this actor could take on a report in this status: what the UI shows as buttons. */
export function allowedActions(status: Status, actor: ActorContext): Action[] {
  return actions.filter((a) => isLegalFrom(a, status) && mayTake(a, actor));
}
