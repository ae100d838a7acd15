import { Types } from 'mongoose';
import { emergencyOf, gridLevelNames, voiceOnlyDescription, type Channel, type CreateReport, type ReportView } from '@linli/shared';
import { AppError } from '../../lib/errors';
import type { CounterModel } from '../../lib/counter.model';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import { nextReportNo } from './report-number';
import { bindMedia, insertReport, type TimelineEntry } from './report-writes';
import { chooseHandler } from './routing';
import { levelCodes } from './report-scope';
import { deadlinesFor } from './sla';
import { chooseCategoryOf } from './category-choice';
import type { HotlineOrder } from './report.types';
import { describeReport } from './read-reports';
import type { Report } from './report-view';

export type { Channel };

export interface SubmitInput extends Omit<CreateReport, 'location'> {
  location?: { lng?: number; lat?: number; address?: string };
  /** A call-back number given by phone or by an Open311 client; stored for staff, shown masked. */
  contactPhone?: string;
  /** A 12345 work order: the hotline's number, 诉求类型 and deadlines (modules/hotline). */
  hotline?: HotlineOrder & { signBy: Date };
}


/** The resident's choice, or the suggester's trusted guess from their words, or 其他 for the dispatcher. */
async function chooseCategory(deps: ReportDeps, input: SubmitInput, words: string): Promise<{ code: string; source: 'resident' | 'suggested'; note?: string }> {
  if (input.categoryCode) return { code: input.categoryCode, source: 'resident' };
  const { items, best, sure } = await deps.categories.suggest(words);
  const note =
    sure && items[0]
      ? `按描述自动归类为「${best.name}」（把握 ${Math.round(items[0].confidence * 100)}%）`
      : '未能自动归类，归入「其他」由街道指挥中心分派';
  return { code: best.code, source: 'suggested', note };
}

/** Who brought the report in, when it was not the resident in the mini-program. */
function intakeNote(channel: Channel, filedBy: User | undefined, hotline: SubmitInput['hotline']): string {
  if (hotline) return `12345热线转办，工单号 ${hotline.orderNo}（${hotline.appealType}）`;
  return filedBy ? `由${filedBy.name ?? '工作人员'}代为登记（${channel === 'phone' ? '电话' : '来访'}）` : '';
}

/** The order as the report keeps it: the 签收 deadline lives on the report's clock, not in the order. */
const orderOf = ({ signBy: _signBy, ...order }: NonNullable<SubmitInput['hotline']>): HotlineOrder => order;

/** The report a resident already filed with this Idempotency-Key, as its view: a retry is answered before any limit. */
export async function findRetry(deps: ReportDeps, resident: User, idempotencyKey: string): Promise<ReportView | null> {
  const first = await deps.models.Report.findOne({ residentId: resident._id, idempotencyKey: { $eq: idempotencyKey } }).lean<Report>();
  return first ? describeReport(deps, first, resident) : null;
}

/**
 * Intake: choose the category → locate the grid → choose the handler → attach the media → save the report with its
 * first timeline entries in one insert. The insert is also the idempotency check: a retry with the same key returns
 * the first report (docs/decisions.md).
 */
export async function submitReport(
  deps: ReportDeps,
  resident: User,
  input: SubmitInput,
  idempotencyKey: string,
  channel: Channel = 'miniapp',
  /** Staff who filed it for a resident who phoned or walked in: named on the first timeline entry. */
  filedBy?: User,
): Promise<{ report: ReportView; created: boolean }> {
  const { models } = deps;
  const reportId = new Types.ObjectId();
  const words = [input.description, input.transcript].filter(Boolean).join('。');
  const choice = await chooseCategory(deps, input, words);
  const { category, subcategory, urgent } = await chooseCategoryOf(deps.categories, choice.code, input.subcategoryCode);

  const { lng, lat } = input.location ?? {};
  const index = await deps.grids.current();
  // A position places the report; a resident who shared none named the grid.
  const chain = lng !== undefined && lat !== undefined ? index.locate(lng, lat) : input.gridCode ? index.chain(input.gridCode) : [];
  if (input.gridCode && lng === undefined && chain.length === 0) throw new AppError(400, 'GRID_UNKNOWN', '没有这个网格，请重新选择');
  const decision = await chooseHandler({ users: deps.users, units: deps.units, models }, chain, category);
  // Outside every grid: the command centre of the nearest top-level area takes it (the whole city's, in a city layout).
  const root = chain.length === 0 && lng !== undefined && lat !== undefined ? index.nearestRoot(lng, lat) : null;
  const held = !!decision.assignee || !!decision.unit;
  await bindMedia(deps.media, resident._id, reportId, { image: input.photoIds, audio: input.voiceIds });

  const now = deps.clock();
  const no = await nextReportNo(models.Counter as CounterModel, now);
  const timeline: TimelineEntry[] = [
    {
      at: now,
      actor: { role: 'resident', ...(input.anonymous ? {} : resident.name ? { name: resident.name } : {}) },
      action: 'submit',
      from: null,
      to: 'submitted',
      ...(choice.note || filedBy || input.hotline ? { note: [intakeNote(channel, filedBy, input.hotline), choice.note].filter(Boolean).join('；') } : {}),
    },
    {
      at: now,
      actor: { role: 'system' },
      action: 'route',
      from: 'submitted',
      to: held ? 'assigned' : 'submitted',
      note: chain.length ? decision.reason : `位置不在任何网格内，转${gridLevelNames[root?.level ?? 'street']}指挥中心分派`,
    },
  ];
  const deadlines = held ? await deadlinesFor(deps, now, category, { subcategoryCode: subcategory?.code, hotline: input.hotline }) : null;

  const { report, created } = await insertReport(deps, {
    _id: reportId,
    no,
    residentId: resident._id,
    idempotencyKey,
    channel,
    anonymous: input.anonymous,
    categoryCode: category.code,
    subcategoryCode: subcategory?.code ?? null,
    urgent: urgent || !!emergencyOf(words),
    ...(input.hotline ? { hotline: orderOf(input.hotline) } : {}),
    specialty: category.specialty,
    description: input.description || input.transcript || voiceOnlyDescription,
    categorySource: choice.source,
    ...(input.transcript ? { transcript: input.transcript } : {}),
    // Queued for the server's engine only when the client had no transcript and an engine exists.
    ...(deps.speech.enabled && input.voiceIds.length && !input.transcript ? { transcription: { state: 'pending', attempts: 0, leaseUntil: null } } : {}),
    location: input.location ?? {},
    ...(input.contactPhone ? { contactPhone: input.contactPhone } : {}),
    ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
    photoIds: input.photoIds,
    voiceIds: input.voiceIds,
    mediaIds: [...input.photoIds, ...input.voiceIds],
    gridCode: decision.grid?.code ?? null,
    gridPath: chain.map((g) => g.code).reverse(),
    ...levelCodes(chain.length ? chain : root ? [{ code: root.code, level: root.level }] : []),
    status: held ? 'assigned' : 'submitted',
    assigneeId: decision.assignee?._id ?? null,
    assigneeRole: decision.assignee?.role ?? null,
    unitCode: decision.unit?._id ?? null,
    assignedAt: held ? now : null,
    signBy: deadlines?.signBy ?? null,
    resolveBy: deadlines?.resolveBy ?? null,
    timeline,
  });
  if (created) deps.logger.info({ reportId: String(report._id), no, grid: decision.grid?.code, assignee: decision.assignee ? String(decision.assignee._id) : null }, 'report submitted');
  return { report: await describeReport(deps, report, resident), created };
}
