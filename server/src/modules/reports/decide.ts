import {
  escalationNames,
  isLegalFrom,
  maxEscalationLevel,
  mayTake,
  meetsRequirement,
  decidedByHotline,
  ratingLabels,
  satisfiedThreshold,
  statusNames,
  takesAsHandler,
  transitions,
  type Action,
  type RatingInput,
  type Role,
  type ReportState,
  type Specialty,
  type Status,
  type VerifyResult,
} from '@linli/shared';
import type { Types, UpdateQuery } from 'mongoose';
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../../lib/errors';
import type { ReportDoc } from './report.model';
import type { Report } from './report-view';
import type { TimelineEntry } from './report.types';
import { isOverdue } from './sla';

/** Who is acting, as far as deciding needs to know. */
export interface CommandActor {
  id: Types.ObjectId | null;
  role: Role | 'system';
  unitCode?: string | null;
  /** Whether the report is within this actor's scope for role-based steps (the use case works it out). */
  inScope: boolean;
  /** How the timeline names them. */
  entry: TimelineEntry['actor'];
  /** instruct: whose 指挥中心 speaks (市 / 区 / 街道). */
  level?: string;
}

/** What the request carries, checked against the table's needs. */
export interface CommandInput {
  note?: string;
  photoIds: string[];
  dueAt?: Date;
  result?: VerifyResult;
  assigneeId?: string;
  unitCode?: string;
  intoId?: string;
  categoryCode?: string;
  subcategoryCode?: string;
}

/** A staff or system command, with everything the use case looked up for it (deciding does no I/O). */
export interface Command {
  action: Action;
  actor: CommandActor;
  input: CommandInput;
  now: Date;
  /** assign / reassign: the validated new assignee; reopen / verify: the last handler if still there. */
  assignee?: { _id: Types.ObjectId; role: string; name?: string | null } | null;
  /** dispatch: the validated unit. */
  unit?: { code: string; name: string } | null;
  /** merge: the original. */
  into?: { _id: Types.ObjectId; no: string } | null;
  /** recategorize: the validated new category (and 小类) with the handling specialty it brings. */
  category?: { code: string; name: string; specialty: Specialty; subcategory: { code: string; name: string } | null; urgent: boolean } | null;
  /** A new SLA clock from the category, for steps that start one. */
  deadlines: { signBy: Date | null; resolveBy: Date | null } | null;
  /** The category needs 办结 photos. */
  afterPhotoRequired?: string | null;
  /** Closing passes through 核查: the category asks for it. */
  verificationRequired: boolean;
}

export interface Decision {
  to: Status;
  update: UpdateQuery<ReportDoc>;
  entries: TimelineEntry[];
}

const fmtDate = (d: Date) => {
  const cn = new Date(d.getTime() + 8 * 3_600_000);
  return `${cn.getUTCMonth() + 1}月${cn.getUTCDate()}日${String(cn.getUTCHours()).padStart(2, '0')}:${String(cn.getUTCMinutes()).padStart(2, '0')}`;
};

const DAY = 86_400_000;

/** What about the report beyond its status the lifecycle table asks about, at `now`. */
export const reportState = (report: Pick<Report, 'extension' | 'hotline' | 'status' | 'signBy' | 'resolveBy' | 'lastUrgedAt'>, now: Date): ReportState => ({
  extensionPending: report.extension?.state === 'pending',
  hotlineOrder: !!report.hotline,
  // 催办: only after a deadline passed, and once a day.
  mayUrge: isOverdue(report, now) && (!report.lastUrgedAt || now.getTime() - new Date(report.lastUrgedAt).getTime() >= DAY),
});

/** Whether this actor is the report's assignee, or a member of the unit holding it. */
export function handlerOf(report: Pick<Report, 'assigneeId' | 'unitCode' | 'residentId'>, actor: Pick<CommandActor, 'id' | 'role' | 'unitCode'>) {
  const isAssignee = !!report.assigneeId && !!actor.id && String(report.assigneeId) === String(actor.id);
  const inUnit = actor.role === 'unit_handler' && !!report.unitCode && actor.unitCode === report.unitCode;
  const isReporter = actor.role === 'resident' && !!actor.id && String(report.residentId) === String(actor.id);
  return { isAssignee, inUnit, isReporter };
}

/**
 * The checks every command passes before anything is looked up, in the order the API promises: who may take it (403),
 * the status and preconditions (409), then what the request must carry (400).
 */
export function precheck(report: Report, action: Action, actor: Omit<CommandActor, 'entry'>, input: CommandInput, now: Date): void {
  const t = transitions[action];
  const ctx = { role: actor.role as Role, ...handlerOf(report, actor) };
  if (!(mayTake(action, ctx) || (actor.role === 'system' && t.by.includes('system')))) {
    throw new ForbiddenError(t.by.includes('assignee') || t.by.includes('unit') ? '只有承办人可以执行此操作' : '您的角色不能执行此操作');
  }
  if (!takesAsHandler(action, ctx) && actor.role !== 'system' && !actor.inScope) throw new ForbiddenError('该报事不在您负责的网格范围内');
  if (!isLegalFrom(action, report.status)) throw new ConflictError(`报事当前为「${statusNames[report.status]}」，不能${t.label}`, 'ILLEGAL_TRANSITION');
  const state = reportState(report, now);
  if (decidedByHotline(action, state) && actor.role !== 'system') throw new ConflictError('12345工单的延期由12345热线批复', 'HOTLINE_DECIDES');
  if (!meetsRequirement(action, state)) {
    if (t.requires === 'hotline_order') throw new ConflictError('只有12345工单可以退回12345', 'NOT_HOTLINE_ORDER');
    if (t.requires === 'may_urge') throw new ConflictError(isOverdue(report, now) ? '今天已经催办过了，明天可以再催' : '还没到办理时限，到期未办可以催办', 'URGE_NOT_YET');
    throw state.extensionPending ? new ConflictError('已有延期申请待批复', 'EXTENSION_PENDING') : new ConflictError('没有待批复的延期申请', 'NO_EXTENSION_PENDING');
  }
  const missing = (path: string, message: string) => new ValidationError([{ path, message }], message);
  for (const need of t.needs) {
    if (need === 'note' && !input.note) throw missing('note', `${t.label}必须填写说明`);
    if (need === 'assignee' && !input.assigneeId) throw missing('assigneeId', '请选择承办人');
    if (need === 'unit' && !input.unitCode) throw missing('unitCode', '请选择承办单位');
    if (need === 'intoId' && !input.intoId) throw missing('intoId', '请选择要合并到的原报事');
    if (need === 'result' && !input.result) throw missing('result', '请选择核查结果：通过或不通过');
    if (need === 'category' && !input.categoryCode) throw missing('categoryCode', '请选择类别');
    if (need === 'dueAt') {
      if (!input.dueAt) throw missing('dueAt', action === 'extend' ? '请选择延期后的办结时间' : '请选择办结时限');
      if (input.dueAt.getTime() <= now.getTime()) throw new AppError(400, 'DUE_INVALID', '时限必须晚于现在');
      if (action === 'extend' && report.resolveBy && input.dueAt.getTime() <= new Date(report.resolveBy).getTime()) {
        throw new AppError(400, 'DUE_INVALID', '延期后的时限必须晚于现在的办结时限');
      }
    }
  }
}

/** A fresh SLA clock held by someone: deadlines from the category, supervision and extension cleared. */
function startClock(cmd: Command): Partial<ReportDoc> {
  return {
    assignedAt: cmd.now,
    acceptedAt: null,
    signBy: cmd.deadlines?.signBy ?? null,
    resolveBy: cmd.deadlines?.resolveBy ?? null,
    supervisionLevel: 'none',
    supervisionStep: 0,
    extension: null,
  };
}

/** Nobody holds the report: back to a command centre's queue. */
const released: Partial<ReportDoc> = {
  assigneeId: null,
  assigneeRole: null,
  unitCode: null,
  assignedAt: null,
  acceptedAt: null,
  signBy: null,
  resolveBy: null,
  extension: null,
};

/** Hands the report back to its last handler (the assignee, else the unit) in a new round, or to the queue. */
function reopenTo(cmd: Command, report: Report): { to: Status; set: Partial<ReportDoc> } {
  if (cmd.assignee) return { to: 'assigned', set: { ...startClock(cmd), assigneeId: cmd.assignee._id, assigneeRole: cmd.assignee.role as Role, resolvedAt: null, closedAt: null } };
  if (report.unitCode) return { to: 'assigned', set: { ...startClock(cmd), assigneeId: null, assigneeRole: null, resolvedAt: null, closedAt: null } };
  return { to: 'submitted', set: { ...released, resolvedAt: null, closedAt: null } };
}

/**
 * The one place that decides what a command does to a report, from the shared lifecycle table: the new status, the
 * fields to write and the timeline entries. Pure — the use case looks things up before and writes after.
 */
export function decide(report: Report, cmd: Command): Decision {
  const { action, actor, input, now } = cmd;
  precheck(report, action, actor, input, now);
  const t = transitions[action];
  if (action === 'resolve' && cmd.afterPhotoRequired && input.photoIds.length === 0) {
    throw new AppError(400, 'AFTER_PHOTO_REQUIRED', `「${cmd.afterPhotoRequired}」办结时须上传处置后照片`);
  }
  const entry = (fields: Partial<TimelineEntry> = {}): TimelineEntry => ({
    at: now,
    actor: actor.entry,
    action,
    from: report.status,
    to: t.to ?? report.status,
    ...(input.note ? { note: input.note } : {}),
    ...(input.photoIds.length ? { photoIds: input.photoIds } : {}),
    ...fields,
  });
  const set: Partial<ReportDoc> = {};
  const update: UpdateQuery<ReportDoc> = { $set: set };
  const inc: Record<string, number> = {};
  let to: Status = t.to ?? report.status;
  const entries: TimelineEntry[] = [];
  const withNote = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('；');

  switch (action) {
    case 'assign':
    case 'reassign': {
      const a = cmd.assignee!;
      Object.assign(set, startClock(cmd), { assigneeId: a._id, assigneeRole: a.role as Role, unitCode: null });
      entries.push(entry({ note: withNote(input.note, `承办人：${a.name ?? ''}`) }));
      break;
    }
    case 'dispatch': {
      const u = cmd.unit!;
      Object.assign(set, startClock(cmd), { assigneeId: null, assigneeRole: null, unitCode: u.code });
      entries.push(entry({ note: withNote(`派遣至${u.name}`, input.note) }));
      break;
    }
    case 'accept': {
      set.acceptedAt = now;
      // A unit's member who signs for it becomes its handler.
      if (!report.assigneeId && actor.id) Object.assign(set, { assigneeId: actor.id, assigneeRole: actor.role as Role });
      entries.push(entry());
      break;
    }
    case 'return':
    case 'report_up':
      Object.assign(set, released);
      inc.returns = 1;
      entries.push(entry());
      break;
    case 'resolve':
      Object.assign(set, { resolvedAt: now, lastReply: input.note });
      entries.push(entry());
      break;
    case 'verify': {
      if (input.result === 'pass') {
        to = 'closed';
        set.closedAt = now;
        entries.push(entry({ to, note: `核查通过：${input.note}` }));
      } else {
        const back = reopenTo(cmd, report);
        to = back.to;
        Object.assign(set, back.set);
        inc.round = 1;
        inc.verifyFailures = 1;
        entries.push(entry({ to: null, note: `核查不合格：${input.note}` }));
        entries.push({ at: now, actor: { role: 'system' }, action: 'reopen', from: report.status, to, note: `核查不合格，第${report.round + 1}轮重办` });
      }
      break;
    }
    case 'instruct': {
      set.instruction = { level: actor.level ?? '指挥中心', note: input.note!, dueAt: input.dueAt!, at: now, ...(actor.id ? { byId: actor.id } : {}) };
      entries.push(entry({ from: null, to: null, note: `${actor.level ?? ''}指挥中心督办：${input.note}（请于${fmtDate(input.dueAt!)}前办结）` }));
      break;
    }
    case 'extend':
      set.extension = { state: 'pending', dueAt: input.dueAt!, reason: input.note!, at: now };
      entries.push(entry({ from: null, to: null, note: `申请延期至${fmtDate(input.dueAt!)}：${input.note}` }));
      break;
    case 'approve_extension': {
      const due = new Date(report.extension!.dueAt);
      Object.assign(set, { resolveBy: due, supervisionLevel: 'none', supervisionStep: 0, extension: { ...report.extension!, state: 'granted' } });
      // A 12345 order's deadline is the hotline's: granted, it is the new one (a later 转派 keeps it).
      if (report.hotline) set.hotline = { ...report.hotline, deadline: due };
      entries.push(entry({ from: null, to: null, note: withNote(`同意延期，办结时限改为${fmtDate(due)}`, input.note) }));
      break;
    }
    case 'reject_extension':
      set.extension = { ...report.extension!, state: 'refused' };
      entries.push(entry({ from: null, to: null, note: `不同意延期：${input.note}` }));
      break;
    case 'reopen': {
      const back = reopenTo(cmd, report);
      to = back.to;
      Object.assign(set, back.set);
      inc.round = 1;
      entries.push(entry({ to }));
      break;
    }
    case 'close':
      // Closing passes through 核查 where it is required.
      if (cmd.verificationRequired) {
        to = 'verifying';
        entries.push(entry({ to, note: withNote(input.note, '待指挥中心核查后归档') }));
      } else {
        set.closedAt = now;
        entries.push(entry());
      }
      break;
    case 'recategorize': {
      const c = cmd.category!;
      Object.assign(set, { categoryCode: c.code, subcategoryCode: c.subcategory?.code ?? null, specialty: c.specialty, categorySource: 'resident', ...(c.urgent ? { urgent: true } : {}) });
      entries.push(entry({ from: null, to: null, note: withNote(`类别调整为「${c.name}${c.subcategory ? `·${c.subcategory.name}` : ''}」`, input.note) }));
      break;
    }
    case 'urge':
      Object.assign(set, { lastUrgedAt: now });
      inc.urges = 1;
      entries.push(entry({ note: input.note ?? '居民催办，请尽快处理' }));
      break;
    case 'supplement':
      entries.push(entry());
      break;
    case 'withdraw':
      Object.assign(set, { closedAt: now, withdrawnAt: now });
      entries.push(entry({ note: withNote('居民撤回了这条报事', input.note) }));
      break;
    case 'return_to_hotline':
      Object.assign(set, { closedAt: now });
      entries.push(entry());
      break;
    case 'merge': {
      const original = cmd.into!;
      Object.assign(set, { closedAt: now, mergedInto: original._id });
      entries.push(entry({ note: withNote(`与报事 ${original.no} 重复，已合并；进展请看原报事`, input.note) }));
      break;
    }
  }
  set.status = to;
  if (Object.keys(inc).length) update.$inc = inc;
  if (input.photoIds.length) update.$addToSet = { mediaIds: { $each: input.photoIds } };
  return { to, update, entries };
}

/** The resident's rating of a resolved report, decided by the same rules: the rating row and the closing / reopening. */
export interface RatingCommand {
  input: RatingInput;
  now: Date;
  residentName?: string;
  /** The last handler, if still there, who gets the reopened report. */
  assignee: { _id: Types.ObjectId; role: string } | null;
  deadlines: { signBy: Date | null; resolveBy: Date | null } | null;
  verificationRequired: boolean;
  /** Who supervises a reopened report: the nearest grid leader, else the command centre. */
  supervisor: TimelineEntry['actor'] | null;
}

export function decideRating(report: Report, cmd: RatingCommand): Decision {
  const { input, now } = cmd;
  if (report.ratings.some((r) => r.round === report.round)) throw new ConflictError('本轮已评价过', 'ALREADY_RATED');
  if (report.status !== 'resolved') throw new ConflictError('报事办结后才能评价', 'NOT_RATABLE');
  const rating = { round: report.round, score: input.score, ...(input.comment ? { comment: input.comment } : {}), tags: input.tags, at: now };
  const satisfied = input.score >= satisfiedThreshold;
  const rateEntry = (to: Status): TimelineEntry => ({
    at: now,
    actor: { role: 'resident', ...(cmd.residentName ? { name: cmd.residentName } : {}) },
    action: 'rate',
    from: 'resolved',
    to,
    note: [`${input.score}分 ${ratingLabels[input.score as keyof typeof ratingLabels]}`, input.comment].filter(Boolean).join('：'),
  });
  if (satisfied) {
    const to: Status = cmd.verificationRequired ? 'verifying' : 'closed';
    const entries = [rateEntry(to)];
    if (to === 'verifying') entries.push({ at: now, actor: { role: 'system' }, action: 'close', from: 'resolved', to, note: '待指挥中心核查后归档' });
    return { to, update: { $set: { status: to, ...(to === 'closed' ? { closedAt: now } : {}) }, $push: { ratings: rating } }, entries };
  }

  const level = Math.min(report.escalationLevel + 1, maxEscalationLevel);
  const handlerStays = !!cmd.assignee || !!report.unitCode;
  const to: Status = handlerStays ? 'assigned' : 'submitted';
  const entries: TimelineEntry[] = [
    rateEntry(to),
    { at: now, actor: { role: 'system' }, action: 'reopen', from: 'resolved', to, note: `居民不满意，第${report.round + 1}轮重办` },
    { at: now, actor: { role: 'system' }, action: 'escalate', from: null, to: null, note: `升级至${escalationNames[level]}级督办` },
    {
      at: now,
      actor: cmd.supervisor ?? { role: 'dispatcher' },
      action: 'supervise',
      from: null,
      to: null,
      note: cmd.supervisor?.role === 'grid_leader' ? '网格长督办重办' : '街道指挥中心督办重办',
    },
  ];
  return {
    to,
    update: {
      $set: {
        status: to,
        escalationLevel: level,
        resolvedAt: null,
        acceptedAt: null,
        assignedAt: handlerStays ? now : null,
        signBy: handlerStays ? (cmd.deadlines?.signBy ?? null) : null,
        resolveBy: handlerStays ? (cmd.deadlines?.resolveBy ?? null) : null,
        supervisionLevel: 'none',
        supervisionStep: 0,
        extension: null,
        ...(handlerStays ? {} : { unitCode: null, assigneeId: null, assigneeRole: null }),
      },
      $inc: { round: 1 },
      $push: { ratings: rating },
    },
    entries,
  };
}

/**
 * Whether closing this report must pass through 核查: its category asks for it (the city's 结案 rule for 井盖, 消防…).
 * An unsatisfied rating needs no 核查 to act: it reopens the report at once and puts it on the next level's desk.
 */
export const needsVerification = (category: { needsVerification?: boolean } | null | undefined) => !!category?.needsVerification;
