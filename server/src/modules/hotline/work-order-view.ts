import { hotlineStateOf, hotlineStepNames, type WorkOrderView } from '@linli/shared';
import type { Report } from '../reports/report-view';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A report that answers a 12345 work order, as the hotline reads it: its chain in 12345's words. */
export function toWorkOrderView(report: Report): WorkOrderView {
  const order = report.hotline!;
  const returned = [...report.timeline].reverse().find((t) => t.action === 'return_to_hotline');
  const rating = report.ratings.find((r) => r.round === report.round) ?? report.ratings.at(-1);
  return {
    orderNo: order.orderNo,
    reportNo: report.no,
    appealType: order.appealType,
    state: hotlineStateOf(report.status, !!returned),
    deadline: returned ? null : iso(report.resolveBy ?? order.deadline),
    signedAt: iso(report.acceptedAt),
    reply: report.lastReply ?? null,
    returned: returned ? { reason: returned.note ?? '', at: new Date(returned.at).toISOString() } : null,
    extension: report.extension ? { state: report.extension.state, dueAt: new Date(report.extension.dueAt).toISOString(), reason: report.extension.reason } : null,
    satisfaction: rating ? { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}), at: new Date(rating.at).toISOString() } : null,
    // Only the steps 12345 tracks; a 交办 that left the report in the queue is no 交办.
    steps: report.timeline
      .filter((t) => hotlineStepNames[t.action] && !(t.action === 'route' && t.to === 'submitted'))
      .map((t) => ({ at: new Date(t.at).toISOString(), step: hotlineStepNames[t.action]!, ...(t.note ? { note: t.note } : {}) })),
  };
}
