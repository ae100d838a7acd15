import type { Types } from 'mongoose';
import type { Role, Specialty } from '@linli/shared';
import { ConflictError, isDuplicateKeyError } from '../../lib/errors';
import type { Models } from '../../models';
import type { UserDoc } from './user.model';

export type User = UserDoc & { _id: Types.ObjectId };

export interface NewUser {
  openid: string;
  role: Role;
  name?: string;
  phone?: string;
  specialty?: Specialty;
  gridCodes?: string[];
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

    async findByOpenid(openid: string): Promise<User | null> {
      return User.findOne({ openid }).lean<User>();
    },
  };
}
