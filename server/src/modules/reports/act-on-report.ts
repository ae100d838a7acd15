import {
  isLegalFrom,
  mayTake,
  statusNames,
  transitions,
  type Action,
  type ReportActionInput,
  type ReportView,
  type Role,
  type Status,
} from '@linli/shared';
import type { UpdateQuery } from 'mongoose';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import type { ReportDoc } from './report.model';
import { canSee, inCommandScope } from './report-scope';
import type { Report } from './report-view';
import { addFollowers, bindMedia, guardedUpdate, loadReport, type TimelineEntry } from './report-writes';
import { describeReport } from './read-reports';
import { deadlinesFor } from './sla';

/** The actor as the timeline records them: role, name and the grid they belong to. */
export function timelineActor(user: User, gridName?: string): TimelineEntry['actor'] {
  return { role: user.role, userId: user._id, ...(user.name ? { name: user.name } : {}), ...(gridName ? { gridName } : {}) };
}

/** Who may act: residents never (404 if not theirs); staff need the role, the assignment or the grid scope (403). */
function authorize(user: User, report: Report, action: Action): void {
  if (user.role === 'resident') {
    if (!canSee(user, report)) throw new NotFoundError('report');
    throw new ForbiddenError('居民不能执行此操作');
  }
  const isAssignee = !!report.assigneeId && String(report.assigneeId) === String(user._id);
  if (!mayTake(action, { role: user.role as Role, isAssignee })) {
    throw new ForbiddenError(transitions[action].by.includes('assignee') ? '只有承办人可以执行此操作' : '您的角色不能执行此操作');
  }
  const byRole = !(isAssignee && transitions[action].by.includes('assignee'));
  if (byRole && !inCommandScope(user, report)) throw new ForbiddenError('该报事不在您负责的网格范围内');
}

/** A worker or leader whose grids cover the report. */
async function resolveAssignee(deps: ReportDeps, report: Report, assigneeId: string): Promise<User> {
  const assignee = await deps.users.findById(assigneeId);
  const fits =
    assignee &&
    ((assignee.role === 'grid_worker' && !!report.gridCode && assignee.gridCodes.includes(report.gridCode)) ||
      (assignee.role === 'grid_leader' && report.gridPath.some((c) => assignee.gridCodes.includes(c))));
  if (!assignee || !fits) throw new AppError(400, 'ASSIGNEE_INVALID', '只能派给该报事所在网格的网格员或网格长');
  return assignee;
}

/** The report a duplicate is merged into: another open one the actor may see. */
async function mergeTarget(deps: ReportDeps, user: User, report: Report, intoId: string | undefined): Promise<Report> {
  if (!intoId) throw new ValidationError([{ path: 'intoId', message: '请选择要合并到的原报事' }], '请选择要合并到的原报事');
  if (intoId === String(report._id)) throw new AppError(400, 'MERGE_INVALID', '不能合并到自己');
  const original = await loadReport(deps.models, intoId).catch(() => null);
  if (!original || !canSee(user, original)) throw new AppError(400, 'MERGE_INVALID', '找不到要合并到的原报事');
  if (original.status === 'closed') throw new ConflictError('原报事已归档，不能合并进去', 'MERGE_INVALID');
  return original;
}

/**
 * A staff action from the shared transition table: authorize (403) → check the status (409) →
 * check the input (400) → one guarded write with its timeline entry.
 */
export async function actOnReport(deps: ReportDeps, user: User, id: string, input: ReportActionInput, idempotencyKey?: string): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  // A queued action replayed after a weak-network failure: it already happened, so answer the report as it is now.
  const keyTag = idempotencyKey ? `${String(user._id)}:${idempotencyKey}` : null;
  if (keyTag && (report.actionKeys ?? []).includes(keyTag)) {
    if (!canSee(user, report)) throw new NotFoundError('report');
    return describeReport(deps, report, user);
  }
  const { action } = input;
  const t = transitions[action];
  authorize(user, report, action);
  if (!isLegalFrom(action, report.status as Status)) {
    throw new ConflictError(`报事当前为「${statusNames[report.status as Status]}」，不能${t.label}`, 'ILLEGAL_TRANSITION');
  }
  if (t.noteRequired && !input.note) throw new ValidationError([{ path: 'note', message: `${t.label}必须填写说明` }], `${t.label}必须填写说明`);
  if (t.assigneeRequired && !input.assigneeId) throw new ValidationError([{ path: 'assigneeId', message: '请选择承办人' }], '请选择承办人');
  await bindMedia(deps.media, user._id, report._id, { image: input.photoIds });

  const now = deps.clock();
  const category = await deps.categories.get(report.categoryCode);
  if (action === 'resolve' && category?.needsAfterPhoto && input.photoIds.length === 0) {
    throw new AppError(400, 'AFTER_PHOTO_REQUIRED', `「${category.name}」办结时须上传处置后照片`);
  }
  const gridName = report.gridCode ? (await deps.grids.current()).get(report.gridCode)?.name : undefined;
  const entry: TimelineEntry = {
    at: now,
    actor: timelineActor(user, gridName),
    action,
    from: report.status,
    to: t.to,
    ...(input.note ? { note: input.note } : {}),
    ...(input.photoIds.length ? { photoIds: input.photoIds } : {}),
  };
  const set: UpdateQuery<ReportDoc>['$set'] = { status: t.to };
  const update: UpdateQuery<ReportDoc> = { $set: set };
  if (input.photoIds.length) update.$addToSet = { mediaIds: { $each: input.photoIds } };
  if (keyTag) update.$push = { actionKeys: keyTag };

  switch (action) {
    case 'assign':
    case 'reassign':
    case 'reopen': {
      const assignee =
        action === 'reopen'
          ? report.assigneeId
            ? await deps.users.findById(String(report.assigneeId))
            : null
          : await resolveAssignee(deps, report, input.assigneeId!);
      if (action === 'reopen' && !assignee) {
        // The last handler is gone: back to the dispatcher's queue.
        Object.assign(set, { status: 'submitted', assigneeId: null, assigneeRole: null, signBy: null, resolveBy: null });
        entry.to = 'submitted';
      } else {
        const d = category ? await deadlinesFor(deps, now, category) : null;
        Object.assign(set, { assigneeId: assignee!._id, assigneeRole: assignee!.role, assignedAt: now, acceptedAt: null, signBy: d?.signBy ?? null, resolveBy: d?.resolveBy ?? null, supervisionLevel: 'none', supervisionStep: 0 });
        if (action !== 'reopen') entry.note = [input.note, `承办人：${assignee!.name ?? ''}`].filter(Boolean).join('；');
      }
      if (action === 'reopen') {
        Object.assign(set, { resolvedAt: null, closedAt: null });
        update.$inc = { round: 1 };
      }
      break;
    }
    case 'accept':
      set.acceptedAt = now;
      break;
    case 'return':
      Object.assign(set, { assigneeId: null, assigneeRole: null, assignedAt: null, acceptedAt: null, signBy: null, resolveBy: null });
      update.$inc = { returns: 1 };
      break;
    case 'resolve':
      Object.assign(set, { resolvedAt: now, lastReply: input.note });
      break;
    case 'close':
      set.closedAt = now;
      break;
  }
  if (action === 'merge') {
    const original = await mergeTarget(deps, user, report, input.intoId);
    Object.assign(set, { closedAt: now, mergedInto: original._id });
    entry.note = [`与报事 ${original.no} 重复，已合并；进展请看原报事`, input.note].filter(Boolean).join('；');
    // The original gains the duplicate's residents first (idempotent), so a crash cannot leave them following nothing.
    await addFollowers(deps, original._id, [report.residentId, ...(report.followerIds ?? [])], {
      at: now,
      actor: timelineActor(user, gridName),
      action: 'merge',
      from: null,
      to: null,
      note: `合并重复报事 ${report.no}`,
    });
  }
  const updated = await guardedUpdate(deps, report, update, [entry]);
  return describeReport(deps, updated, user);
}
