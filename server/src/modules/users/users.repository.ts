import { isValidObjectId, type Types } from 'mongoose';
import type { Role, Specialty, StaffInput, UserView } from '@linli/shared';
import { ConflictError, isDuplicateKeyError, NotFoundError } from '../../lib/errors';
import type { Models } from '../../models';
import type { UserDoc } from './user.model';
import { staffDirectory } from './staff-directory';

export type User = UserDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export interface NewUser {
  openid: string;
  role: Role;
  name?: string;
  phone?: string;
  specialty?: Specialty;
  gridCodes?: string[];
  unitCode?: string;
}

/** The API's view of a user: no openid, no phone, no WeChat secrets. */
export function toUserView(u: User): UserView {
  return {
    id: String(u._id),
    role: u.role as Role,
    name: u.name ?? null,
    specialty: (u.specialty as Specialty | undefined) ?? null,
    gridCodes: u.gridCodes ?? [],
    unitCode: u.unitCode ?? null,
    careMode: u.careMode ?? false,
  };
}

// A resident's account read for a request is reused for this long on the same instance: a profile change made
// through another instance shows within this time, one made through this instance at once.
const SESSION_TTL_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;

/** Users as plain objects; the only module that touches the users collection. */
export function usersRepository({ User, Counter }: Pick<Models, 'User' | 'Counter'>) {
  const staff = staffDirectory({ User, Counter });
  const residents = new Map<string, { user: User; at: number }>();
  /** After any write: staff changes reach every instance through the directory's version, residents' this one. */
  const wrote = async (...users: (User | null | undefined)[]) => {
    for (const u of users) if (u) residents.delete(String(u._id));
    if (users.some((u) => u && u.role !== 'resident')) await staff.changed();
  };

  return {
    staff,

    /**
     * The account behind a session token: staff from the directory (role and scope changes apply within a
     * second), residents from a short cache, anyone else from the database.
     */
    async forSession(id: string): Promise<User | null> {
      if (!isValidObjectId(id)) return null;
      const member = await staff.get(id);
      if (member) return member.disabledAt ? null : member;
      const hit = residents.get(id);
      if (hit && Date.now() - hit.at < SESSION_TTL_MS) return hit.user;
      const user = await User.findById(id).lean<User>();
      if (user?.deletedAt) return null;
      if (user?.role === 'resident') {
        if (residents.size >= SESSION_CACHE_MAX) residents.clear();
        residents.set(id, { user, at: Date.now() });
      } else residents.delete(id);
      return user;
    },

    /** Inserts a user; a second user with the same openid is a 409 USER_EXISTS. */
    async create(input: NewUser): Promise<User> {
      try {
        const doc = await User.create(input);
        const user = doc.toObject() as User;
        await wrote(user);
        return user;
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new ConflictError('该微信用户已存在', 'USER_EXISTS');
        throw err;
      }
    },

    /** Staff come from the directory; anyone else from the database. */
    async findById(id: string): Promise<User | null> {
      if (!isValidObjectId(id)) return null;
      return (await staff.get(id)) ?? User.findById(id).lean<User>();
    },

    async findByOpenid(openid: string): Promise<User | null> {
      return User.findOne({ openid: { $eq: openid } }).lean<User>();
    },

    async findManyByIds(ids: string[]): Promise<User[]> {
      const known = (await Promise.all(ids.map((id) => staff.get(id)))).filter((u): u is User => !!u);
      const rest = ids.filter((id) => isValidObjectId(id) && !known.some((u) => String(u._id) === id));
      return rest.length ? [...known, ...(await User.find({ _id: { $in: rest } }).lean<User[]>())] : known;
    },

    /** Finds the WeChat user or creates them as a resident; safe when two logins race. */
    async findOrCreateResident(openid: string): Promise<User> {
      const existing = await User.findOne({ openid }).lean<User>();
      if (existing) return existing;
      try {
        return (await User.create({ openid, role: 'resident' })).toObject() as User;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        return (await User.findOne({ openid }).lean<User>())!;
      }
    },

    /** Creates or updates a user by openid with exactly these fields; answers whether it was new. */
    async upsertByOpenid(input: NewUser): Promise<{ user: User; created: boolean }> {
      const { openid, ...fields } = input;
      const unset: Record<string, 1> = {};
      if (fields.specialty === undefined) unset.specialty = 1;
      if (fields.phone === undefined) unset.phone = 1;
      if (fields.unitCode === undefined) unset.unitCode = 1;
      const before = await User.findOneAndUpdate(
        { openid },
        { $set: { ...stripUndefined(fields), gridCodes: fields.gridCodes ?? [] }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { upsert: true, new: false, lean: true },
      );
      const user = (await User.findOne({ openid }).lean<User>())!;
      await wrote(before as User | null, user);
      return { user, created: before === null };
    },

    async updateProfile(id: string, fields: { careMode?: boolean; name?: string }): Promise<User | null> {
      const user = await User.findByIdAndUpdate(id, { $set: stripUndefined(fields) }, { new: true }).lean<User>();
      await wrote(user);
      return user;
    },

    /** An administrator's change to a staff account; `disabledAt` a date disables it, null enables it again. */
    async updateStaff(id: string, fields: { name?: string; gridCodes?: string[]; specialty?: Specialty; unitCode?: string }, disabledAt?: Date | null): Promise<User> {
      const set: Record<string, unknown> = stripUndefined(fields);
      if (disabledAt) set.disabledAt = disabledAt;
      const user = await User.findByIdAndUpdate(id, { $set: set, ...(disabledAt === null ? { $unset: { disabledAt: 1 } } : {}) }, { new: true }).lean<User>();
      if (!user) throw new NotFoundError('staff');
      await wrote(user);
      return user;
    },

    /** Drops a deleted account from this instance's session cache at once (others within the cache's few seconds). */
    async forget(id: string): Promise<void> {
      residents.delete(id);
    },

    /** Records that a resident follows a report (their list reads it by _id). */
    async follow(residentId: Types.ObjectId, reportId: Types.ObjectId): Promise<void> {
      await User.updateOne({ _id: residentId }, { $addToSet: { following: reportId } });
      residents.delete(String(residentId));
    },

    /** Workers of one specialty bound to a grid. */
    workersOf: (gridCode: string, specialty?: Specialty): Promise<User[]> => staff.workersOf(gridCode, specialty),

    /** Leaders bound to any of these grid codes. */
    leadersOf: (gridCodes: string[]): Promise<User[]> => staff.leadersOf(gridCodes),

    /** Members of a unit (unit_handler accounts). */
    membersOf: (unitCode: string): Promise<User[]> => staff.membersOf(unitCode),

    /** The command centre nearest above these codes (top first): dispatchers scoped to the deepest one that has any. */
    commandCentreOf: (path: string[]): Promise<User[]> => staff.commandCentreOf(path),
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;

/** Staff input → the user fields stored; part-time helpers default to the social specialty. */
export function staffToUser(s: StaffInput): NewUser {
  return {
    openid: s.openid,
    role: s.role,
    name: s.name,
    phone: s.phone,
    specialty: s.role === 'grid_worker' ? (s.specialty ?? 'social') : undefined,
    gridCodes: s.gridCodes,
    unitCode: s.role === 'unit_handler' ? s.unitCode : undefined,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
