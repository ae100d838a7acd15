import type { CreateInvitation, InvitationView } from '@linli/shared';
import { AppError, ConflictError, ForbiddenError } from '../../lib/errors';
import type { Models } from '../../models';
import type { AdminLog } from '../admin-log/admin-log';
import type { Services } from '../../services';
import type { GridDirectory } from '../grids/grid-directory';
import { maskPhone } from '../privacy/phone';
import type { UnitsRepository } from '../units/units.repository';
import type { User, UsersRepository } from '../users/users.repository';
import type { InvitationDoc } from './invitation.model';
import { displayCode, invitationKey, newInvitationCode } from './invitation-code';

export interface InvitationDeps {
  models: Pick<Models, 'Invitation'>;
  audit: Pick<AdminLog, 'record'>;
  users: UsersRepository;
  grids: GridDirectory;
  units: UnitsRepository;
  clock: () => Date;
  secret: string;
}

type Stored = InvitationDoc & { _id: string };
/** The mini-program page that redeems a code: a WeChat QR code (wxacode) for it opens the page with the code. */
export const BIND_PAGE = 'pages/me/index';

const statusOf = (i: Stored, now: Date): InvitationView['status'] => (i.revokedAt ? 'revoked' : i.usedAt ? 'used' : i.expiresAt <= now ? 'expired' : 'pending');

export function toInvitationView(i: Stored, now: Date): InvitationView {
  return {
    id: i._id,
    role: i.role,
    name: i.name,
    phone: i.phone ? maskPhone(i.phone) : null,
    gridCodes: i.gridCodes ?? [],
    specialty: i.specialty ?? null,
    unitCode: i.unitCode ?? null,
    status: statusOf(i, now),
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    usedAt: i.usedAt ? i.usedAt.toISOString() : null,
  };
}

/** Staff invitations: made by an admin (or a leader for their own grids), redeemed once by a WeChat account. */
export function invitations(deps: InvitationDeps) {
  const { Invitation } = deps.models;

  /** What this person may invite: an admin anyone; a grid leader grid workers inside their own grids. */
  async function checkScope(actor: User | null, input: CreateInvitation): Promise<void> {
    const index = await deps.grids.current();
    const unknown = input.gridCodes.filter((c) => !index.get(c));
    if (unknown.length) throw new AppError(400, 'GRID_UNKNOWN', `网格不存在：${unknown.join('、')}`, { gridCodes: unknown });
    if (input.unitCode && !(await deps.units.get(input.unitCode))) throw new AppError(400, 'UNIT_UNKNOWN', `单位不存在：${input.unitCode}`);
    if (!actor || actor.role === 'admin') return;
    const mine = new Set((actor.gridCodes ?? []).flatMap((c) => index.subtree(c)));
    if (input.role !== 'grid_worker' || input.gridCodes.some((c) => !mine.has(c))) {
      throw new ForbiddenError('网格长只能邀请自己网格内的网格员', 'INVITATION_OUT_OF_SCOPE');
    }
  }

  return {
    /** A new invitation; the code is answered once and only its keyed hash is kept. `actor` null: the first-admin command. */
    async create(actor: User | null, input: CreateInvitation) {
      await checkScope(actor, input);
      const now = deps.clock();
      const code = newInvitationCode();
      const doc = {
        _id: invitationKey(code, deps.secret),
        role: input.role,
        name: input.name,
        ...(input.phone ? { phone: input.phone } : {}),
        gridCodes: input.gridCodes,
        ...(input.role === 'grid_worker' ? { specialty: input.specialty ?? 'social' } : {}),
        ...(input.role === 'unit_handler' ? { unitCode: input.unitCode } : {}),
        createdBy: actor?._id ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInHours * 3_600_000),
      };
      await Invitation.create(doc);
      const view = toInvitationView(doc as Stored, now);
      await deps.audit.record(actor, actor ? 'invitation.create' : 'admin.first_invitation', doc._id, null, view);
      return { ...view, code: displayCode(code), path: `${BIND_PAGE}?invite=${code}` };
    },

    /** Invitations an admin can see (all), or a leader (their own); newest first. */
    async list(actor: User): Promise<InvitationView[]> {
      const now = deps.clock();
      const rows = await Invitation.find(actor.role === 'admin' ? {} : { createdBy: actor._id })
        .sort({ createdAt: -1 })
        .limit(500)
        .lean<Stored[]>();
      return rows.map((r) => toInvitationView(r, now));
    },

    /** Withdraws a code not yet used; an admin any, a leader their own. */
    async revoke(actor: User, id: string): Promise<InvitationView> {
      const now = deps.clock();
      const found = await Invitation.findById(id).lean<Stored>();
      if (!found || (actor.role !== 'admin' && String(found.createdBy) !== String(actor._id))) throw new AppError(404, 'INVITATION_NOT_FOUND', '邀请不存在');
      if (found.usedAt) throw new ConflictError('邀请码已被使用，不能撤销；请在人员管理中停用该账号', 'INVITATION_USED');
      if (found.revokedAt) return toInvitationView(found, now);
      await Invitation.updateOne({ _id: id }, { $set: { revokedAt: now } });
      const after = { ...found, revokedAt: now };
      await deps.audit.record(actor, 'invitation.revoke', id, toInvitationView(found, now), toInvitationView(after, now));
      return toInvitationView(after, now);
    },

    /**
     * Turns the signed-in WeChat account into the invited staff account. The code is claimed first (once, atomically);
     * if the account cannot be changed the claim is released, so nothing is left half-done.
     */
    async redeem(user: User, code: string): Promise<User> {
      if (user.role !== 'resident') throw new ConflictError('这个微信已经是工作人员账号，无需再绑定', 'ALREADY_STAFF');
      const now = deps.clock();
      const found = await Invitation.findById(invitationKey(code, deps.secret)).lean<Stored>();
      if (!found) throw new AppError(404, 'INVITATION_NOT_FOUND', '邀请码不对，请核对后重新输入');
      if (found.revokedAt) throw new AppError(410, 'INVITATION_REVOKED', '这个邀请码已被撤销，请联系邀请您的管理员');
      if (found.usedAt) throw new ConflictError('这个邀请码已经用过了，一个邀请码只能绑定一个微信', 'INVITATION_USED');
      if (found.expiresAt <= now) throw new AppError(410, 'INVITATION_EXPIRED', '这个邀请码已过期，请联系管理员重新邀请');
      return claim(user, found, now, 'code');
    },

    /**
     * The same, matched by the phone number WeChat verified (getPhoneNumber) instead of a typed code: exactly one
     * pending invitation for that number, or a clear refusal that sends the person back to the code.
     */
    async redeemByPhone(user: User, phone: string): Promise<User> {
      if (user.role !== 'resident') throw new ConflictError('这个微信已经是工作人员账号，无需再绑定', 'ALREADY_STAFF');
      const now = deps.clock();
      const pending = await Invitation.find({ phone: { $eq: phone }, usedAt: null, revokedAt: null, expiresAt: { $gt: now } }).limit(2).lean<Stored[]>();
      if (pending.length === 0) throw new AppError(404, 'INVITATION_NO_PHONE_MATCH', `没有发给手机号 ${maskPhone(phone)} 的有效邀请，请输入管理员给您的邀请码`);
      if (pending.length > 1) throw new ConflictError('这个手机号有不止一个待用的邀请，请输入邀请码绑定', 'INVITATION_PHONE_AMBIGUOUS');
      return claim(user, pending[0]!, now, 'phone');
    },
  };

  /** Claims the invitation (once, atomically), then changes the account; the claim is released if that fails. */
  async function claim(user: User, found: Stored, now: Date, by: 'code' | 'phone'): Promise<User> {
    const id = found._id;
    const claimed = await Invitation.updateOne({ _id: id, usedAt: null, revokedAt: null }, { $set: { usedAt: now, usedBy: user._id } });
    if (claimed.modifiedCount !== 1) throw new ConflictError('这个邀请码已经用过了，一个邀请码只能绑定一个微信', 'INVITATION_USED');
    let bound: User;
    try {
      ({ user: bound } = await deps.users.upsertByOpenid({
        openid: user.openid,
        role: found.role,
        name: found.name,
        ...(found.phone ? { phone: found.phone } : {}),
        ...(found.specialty ? { specialty: found.specialty } : {}),
        gridCodes: found.gridCodes ?? [],
        ...(found.unitCode ? { unitCode: found.unitCode } : {}),
      }));
    } catch (err) {
      await Invitation.updateOne({ _id: id, usedBy: user._id }, { $set: { usedAt: null, usedBy: null } });
      throw err;
    }
    await deps.audit.record(user, 'invitation.redeem', id, { userId: String(user._id), role: user.role }, {
      userId: String(bound._id),
      role: bound.role,
      gridCodes: bound.gridCodes,
      unitCode: bound.unitCode ?? null,
      by,
    });
    return bound;
  }
}

export type Invitations = ReturnType<typeof invitations>;

/** The use cases wired from the app's services (the router and the first-admin setting share this). */
export const invitationsFor = (s: Services): Invitations =>
  invitations({ models: s.models, audit: s.audit, users: s.users, grids: s.grids, units: s.units, clock: s.clock, secret: s.config.AUTH_SECRET });
