import {
  allowedActions,
  lifecycle,
  takesAsHandler,
  type Action,
  type Category,
  type GridSummary,
  type ReportView,
  type Role,
  type Specialty,
  type Status,
  type TimelineEntryView,
  type UnitKind,
} from '@linli/shared';
import { handlerOf, needsVerification, reportState } from './decide';
import type { User } from '../users/users.repository';
import type { ReportRecord } from './report.types';
import { inCommandScope } from './report-scope';
import { isOverdue } from './sla';
import { maskPhone } from '../privacy/phone';

export type Report = ReportRecord;

export interface ViewLookups {
  category?: Pick<Category, 'code' | 'name' | 'icon' | 'group' | 'subcategories'> & { needsVerification?: boolean };
  unit?: { code: string; name: string; kind: UnitKind } | null;
  grids: GridSummary[];
  assignee?: Pick<User, '_id' | 'role' | 'name'> | null;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** What this viewer may do to the report now: the shared table, narrowed by scope. */
export function actionsFor(viewer: User, report: Report, now: Date = new Date()): Action[] {
  const who = { role: viewer.role as Role, ...handlerOf(report, { id: viewer._id, role: viewer.role as Role, unitCode: viewer.unitCode ?? null }) };
  const inScope = inCommandScope(viewer, report);
  return allowedActions(report.status, who, reportState(report, now)).filter((a) => takesAsHandler(a, who) || inScope);
}

/** Whether the viewer is the report's resident and owes it a rating for this round (a follower never decides it). */
export function canRate(viewer: User, report: Report): boolean {
  return (
    String(report.residentId) === String(viewer._id) &&
    report.status === 'resolved' &&
    !report.ratings.some((r) => r.round === report.round)
  );
}

const locationOf = (report: Report): ReportView['location'] => ({
  ...(report.location?.lng !== undefined && report.location?.lng !== null ? { lng: report.location.lng } : {}),
  ...(report.location?.lat !== undefined && report.location?.lat !== null ? { lat: report.location.lat } : {}),
  ...(report.location?.address ? { address: report.location.address } : {}),
});

/** The API view of a report. Residents see staff by role and grid only — never names or phone numbers. */
function subcategoryOf(category: ViewLookups['category'], code: string | null | undefined): ReportView['subcategory'] {
  const sub = code ? category?.subcategories.find((s) => s.code === code) : undefined;
  return sub ? { code: sub.code, name: sub.name, standard: sub.standard } : null;
}

export function toReportView(report: Report, viewer: User, lookups: ViewLookups, now: Date): ReportView {
  const staffView = viewer.role !== 'resident';
  // A resident who joined (我也遇到了) sees the category and its handling: not who reported it, where, in what words,
  // with which photos or voice, nor how they rated it — the reported must never find the reporter (docs/privacy.md).
  const owner = staffView || String(report.residentId) === String(viewer._id);
  // A rating's note carries the reporter's own words.
  const residentsWords = (t: Report['timeline'][number]) => (t.action === 'rate' || lifecycle[t.action].by.includes('reporter')) && !owner;
  const timeline: TimelineEntryView[] = report.timeline.map((t) => ({
    at: new Date(t.at).toISOString(),
    actor: {
      role: t.actor.role as TimelineEntryView['actor']['role'],
      ...(t.actor.name && (staffView || (t.actor.role === 'resident' && owner)) ? { name: t.actor.name } : {}),
      ...(t.actor.gridName ? { gridName: t.actor.gridName } : {}),
    },
    action: t.action as TimelineEntryView['action'],
    from: (t.from as Status | null) ?? null,
    to: (t.to as Status | null) ?? null,
    ...(t.note && !residentsWords(t) ? { note: t.note } : {}),
    ...(t.photoIds?.length && owner ? { photoIds: t.photoIds } : {}),
  }));
  const assignee = lookups.assignee
    ? {
        ...(staffView ? { id: String(lookups.assignee._id) } : {}),
        role: lookups.assignee.role as Role,
        ...(staffView && lookups.assignee.name ? { name: lookups.assignee.name } : {}),
      }
    : null;
  return {
    id: String(report._id),
    no: report.no,
    status: report.status as Status,
    categoryCode: report.categoryCode,
    subcategory: subcategoryOf(lookups.category, report.subcategoryCode),
    urgent: report.urgent ?? false,
    hotline: report.hotline ? { orderNo: report.hotline.orderNo, appealType: report.hotline.appealType, deadline: iso(report.resolveBy) } : null,
    ...(lookups.category ? { category: { code: lookups.category.code, name: lookups.category.name, icon: lookups.category.icon, group: lookups.category.group } } : {}),
    description: owner ? report.description : '',
    categorySource: report.categorySource ?? 'resident',
    ...(report.transcript && owner ? { transcript: report.transcript } : {}),
    location: owner ? locationOf(report) : {},
    photoIds: owner ? report.photoIds : [],
    voiceIds: owner ? report.voiceIds : [],
    anonymous: report.anonymous,
    channel: report.channel as ReportView['channel'],
    gridCode: report.gridCode ?? null,
    grids: lookups.grids,
    specialty: report.specialty as Specialty,
    assignee,
    round: report.round,
    escalationLevel: report.escalationLevel,
    signBy: iso(report.signBy),
    resolveBy: iso(report.resolveBy),
    overdue: isOverdue(report, now),
    followers: report.followerIds?.length ?? 0,
    urges: report.urges ?? 0,
    joined: (report.followerIds ?? []).some((f) => String(f) === String(viewer._id)),
    mergedInto: report.mergedInto ? String(report.mergedInto) : null,
    supervision: { level: report.supervisionLevel ?? 'none', step: report.supervisionStep ?? 0 },
    unit: lookups.unit ?? null,
    instruction: report.instruction
      ? { level: report.instruction.level, note: report.instruction.note, dueAt: new Date(report.instruction.dueAt).toISOString(), at: new Date(report.instruction.at).toISOString() }
      : null,
    extension: report.extension
      ? { state: report.extension.state, dueAt: new Date(report.extension.dueAt).toISOString(), reason: staffView ? report.extension.reason : '', at: new Date(report.extension.at).toISOString() }
      : null,
    verification: needsVerification(lookups.category) ? 'required' : 'none',
    allowedActions: actionsFor(viewer, report, now),
    canRate: canRate(viewer, report),
    ratings: report.ratings.map((r) => ({ round: r.round, score: r.score, ...(r.comment && owner ? { comment: r.comment } : {}), tags: owner ? r.tags : [], at: new Date(r.at).toISOString() })),
    ...(staffView && report.contactPhone ? { contactPhone: maskPhone(report.contactPhone) } : {}),
    onBehalfOf: owner && report.onBehalfOf ? { name: report.onBehalfOf.name, ...(report.onBehalfOf.relation ? { relation: report.onBehalfOf.relation } : {}) } : null,
    feedback: staffView ? (report.feedback ?? []).map((f) => ({ ...(f.score ? { score: f.score } : {}), comment: f.comment, at: new Date(f.at).toISOString() })) : [],
    timeline,
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  };
}
