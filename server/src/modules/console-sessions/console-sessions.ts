import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { consoleRoles, CONSOLE_CONFIRM_PAGE, type ConsoleSessionStatus, type ConsoleSessionView } from '@linli/shared';
import { AppError, ConflictError, ForbiddenError } from '../../lib/errors';
import type { SessionTokens } from '../../lib/tokens';
import type { Models } from '../../models';
import type { AdminLog } from '../admin-log/admin-log';
import { toUserView, type User, type UsersRepository } from '../users/users.repository';
import type { ConsoleSessionDoc } from './console-session.model';
import { describeDevice, maskAddress } from './device';

export interface ConsoleSessionDeps {
  models: Pick<Models, 'ConsoleSession'>;
  audit: Pick<AdminLog, 'record'>;
  users: Pick<UsersRepository, 'findById'>;
  tokens: SessionTokens;
  clock: () => Date;
  /** How long a QR code can be confirmed. */
  qrSeconds: number;
  /** How long a console stays signed in. */
  sessionHours: number;
}

const notFound = () => new AppError(404, 'CONSOLE_SESSION_NOT_FOUND', '登录二维码无效，请在电脑上刷新二维码');
const used = () => new ConflictError('这个二维码已经用过了，请在电脑上刷新二维码', 'CONSOLE_SESSION_USED');
const notForConsole = () => new ForbiddenError('指挥中心只对街道指挥中心、网格长和管理员开放', 'CONSOLE_NOT_ALLOWED');
const hash = (secret: string) => createHash('sha256').update(secret).digest();
const canUseConsole = (u: User) => (consoleRoles as readonly string[]).includes(u.role);

function statusOf(s: ConsoleSessionDoc, now: Date): ConsoleSessionStatus {
  if (s.signedOutAt) return 'signed_out';
  if (s.confirmedAt) return s.sessionExpiresAt && s.sessionExpiresAt > now ? 'signed_in' : 'expired';
  return s.expiresAt > now ? 'pending' : 'expired';
}

function toView(s: ConsoleSessionDoc, current?: string): ConsoleSessionView {
  return {
    id: s._id,
    device: s.device,
    place: maskAddress(s.ip),
    signedInAt: (s.confirmedAt ?? s.createdAt).toISOString(),
    expiresAt: (s.sessionExpiresAt ?? s.expiresAt).toISOString(),
    current: s._id === current,
  };
}

/**
 * Console sign-in by QR code: a browser asks (and alone holds the poll secret), a signed-in staff member confirms in
 * the mini-program, the browser collects a token bound to the session once. Signing out ends that token at once.
 */
export function consoleSessions(deps: ConsoleSessionDeps) {
  const { ConsoleSession } = deps.models;
  const load = (id: string) => ConsoleSession.findById(id).lean<ConsoleSessionDoc>();

  return {
    /** A new QR code for a browser; `origin` is where the H5 app that confirms it is served. */
    async create(userAgent: string, ip: string, origin: string) {
      const now = deps.clock();
      const id = randomBytes(16).toString('base64url');
      const secret = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + deps.qrSeconds * 1000);
      await ConsoleSession.create({ _id: id, secretHash: hash(secret).toString('hex'), device: describeDevice(userAgent), ip, createdAt: now, expiresAt });
      return { id, expiresAt: expiresAt.toISOString(), secret, link: `${origin}/#/${CONSOLE_CONFIRM_PAGE}?session=${id}` };
    },

    /** The browser's poll: the token once after confirmation; anyone without the secret (any string) learns nothing (404). */
    async poll(id: string, secret: string) {
      const found = await load(id);
      if (!found || !timingSafeEqual(hash(secret), Buffer.from(found.secretHash, 'hex'))) throw notFound();
      const now = deps.clock();
      const base = { status: statusOf(found, now), expiresAt: found.expiresAt.toISOString(), token: null, tokenExpiresAt: null, user: null };
      if (base.status !== 'signed_in' || found.deliveredAt) return base;
      const user = await deps.users.findById(String(found.userId));
      if (!user || !canUseConsole(user)) return { ...base, status: 'expired' as const };
      // Collected once: of two polls racing, one gets the token.
      const taken = await ConsoleSession.updateOne({ _id: id, deliveredAt: null }, { $set: { deliveredAt: now } });
      if (taken.modifiedCount !== 1) return base;
      const signed = await deps.tokens.sign({ userId: String(user._id), role: user.role, sid: id }, now, found.sessionExpiresAt!);
      return { ...base, token: signed.token, tokenExpiresAt: signed.expiresAt.toISOString(), user: toUserView(user) };
    },

    /** What the staff member is asked to confirm: which browser, from where. */
    async request(user: User, id: string) {
      if (!canUseConsole(user)) throw notForConsole();
      const found = await load(id);
      if (!found) throw notFound();
      const now = deps.clock();
      return { id, status: statusOf(found, now), device: found.device, place: maskAddress(found.ip), createdAt: found.createdAt.toISOString(), expiresAt: found.expiresAt.toISOString() };
    },

    /** The staff member says yes: the browser that showed this code signs in as them, with their role and scope. */
    async confirm(user: User, id: string) {
      if (!canUseConsole(user)) throw notForConsole();
      const now = deps.clock();
      const found = await load(id);
      if (!found) throw notFound();
      if (found.confirmedAt || found.signedOutAt) throw used();
      if (found.expiresAt <= now) throw new AppError(410, 'CONSOLE_SESSION_EXPIRED', '二维码已过期，请在电脑上刷新二维码');
      const sessionExpiresAt = new Date(now.getTime() + deps.sessionHours * 3_600_000);
      const claimed = await ConsoleSession.updateOne(
        { _id: id, confirmedAt: null, signedOutAt: null },
        { $set: { userId: user._id, role: user.role, confirmedAt: now, sessionExpiresAt } },
      );
      if (claimed.modifiedCount !== 1) throw used();
      const after = { ...found, userId: user._id, role: user.role, confirmedAt: now, sessionExpiresAt };
      await deps.audit.record(user, 'console_session.confirm', id, null, toView(after));
      return toView(after);
    },

    /** The staff member's signed-in consoles, newest first. */
    async list(user: User, current?: string): Promise<ConsoleSessionView[]> {
      const now = deps.clock();
      const rows = await ConsoleSession.find({ userId: user._id, signedOutAt: null, sessionExpiresAt: { $gt: now } })
        .sort({ confirmedAt: -1 })
        .limit(50)
        .lean<ConsoleSessionDoc[]>();
      return rows.map((r) => toView(r, current));
    },

    /** Ends a console session: its owner, or an admin for anyone's (a lost laptop). Repeating it changes nothing. */
    async signOut(user: User, id: string, current?: string): Promise<ConsoleSessionView> {
      const found = await load(id);
      if (!found?.userId || (String(found.userId) !== String(user._id) && user.role !== 'admin')) throw notFound();
      if (found.signedOutAt) return toView(found, current);
      const now = deps.clock();
      await ConsoleSession.updateOne({ _id: id, signedOutAt: null }, { $set: { signedOutAt: now, signedOutBy: user._id } });
      await deps.audit.record(user, 'console_session.sign_out', id, toView(found), null);
      return toView({ ...found, signedOutAt: now }, current);
    },

    /** Whether a console token's session still stands: checked by _id on every request made with one. */
    async isActive(id: string, userId: string): Promise<boolean> {
      const s = await ConsoleSession.findById(id, { userId: 1, deliveredAt: 1, signedOutAt: 1, sessionExpiresAt: 1 }).lean<ConsoleSessionDoc>();
      return !!s && !s.signedOutAt && !!s.deliveredAt && String(s.userId) === userId && !!s.sessionExpiresAt && s.sessionExpiresAt > deps.clock();
    },

    /** Removes codes nobody confirmed after a day and sessions ended a month ago (from the hourly retention pass). */
    async purge(): Promise<number> {
      const now = deps.clock().getTime();
      const dayAgo = new Date(now - 86_400_000);
      const monthAgo = new Date(now - 30 * 86_400_000);
      const r = await ConsoleSession.deleteMany({ $or: [{ confirmedAt: null, expiresAt: { $lt: dayAgo } }, { sessionExpiresAt: { $lt: monthAgo } }, { signedOutAt: { $lt: monthAgo } }] });
      return r.deletedCount;
    },
  };
}

export type ConsoleSessions = ReturnType<typeof consoleSessions>;
