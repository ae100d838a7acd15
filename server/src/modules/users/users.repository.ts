import { isValidObjectId, type Types } from 'mongoose';
import type { Role, Specialty, StaffInput, UserView } from '@linli/shared';
import { ConflictError, isDuplicateKeyError } from '../../lib/errors';
import type { Models } from '../../models';
import type { UserDoc } from './user.model';

export type User = UserDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export interface NewUser {
  openid: string;
  role: Role;
  name?: string;
  phone?: string;
  specialty?: Specialty;
  gridCodes?: string[];
}

/** The API's view of a user: no openid, no phone, no WeChat secrets. */
export function toUserView(u: User): UserView {
  return {
    id: String(u._id),
    role: u.role as Role,
    name: u.name ?? null,
    specialty: (u.specialty as Specialty | undefined) ?? null,
    gridCodes: u.gridCodes ?? [],
    careMode: u.careMode ?? false,
  };
}

/** Users as plain objects; the only module that touches the users collection. */
export function usersRepository({ User }: Pick<Models, 'User'>) {
  return {
    /** Inserts a user; a second user with the same openid is a 409 USER_EXISTS. */
    async create(input: NewUser): Promise<User> {
      try {
        const doc = await User.create(input);
        return doc.toObject() as User;
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new ConflictError('该微信用户已存在', 'USER_EXISTS');
        throw err;
      }
    },

    async findById(id: string): Promise<User | null> {
      if (!isValidObjectId(id)) return null;
      return User.findById(id).lean<User>();
    },

    async findByOpenid(openid: string): Promise<User | null> {
      return User.findOne({ openid: { $eq: openid } }).lean<User>();
    },

    async findManyByIds(ids: string[]): Promise<User[]> {
      return User.find({ _id: { $in: ids.filter((id) => isValidObjectId(id)) } }).lean<User[]>();
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
      const before = await User.findOneAndUpdate(
        { openid },
        { $set: { ...stripUndefined(fields), gridCodes: fields.gridCodes ?? [] }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { upsert: true, new: false, lean: true },
      );
      const user = (await User.findOne({ openid }).lean<User>())!;
      return { user, created: before === null };
    },

    async updateProfile(id: string, fields: { careMode?: boolean; name?: string }): Promise<User | null> {
      return User.findByIdAndUpdate(id, { $set: stripUndefined(fields) }, { new: true }).lean<User>();
    },

    /** Workers of one specialty bound to a grid. */
    async workersOf(gridCode: string, specialty: Specialty): Promise<User[]> {
      return User.find({ role: 'grid_worker', gridCodes: gridCode, specialty }).lean<User[]>();
    },

    /** Leaders bound to any of these grid codes. */
    async leadersOf(gridCodes: string[]): Promise<User[]> {
      return User.find({ role: 'grid_leader', gridCodes: { $in: gridCodes } }).lean<User[]>();
    },

    async markAssigned(id: Types.ObjectId, at: Date): Promise<void> {
      await User.updateOne({ _id: id }, { $set: { lastAssignedAt: at } });
    },
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
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
