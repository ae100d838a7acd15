import { Types } from 'mongoose';
import type { Models } from '../../models';
import type { User } from '../users/users.repository';
import type { AccessAction } from './access-log.model';

export interface AccessEntry {
  action: AccessAction;
  subjectIds: string[];
  residentIds?: string[];
  reason?: string;
  count?: number;
}

/** Appends one entry; awaited, so a read of personal information is never served without its record. */
export async function logAccess(models: Pick<Models, 'AccessLog'>, actor: Pick<User, '_id' | 'role'> | null, entry: AccessEntry, now: Date): Promise<void> {
  await models.AccessLog.create({
    _id: new Types.ObjectId(Math.floor(now.getTime() / 1000)),
    at: now,
    actorId: actor?._id ?? null,
    actorRole: actor?.role ?? 'system',
    ...entry,
  });
}

/** Whether the viewer is staff reading someone's personal information (residents reading their own are not logged). */
export const isStaffRead = (viewer: Pick<User, 'role'>) => viewer.role !== 'resident';
