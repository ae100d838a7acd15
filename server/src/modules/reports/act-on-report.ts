import { gridLevelNames, transitions, type Action, type ReportActionInput, type ReportView, type Role } from '@linli/shared';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import { staffNotices } from '../notifications/pending';
import { unitCovers } from '../units/units.repository';
import { decide, needsVerification, precheck, type Command } from './decide';
import { eligibleHandlers } from './candidates';
import { canSee, codesOf, commandLevelOf, inCommandScope } from './report-scope';
import type { Report } from './report-view';
import { addFollowers, bindMedia, guardedUpdate, loadReport, type TimelineEntry } from './report-writes';
import { describeReport } from './read-reports';
import { deadlinesFor } from './sla';
import { chooseCategoryOf } from './category-choice';

/** The actor as the timeline records them: role, name and the grid they belong to. */
export function timelineActor(user: User, gridName?: string): TimelineEntry['actor'] {
  return { role: user.role, userId: user._id, ...(user.name ? { name: user.name } : {}), ...(gridName ? { gridName } : {}) };
}

/** The reporter on the timeline: named unless they reported anonymously. */
function reporterEntry(user: User, report: Report): TimelineEntry['actor'] {
  return { role: 'resident', userId: user._id, ...(!report.anonymous && user.name ? { name: user.name } : {}) };
}

/** A worker or leader the report may be given to (the same rule the candidates list shows). */
async function resolveAssignee(deps: ReportDeps, report: Report, assigneeId: string): Promise<User> {
  const eligible = await eligibleHandlers(deps, report);
  const assignee = eligible.find((u) => String(u._id) === assigneeId);
  if (!assignee) throw new AppError(400, 'ASSIGNEE_INVALID', '只能派给该报事所在网格的网格员或网格长');
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

/** The unit a report is sent to: one that works where the report is. */
async function resolveUnit(deps: ReportDeps, report: Report, code: string): Promise<{ code: string; name: string }> {
  const unit = await deps.units.get(code);
  if (!unit || !unitCovers(unit, codesOf(report)).place) throw new AppError(400, 'UNIT_INVALID', '只能派遣给服务范围包含该报事位置的单位');
  return { code: unit._id, name: unit.name };
}

/** Staff told of a step (the table's notifiesStaff): the handler (assignee or unit members), or the command centre. */
async function staffToTell(deps: ReportDeps, before: Report, after: Report, action: Action): Promise<string[]> {
  const target = transitions[action].notifiesStaff?.to;
  if (!target) return [];
  if (target === 'command') return (await deps.users.commandCentreOf(codesOf(before))).map((u) => String(u._id));
  if (after.assigneeId) return [String(after.assigneeId)];
  return after.unitCode ? (await deps.users.membersOf(after.unitCode)).map((u) => String(u._id)) : [];
}

/**
 * A staff action from the shared lifecycle table: check who, the status and the input (403 → 409 → 400), look up what
 * the step needs, let `decide` work out the change, and write it with its timeline entries and notices.
 */
export async function actOnReport(deps: ReportDeps, user: User, id: string, input: ReportActionInput, idempotencyKey?: string): Promise<ReportView> {
  const report = await loadReport(deps.models, id);
  // A queued action replayed after a weak-network failure: it already happened, so answer the report as it is now.
  const keyTag = idempotencyKey ? `${String(user._id)}:${idempotencyKey}` : null;
  if (keyTag && (report.actionKeys ?? []).includes(keyTag)) {
    if (!canSee(user, report)) throw new NotFoundError('report');
    return describeReport(deps, report, user);
  }
  if (user.role === 'resident') {
    if (!canSee(user, report)) throw new NotFoundError('report');
    // A resident takes only the reporter's own steps (催办, 补充说明, 撤回), and only on the report they filed.
    if (!transitions[input.action].by.includes('reporter')) throw new ForbiddenError('居民不能执行此操作');
    if (String(report.residentId) !== String(user._id)) throw new ForbiddenError('只有报事人可以这样做', 'NOT_REPORTER');
  }
  const { action } = input;
  const now = deps.clock();
  const cmdInput = { ...input, dueAt: input.dueAt ? new Date(input.dueAt) : undefined };
  const actorBase = { id: user._id, role: user.role as Role, unitCode: user.unitCode ?? null, inScope: inCommandScope(user, report) };
  precheck(report, action, actorBase, cmdInput, now);
  await bindMedia(deps.media, user._id, report._id, { image: input.photoIds });

  const category = await deps.categories.get(report.categoryCode);
  const index = await deps.grids.current();
  const gridName = report.gridCode ? index.get(report.gridCode)?.name : undefined;
  const lastHandler = report.assigneeId ? await deps.users.findById(String(report.assigneeId)) : null;
  // A failed 核查 reopens the report, so it needs a fresh clock too.
  const startsClock = transitions[action].clock === 'start' || action === 'verify';
  const level = commandLevelOf(user, index);
  const command: Command = {
    action,
    actor: { ...actorBase, entry: user.role === 'resident' ? reporterEntry(user, report) : timelineActor(user, gridName), ...(level ? { level: gridLevelNames[level] } : {}) },
    input: cmdInput,
    now,
    assignee: action === 'assign' || action === 'reassign' ? await resolveAssignee(deps, report, input.assigneeId!) : lastHandler,
    unit: action === 'dispatch' ? await resolveUnit(deps, report, input.unitCode!) : null,
    into: action === 'merge' ? await mergeTarget(deps, user, report, input.intoId) : null,
    category: action === 'recategorize' ? await recategorizeTo(deps, input.categoryCode!, input.subcategoryCode) : null,
    deadlines: startsClock && category ? await deadlinesFor(deps, now, category, report) : null,
    afterPhotoRequired: category?.needsAfterPhoto ? category.name : null,
    verificationRequired: needsVerification(category),
  };
  const { update, entries } = decide(report, command);
  if (keyTag) update.$push = { actionKeys: keyTag };
  if (action === 'merge') {
    // The original gains the duplicate's residents first (idempotent), so a crash cannot leave them following nothing.
    await addFollowers(deps, command.into!._id, [report.residentId, ...(report.followerIds ?? [])], {
      at: now,
      actor: timelineActor(user, gridName),
      action: 'merge',
      from: null,
      to: null,
      note: `合并重复报事 ${report.no}`,
    });
  }
  // Staff notices are keyed to the step's entry; who is told depends on who holds the report after it.
  const notify = transitions[action].notifiesStaff;
  const preview = { ...report, ...(update.$set as Partial<Report>) } as Report;
  const staff = notify ? staffNotices(report, report.round, report.timeline.length, notify.event, (await staffToTell(deps, report, preview, action)).filter((u) => u !== String(user._id)), now) : [];
  const updated = await guardedUpdate(deps, report, update, entries, {}, staff);
  if (action === 'recategorize' && command.category!.code !== report.categoryCode) {
    // The resident's words with the answer staff gave: the suggester learns from it at its next training.
    const text = [report.description, report.transcript].filter(Boolean).join('。');
    await deps.categories.recordCorrection({ reportId: report._id, text, from: report.categoryCode, to: command.category!.code, byRole: user.role, at: now });
  }
  return describeReport(deps, updated, user);
}

async function recategorizeTo(deps: ReportDeps, code: string, subcategoryCode: string | undefined): Promise<Command['category']> {
  const { category, subcategory, urgent } = await chooseCategoryOf(deps.categories, code, subcategoryCode);
  return { code: category.code, name: category.name, specialty: category.specialty, subcategory: subcategory ? { code: subcategory.code, name: subcategory.name } : null, urgent };
}
