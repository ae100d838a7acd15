import { z } from 'zod';
import type { NotificationEvent } from './notifications';
import type { Role } from './roles';
import type { Status } from './statuses';

/** Actions taken on a report through `POST /reports/:id/actions` (and by jobs, as actor `system`). */
export const actions = [
  'assign',
  'reassign',
  'accept',
  'return',
  'report_up',
  'dispatch',
  'resolve',
  'verify',
  'instruct',
  'extend',
  'approve_extension',
  'reject_extension',
  'reopen',
  'close',
  'merge',
  'recategorize',
  'return_to_hotline',
  'urge',
  'supplement',
  'withdraw',
] as const;
export const actionSchema = z.enum(actions);
export type Action = z.infer<typeof actionSchema>;

/** Events that are not actions but are written on the timeline by the same rules. */
export const lifecycleEvents = ['submit', 'route', 'rate', 'escalate', 'supervise', 'transcribe', 'join'] as const;
export const timelineEvents = [...lifecycleEvents, ...actions] as const;
export type TimelineEvent = (typeof timelineEvents)[number];

/**
 * Who may take a step: the report's current assignee, any member of the unit holding it, anyone holding one of these
 * roles within their scope, the resident who filed it (`reporter`), or the system (jobs).
 */
export type Actor = 'assignee' | 'unit' | 'reporter' | Role | 'system';

/** What the request must carry. */
export type Need = 'note' | 'assignee' | 'unit' | 'dueAt' | 'result' | 'intoId' | 'category';

/**
 * What the step does to the SLA clock: `start` a new one from the category's deadlines, `stop` it (done), `clear` it
 * (nobody holds the report), `extend` it to a granted date, `keep` it as it is.
 */
export type ClockEffect = 'start' | 'stop' | 'clear' | 'extend' | 'keep';

/**
 * A precondition beyond the status. `hotline_order`: the report is a 12345 work order. `may_urge`: a deadline has
 * passed and the resident has not urged in the last day.
 */
export type Requires = 'pending_extension' | 'no_pending_extension' | 'hotline_order' | 'may_urge';

export interface Transition {
  from: readonly Status[];
  /** The status after; null when the step leaves it as it is, or a rule picks it (verify, rate, route). */
  to: Status | null;
  by: readonly Actor[];
  needs: readonly Need[];
  requires?: Requires;
  clock: ClockEffect;
  /** A new round: a new SLA clock and a new rating. */
  newRound: boolean;
  /** When closing, pass through 核查 (verifying) if the report's category requires it. */
  checked?: boolean;
  /** What the resident is pushed (in WeChat and 消息通知) when the step lands; null: nothing. */
  notifies: NotificationEvent | null;
  /** What staff are pushed, and who: the handler (assignee or unit) or the command centre of the report's street. */
  notifiesStaff?: { event: NotificationEvent; to: 'handler' | 'command' };
  /** The button. */
  label: string;
  /** The timeline's name for the step, in words a resident understands. */
  timeline: string;
  /** The note field's hint, when the step takes one. */
  notePrompt?: string;
}

const open: readonly Status[] = ['submitted', 'assigned', 'accepted'];
const held: readonly Status[] = ['assigned', 'accepted'];
const staffAction = { newRound: false, needs: [] as readonly Need[] };

/**
 * The lifecycle as data, written once: every step a report can take — staff actions, routing, rating, auto-close,
 * supervision, merging — with who may take it, from which statuses, what it does to the clock, whom it tells and what
 * the timeline says. The server decides every change from it (modules/reports/decide.ts); the mini-program and the
 * console show the buttons it allows and ask for what it needs.
 */
export const lifecycle: Record<TimelineEvent, Transition> = {
  submit: { ...staffAction, from: [], to: 'submitted', by: ['resident', 'grid_worker', 'grid_leader', 'dispatcher', 'admin', 'system'], clock: 'keep', notifies: null, label: '提交', timeline: '提交报事' },
  route: { ...staffAction, from: ['submitted'], to: null, by: ['system'], clock: 'start', notifies: 'assigned', label: '自动派单', timeline: '受理分派' },
  assign: { ...staffAction, from: ['submitted'], to: 'assigned', by: ['dispatcher', 'grid_leader', 'admin'], needs: ['assignee'], clock: 'start', notifies: 'assigned', notifiesStaff: { event: 'dispatched', to: 'handler' }, label: '派单', timeline: '派单', notePrompt: '派单说明（选填）' },
  reassign: { ...staffAction, from: held, to: 'assigned', by: ['dispatcher', 'grid_leader', 'admin'], needs: ['assignee'], clock: 'start', notifies: 'assigned', notifiesStaff: { event: 'dispatched', to: 'handler' }, label: '转派', timeline: '转派', notePrompt: '转派说明（选填）' },
  accept: { ...staffAction, from: ['assigned'], to: 'accepted', by: ['assignee', 'unit'], clock: 'keep', notifies: 'accepted', label: '签收', timeline: '签收' },
  return: { ...staffAction, from: held, to: 'submitted', by: ['assignee', 'unit'], needs: ['note'], clock: 'clear', notifies: null, notifiesStaff: { event: 'returned', to: 'command' }, label: '退单', timeline: '退回重新分派', notePrompt: '退单原因（必填），例如：不属于本网格' },
  report_up: { ...staffAction, from: held, to: 'submitted', by: ['assignee'], needs: ['note'], clock: 'clear', notifies: null, notifiesStaff: { event: 'returned', to: 'command' }, label: '上报', timeline: '上报指挥中心协调', notePrompt: '上报原因（必填），例如：需供电部门处理' },
  dispatch: { ...staffAction, from: open, to: 'assigned', by: ['dispatcher', 'admin'], needs: ['unit'], clock: 'start', notifies: 'assigned', notifiesStaff: { event: 'dispatched', to: 'handler' }, label: '派遣', timeline: '派遣承办单位', notePrompt: '派遣说明（选填）' },
  resolve: { ...staffAction, from: ['accepted'], to: 'resolved', by: ['assignee', 'unit'], needs: ['note'], clock: 'stop', notifies: 'resolved', label: '办结', timeline: '办结', notePrompt: '办理回复（必填），居民会看到' },
  verify: { ...staffAction, from: ['verifying'], to: null, by: ['dispatcher', 'admin'], needs: ['result', 'note'], clock: 'keep', notifies: null, label: '核查', timeline: '核查', notePrompt: '核查情况（必填），例如：电话回访，居民确认已修好' },
  instruct: { ...staffAction, from: [...open, 'resolved', 'verifying'], to: null, by: ['dispatcher', 'admin'], needs: ['note', 'dueAt'], clock: 'keep', notifies: null, notifiesStaff: { event: 'instructed', to: 'handler' }, label: '督办批示', timeline: '督办批示', notePrompt: '批示内容（必填），例如：请于3日内修复并回复居民' },
  extend: { ...staffAction, from: held, to: null, by: ['assignee', 'unit'], needs: ['note', 'dueAt'], requires: 'no_pending_extension', clock: 'keep', notifies: null, notifiesStaff: { event: 'extension', to: 'command' }, label: '申请延期', timeline: '申请延期', notePrompt: '延期原因（必填），例如：需等待配件' },
  // On a 12345 work order the hotline decides (as the system actor, through its API); the street cannot.
  approve_extension: { ...staffAction, from: held, to: null, by: ['grid_leader', 'dispatcher', 'admin', 'system'], requires: 'pending_extension', clock: 'extend', notifies: null, notifiesStaff: { event: 'extension', to: 'handler' }, label: '同意延期', timeline: '同意延期' },
  reject_extension: { ...staffAction, from: held, to: null, by: ['grid_leader', 'dispatcher', 'admin', 'system'], needs: ['note'], requires: 'pending_extension', clock: 'keep', notifies: null, notifiesStaff: { event: 'extension', to: 'handler' }, label: '不同意延期', timeline: '不同意延期', notePrompt: '不同意的理由（必填）' },
  reopen: { ...staffAction, from: ['resolved', 'verifying', 'closed'], to: 'assigned', by: ['dispatcher', 'grid_leader', 'admin'], clock: 'start', newRound: true, notifies: 'reopened', label: '重办', timeline: '重新办理', notePrompt: '重办要求（选填）' },
  close: { ...staffAction, from: ['resolved'], to: 'closed', by: ['dispatcher', 'admin', 'system'], clock: 'stop', checked: true, notifies: null, label: '归档', timeline: '归档' },
  // A duplicate is closed into its original; its residents follow the original from then on.
  merge: { ...staffAction, from: open, to: 'closed', by: ['assignee', 'grid_leader', 'dispatcher', 'admin'], needs: ['intoId'], clock: 'stop', notifies: null, label: '合并', timeline: '合并重复报事', notePrompt: '合并说明（选填）' },
  // Staff put it in the right (sub)category; the resident's words and the answer train the suggester next time.
  recategorize: { ...staffAction, from: open, to: null, by: ['assignee', 'unit', 'grid_leader', 'dispatcher', 'admin'], needs: ['category'], clock: 'keep', notifies: null, label: '调整类别', timeline: '调整类别', notePrompt: '调整原因（选填）' },
  // 退回: a 12345 work order that is not the street's to handle goes back to the hotline, with the reason.
  return_to_hotline: { ...staffAction, from: open, to: 'closed', by: ['dispatcher', 'admin'], needs: ['note'], requires: 'hotline_order', clock: 'stop', notifies: null, label: '退回12345', timeline: '退回12345热线', notePrompt: '退回原因（必填），例如：不属于本街道管辖' },
  // The resident's own steps on their report (12345 / 随手拍 practice): 催办 once a day after a deadline, 补充说明 while
  // it is open, 撤回 before anyone signed for it.
  urge: { ...staffAction, from: held, to: null, by: ['reporter'], requires: 'may_urge', clock: 'keep', notifies: null, notifiesStaff: { event: 'urged', to: 'handler' }, label: '催办', timeline: '居民催办', notePrompt: '想对承办人说的话（选填）' },
  supplement: { ...staffAction, from: open, to: null, by: ['reporter'], needs: ['note'], clock: 'keep', notifies: null, notifiesStaff: { event: 'supplemented', to: 'handler' }, label: '补充说明', timeline: '补充说明', notePrompt: '补充的情况（必填），可附照片' },
  withdraw: { ...staffAction, from: ['submitted', 'assigned'], to: 'closed', by: ['reporter'], clock: 'stop', notifies: null, notifiesStaff: { event: 'withdrawn', to: 'handler' }, label: '撤回', timeline: '居民撤回', notePrompt: '撤回原因（选填），例如：问题已自行解决' },
  rate: { ...staffAction, from: ['resolved'], to: null, by: ['resident'], clock: 'keep', checked: true, notifies: null, label: '评价', timeline: '居民评价' },
  escalate: { ...staffAction, from: [], to: null, by: ['system'], clock: 'keep', notifies: null, label: '升级', timeline: '升级督办' },
  supervise: { ...staffAction, from: [], to: null, by: ['system', 'grid_leader', 'dispatcher'], clock: 'keep', notifies: null, label: '督办', timeline: '督办' },
  transcribe: { ...staffAction, from: [], to: null, by: ['system'], clock: 'keep', notifies: null, label: '转写', timeline: '语音转写' },
  join: { ...staffAction, from: [], to: null, by: ['resident'], clock: 'keep', notifies: null, label: '我也遇到了', timeline: '我也遇到了' },
};

/** The staff actions, by name (the same rows). */
export const transitions: Record<Action, Transition> = lifecycle;

export const timelineEventNames = Object.fromEntries(timelineEvents.map((e) => [e, lifecycle[e].timeline])) as Record<TimelineEvent, string>;

/** 核查 results. */
export const verifyResults = ['pass', 'fail'] as const;
export type VerifyResult = (typeof verifyResults)[number];

export interface ActorContext {
  role: Role;
  /** True when this user is the report's current assignee. */
  isAssignee: boolean;
  /** True when this user is the resident who filed the report. */
  isReporter?: boolean;
  /** True when this user belongs to the unit holding the report. */
  inUnit?: boolean;
}

/** Whether this actor may ever take the action (scope is checked separately for role-based steps). */
export function mayTake(action: Action, actor: ActorContext): boolean {
  const { by } = transitions[action];
  return (actor.isAssignee && by.includes('assignee')) || (!!actor.inUnit && by.includes('unit')) || (!!actor.isReporter && by.includes('reporter')) || by.includes(actor.role);
}

/** Whether the actor takes it as the report's handler (assignee or unit) rather than by role within a scope. */
export function takesAsHandler(action: Action, actor: ActorContext): boolean {
  const { by } = transitions[action];
  return (actor.isAssignee && by.includes('assignee')) || (!!actor.inUnit && by.includes('unit')) || (!!actor.isReporter && by.includes('reporter'));
}

/** Whether the report's status allows the action right now. */
export function isLegalFrom(action: Action, status: Status): boolean {
  return transitions[action].from.includes(status);
}

/** What about the report, beyond its status, a step may require. */
export interface ReportState {
  extensionPending: boolean;
  hotlineOrder?: boolean;
  /** A deadline has passed and no 催办 in the last day. */
  mayUrge?: boolean;
}

/** Whether a precondition beyond the status holds. */
export function meetsRequirement(action: Action, state: ReportState): boolean {
  const r = transitions[action].requires;
  if (!r) return true;
  if (r === 'hotline_order') return !!state.hotlineOrder;
  if (r === 'may_urge') return !!state.mayUrge;
  return r === 'pending_extension' ? state.extensionPending : !state.extensionPending;
}

/** Extension decisions on a 12345 work order belong to the hotline. */
export function decidedByHotline(action: Action, state: ReportState): boolean {
  return !!state.hotlineOrder && (action === 'approve_extension' || action === 'reject_extension');
}

/** The actions this actor could take on a report in this status: what the UI shows as buttons. */
export function allowedActions(status: Status, actor: ActorContext, state: ReportState = { extensionPending: false }): Action[] {
  return actions.filter((a) => isLegalFrom(a, status) && mayTake(a, actor) && meetsRequirement(a, state) && !decidedByHotline(a, state));
}
