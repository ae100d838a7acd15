import type { Services } from '../../services';
import { invitationsFor } from './invitations';

/**
 * Day one of a deployment (`npm run first-admin`, or FIRST_ADMIN_INVITE=<name> at start), while no admin exists: an
 * admin invitation is made and its code printed once, to be redeemed in the mini-program (我的 → 工作人员绑定). Earlier
 * unused first-admin codes are revoked, so only the newest works. Once an admin exists it answers null.
 */
export async function firstAdminInvitation(s: Services, name: string): Promise<{ code: string; expiresAt: string } | null> {
  // Once an admin exists, further admins are invited from the console; the caller says so in its own words.
  if (await s.models.User.exists({ role: 'admin' })) return null;
  await s.models.Invitation.updateMany({ createdBy: null, role: 'admin', usedAt: null, revokedAt: null }, { $set: { revokedAt: s.clock() } });
  const made = await invitationsFor(s).create(null, {
    role: 'admin',
    name,
    gridCodes: [],
    expiresInHours: 72,
  });
  return { code: made.code, expiresAt: made.expiresAt };
}
