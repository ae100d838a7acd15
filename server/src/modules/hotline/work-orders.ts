import { appealLimits, deadlineOf, hotlineSignLimit, satisfactionScores, wgs84ToGcj02, type VisitInput, type WorkOrderIn, type WorkOrderView } from '@linli/shared';
import { NotFoundError } from '../../lib/errors';
import type { ReportDeps } from '../reports/report-deps';
import { decide } from '../reports/decide';
import { rateReport } from '../reports/rate-report';
import type { Report } from '../reports/report-view';
import { guardedUpdate } from '../reports/report-writes';
import { submitReport } from '../reports/submit-report';
import type { User } from '../users/users.repository';
import { toWorkOrderView } from './work-order-view';

// A work order is filed as the hotline's client user with this key: its number finds it through the unique index.
const keyOf = (orderNo: string) => `hotline:${orderNo}`;

/** The hotline's order, or 404 (another client's orders do not exist for this one). */
export async function findOrder(deps: ReportDeps, client: User, orderNo: string): Promise<Report> {
  const report = await deps.models.Report.findOne({ residentId: client._id, idempotencyKey: { $eq: keyOf(orderNo) } }).lean<Report>();
  if (!report?.hotline) throw new NotFoundError('work order');
  return report;
}

/**
 * 转办: a 12345 work order becomes a report routed like a resident's — by position, else by the grid 12345 or the key
 * names — carrying the hotline's deadline (given, or by 诉求类型 on the working calendar) and 签收 due in two hours.
 * The same order sent again is the same report.
 */
export async function receiveWorkOrder(deps: ReportDeps, client: User, keyGridCode: string | null, order: WorkOrderIn): Promise<{ order: WorkOrderView; created: boolean }> {
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const acceptedAt = order.acceptedAt ? new Date(order.acceptedAt) : now;
  const deadline = order.deadline ? new Date(order.deadline) : deadlineOf(acceptedAt, appealLimits[order.appealType], calendar);
  const position = order.lat !== undefined && order.long !== undefined ? wgs84ToGcj02({ lat: order.lat, lng: order.long }) : null;
  const gridCode = position ? undefined : (order.gridCode ?? keyGridCode ?? undefined);
  const { created } = await submitReport(
    deps,
    client,
    {
      ...(order.categoryCode ? { categoryCode: order.categoryCode } : {}),
      description: order.content,
      ...(position || order.address ? { location: { ...(position ?? {}), ...(order.address ? { address: order.address } : {}) } } : {}),
      ...(gridCode ? { gridCode } : {}),
      photoIds: [],
      voiceIds: [],
      anonymous: false,
      ...(order.contactPhone ? { contactPhone: order.contactPhone } : {}),
      hotline: {
        orderNo: order.orderNo,
        appealType: order.appealType,
        acceptedAt,
        deadline,
        signBy: deadlineOf(now, hotlineSignLimit, calendar),
        ...(order.contactName ? { contactName: order.contactName } : {}),
        ...(order.address ? { address: order.address } : {}),
      },
    },
    keyOf(order.orderNo),
    'hotline',
  );
  return { order: toWorkOrderView(await findOrder(deps, client, order.orderNo)), created };
}

/** 12345 answers the street's 延期 request: the lifecycle's approve / reject, taken by the hotline as the system. */
export async function decideExtension(deps: ReportDeps, client: User, orderNo: string, input: { approved: boolean; note?: string }): Promise<WorkOrderView> {
  const report = await findOrder(deps, client, orderNo);
  const { update, entries } = decide(report, {
    action: input.approved ? 'approve_extension' : 'reject_extension',
    actor: { id: null, role: 'system', inScope: true, entry: { role: 'system', name: '12345热线' } },
    input: { note: input.note ?? (input.approved ? undefined : '12345热线不同意延期'), photoIds: [] },
    now: deps.clock(),
    deadlines: null,
    verificationRequired: false,
  });
  return toWorkOrderView(await guardedUpdate(deps, report, update, entries));
}

/** 回访 and 评价: the hotline called the citizen back; 不满意 reopens the order (重办) like a resident's low rating. */
export async function recordVisit(deps: ReportDeps, client: User, orderNo: string, input: VisitInput): Promise<WorkOrderView> {
  const report = await findOrder(deps, client, orderNo);
  await rateReport(deps, client, String(report._id), { score: satisfactionScores[input.satisfaction], comment: [`12345回访：${input.satisfaction}`, input.comment].filter(Boolean).join('，'), tags: [] });
  return toWorkOrderView(await findOrder(deps, client, orderNo));
}
