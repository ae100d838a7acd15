import { privacyGuide, type ReportView } from '@linli/shared';
import type { ReportDeps } from '../reports/report-deps';
import type { Report } from '../reports/report-view';
import { describeReport } from '../reports/read-reports';
import type { User } from '../users/users.repository';
import { logAccess } from './access-log';
import { withoutResidentNames } from './anonymise';

export interface MyData {
  account: { id: string; name: string | null; careMode: boolean; createdAt: string | null };
  reports: ReportView[];
  following: string[];
  subscriptions: { templateId: string; kind: string; quota: number; active: boolean }[];
  notifications: { title: string; body: string; createdAt: string }[];
  note: string;
}


/** Everything held about the resident, as they can read it (PIPL 查阅、复制): their account, reports, pushes. */
export async function myData(deps: ReportDeps, me: User): Promise<MyData> {
  const [account, own, subs, notes] = await Promise.all([
    deps.models.User.findById(me._id).lean<User & { createdAt?: Date }>(),
    deps.models.Report.find({ residentId: me._id }).sort({ _id: -1 }).lean<Report[]>(),
    deps.models.Subscription.find({ userId: me._id }).lean(),
    deps.models.Notification.find({ userId: me._id }).sort({ createdAt: -1 }).limit(500).lean(),
  ]);
  return {
    account: { id: String(me._id), name: account?.name ?? null, careMode: !!account?.careMode, createdAt: account?.createdAt ? new Date(account.createdAt).toISOString() : null },
    reports: await Promise.all(own.map((r) => describeReport(deps, r, me))),
    following: (account?.following ?? []).map(String),
    subscriptions: subs.map((s) => ({ templateId: String(s._id).split(':').slice(1).join(':'), kind: s.kind, quota: s.quota, active: s.active })),
    notifications: notes.map((n) => ({ title: n.title, body: n.body, createdAt: new Date(n.createdAt).toISOString() })),
    note: privacyGuide.join('\n'),
  };
}

/**
 * 注销: the account ends and nothing identifies the resident any more, while the street's records stay whole — their
 * reports remain (anonymous, without address, call-back number or voice), their follows and pushes go.
 */
export async function deleteMyAccount(deps: ReportDeps, me: User): Promise<{ reports: number }> {
  const now = deps.clock();
  const own = await deps.models.Report.find({ residentId: me._id }, { voiceIds: 1, timeline: 1 }).lean<Pick<Report, '_id' | 'voiceIds' | 'timeline'>[]>();
  for (const r of own) {
    for (const id of r.voiceIds) await deps.media.remove(id);
    await deps.models.Report.updateOne(
      { _id: r._id },
      { $set: { anonymous: true, voiceIds: [], 'location.address': null, timeline: withoutResidentNames(r.timeline), updatedAt: now }, $unset: { contactPhone: 1 }, $pull: { mediaIds: { $in: r.voiceIds } } },
      { timestamps: false },
    );
  }
  const account = await deps.models.User.findById(me._id, { following: 1 }).lean<User>();
  for (const reportId of account?.following ?? []) {
    await deps.models.Report.updateOne({ _id: reportId }, { $pull: { followerIds: me._id }, $set: { updatedAt: now } }, { timestamps: false });
  }
  await deps.models.Subscription.deleteMany({ userId: me._id });
  await deps.models.Notification.deleteMany({ userId: me._id });
  await deps.models.User.updateOne(
    { _id: me._id },
    { $set: { openid: `deleted:${String(me._id)}`, deletedAt: now, careMode: false }, $unset: { name: 1, phone: 1, following: 1 } },
  );
  await deps.users.forget(String(me._id));
  await logAccess(deps.models, me, { action: 'me.delete', subjectIds: [String(me._id)], residentIds: [String(me._id)], count: own.length }, now);
  deps.logger.info({ userId: String(me._id), reports: own.length }, 'account deleted; reports anonymised');
  return { reports: own.length };
}
