import { randomUUID } from 'node:crypto';
import { defaultWorkCalendar, shareUsed, statusGroups, type SlaClock, type WorkCalendar } from '@linli/shared';
import { clockFor } from '../modules/reports/sla';
import { acquireLease } from '../lib/job-lease';
import type { ReportDeps } from '../modules/reports/report-deps';
import type { Report } from '../modules/reports/report-view';
import { guardedUpdate, type TimelineEntry } from '../modules/reports/report-writes';
import { staffNotices } from '../modules/notifications/pending';
import { codesOf } from '../modules/reports/report-scope';

type Deps = Pick<ReportDeps, 'models' | 'users' | 'categories' | 'grids' | 'calendar' | 'clock' | 'logger'>;
type Level = 'none' | 'yellow' | 'red';

export interface SuperviseOptions {
  /** Share of the allowed time after which a report turns yellow. */
  yellowAt: number;
  /** A red report climbs one level for every this many hours it stays late. */
  escalateEveryHours: number;
  /** Identifies this instance's hold on the job lease. */
  owner: string;
  leaseMs: number;
}

export const defaultSuperviseOptions: SuperviseOptions = { yellowAt: 0.8, escalateEveryHours: 24, owner: randomUUID(), leaseMs: 60_000 };

// Where a red report goes, step by step: the grid's leader, the community's, the area's, then the street's dispatcher.
const stepNames = ['', '网格长', '社区', '片区', '街道指挥中心'] as const;
const rank: Record<Level, number> = { none: 0, yellow: 1, red: 2 };

/** How far through its time a report is, for whichever deadline is nearer to being missed. */
function assess(r: Report, now: Date, clock: SlaClock, cal: WorkCalendar, opts: SuperviseOptions) {
  const from = r.assignedAt ?? r.createdAt;
  const phases: { phase: '签收' | '办结' | '批示'; share: number; due: Date }[] = [];
  if (r.status === 'assigned' && r.signBy) phases.push({ phase: '签收', share: shareUsed(from, r.signBy, now, clock, cal), due: r.signBy });
  if (r.resolveBy) phases.push({ phase: '办结', share: shareUsed(from, r.resolveBy, now, clock, cal), due: r.resolveBy });
  // A 督办批示's deadline bites like the report's own (an instruction given before this assignment still counts from it).
  if (r.instruction?.dueAt) {
    const given = new Date(Math.max(new Date(r.instruction.at).getTime(), from.getTime()));
    phases.push({ phase: '批示', share: shareUsed(given, new Date(r.instruction.dueAt), now, clock, cal), due: new Date(r.instruction.dueAt) });
  }
  const worst = phases.sort((a, b) => b.share - a.share)[0];
  if (!worst) return { level: 'none' as Level, step: 0, worst };
  const level: Level = worst.share >= 1 ? 'red' : worst.share >= opts.yellowAt ? 'yellow' : 'none';
  // Catching up after downtime: the step follows from how long it has been late, not from how many runs saw it.
  const lateHours = (now.getTime() - worst.due.getTime()) / 3_600_000;
  const step = level === 'red' ? Math.min(4, 1 + Math.floor(Math.max(0, lateHours) / opts.escalateEveryHours)) : 0;
  return { level, step, worst };
}

/** Who is told at a step: the assignee always, and the leaders of the level reached (dispatchers at the top). */
async function recipients(deps: Deps, r: Report, step: number): Promise<string[]> {
  const ids = r.assigneeId ? [String(r.assigneeId)] : r.unitCode ? (await deps.users.membersOf(r.unitCode)).map((u) => String(u._id)) : [];
  const chain = r.gridCode ? (await deps.grids.current()).chain(r.gridCode) : [];
  // Yellow goes to the grid's leader; red step n to the leaders n−1 levels up — the nearest ones above if that level
  // has none; the street's dispatchers at the top or when no leader is found.
  for (const g of step >= 4 ? [] : chain.slice(Math.max(0, step - 1))) {
    const leaders = await deps.users.leadersOf([g.code]);
    if (leaders.length) return [...ids, ...leaders.map((l) => String(l._id))];
  }
  // The command centre above the report — its street's, else the nearest level up that has one.
  const centre = await deps.users.commandCentreOf(codesOf(r));
  return [...ids, ...centre.map((d) => String(d._id))];
}

/**
 * One supervision pass (督办): marks open reports yellow when most of their time is used and red when late, and
 * escalates red ones a level up for every period they stay late — each change a timeline entry plus notices to the
 * assignee and the leaders (through the outbox). Runs only under the job lease; each report's change is a
 * conditional write on its supervision state, so two runners can never both escalate the same step.
 */
export async function superviseOnce(deps: Deps, options: Partial<SuperviseOptions> = {}): Promise<{ ran: boolean; changed: number }> {
  const opts = { ...defaultSuperviseOptions, ...options };
  const now = deps.clock();
  if (!(await acquireLease(deps.models.JobLease, 'supervise', opts.owner, now, opts.leaseMs))) return { ran: false, changed: 0 };
  const open = await deps.models.Report.find({ status: { $in: [...statusGroups.held] } }).lean<Report[]>();
  const cal = await deps.calendar.get();
  const categories = new Map((await deps.categories.list(true)).map((c) => [c.code, c]));
  let changed = 0;
  for (const r of open) {
    const clock = clockFor(categories.get(r.categoryCode), r);
    const { level, step, worst } = assess(r, now, clock, clock === 'working' ? cal : defaultWorkCalendar, opts);
    const currentLevel = (r.supervisionLevel ?? 'none') as Level;
    const currentStep = r.supervisionStep ?? 0;
    if (!worst || (rank[level] <= rank[currentLevel] && step <= currentStep)) continue;

    const entries: TimelineEntry[] = [];
    if (rank[level] > rank[currentLevel]) {
      entries.push({
        at: now,
        actor: { role: 'system' },
        action: 'supervise',
        from: null,
        to: null,
        note: level === 'red' ? `红牌督办：已超过${worst.phase}时限` : `黄牌预警：${worst.phase}时限已用${Math.round(worst.share * 100)}%`,
      });
    }
    for (let s = currentStep + 1; s <= step; s++) {
      entries.push({ at: now, actor: { role: 'system' }, action: 'escalate', from: null, to: null, note: `超时升级至${stepNames[s]}督办` });
    }
    const notices = staffNotices(r, r.round, r.timeline.length, 'overdue', await recipients(deps, r, Math.max(step, 1)), now);
    try {
      await guardedUpdate(
        deps,
        r,
        { $set: { supervisionLevel: level, supervisionStep: step } },
        entries,
        { supervisionLevel: currentLevel === 'none' ? { $in: ['none', null] } : currentLevel, supervisionStep: currentStep === 0 ? { $in: [0, null] } : currentStep },
        notices,
      );
      changed += 1;
    } catch (err) {
      // The worker acted, or another runner marked it first: the next pass sees the new state.
      if ((err as { code?: string }).code !== 'REPORT_CHANGED') deps.logger.error({ err, reportId: String(r._id) }, 'supervision failed');
    }
  }
  if (changed) deps.logger.info({ changed }, 'supervision pass');
  return { ran: true, changed };
}

/** Runs supervision every `everyMs` on this instance (the lease decides which instance actually works). */
export function scheduleSupervision(deps: Deps, everyMs: number, options: Partial<SuperviseOptions> = {}): () => void {
  const timer = setInterval(() => {
    superviseOnce(deps, options).catch((err: unknown) => deps.logger.error({ err }, 'supervision pass failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
