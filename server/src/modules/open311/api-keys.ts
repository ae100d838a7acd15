import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Models } from '../../models';
import type { User, UsersRepository } from '../users/users.repository';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

/** Open311 API keys: shown once when issued, stored only as a hash, each tied to a client user. */
export function apiKeys({ ApiKey }: Pick<Models, 'ApiKey'>, users: UsersRepository) {
  return {
    async issue(name: string): Promise<{ id: string; name: string; apiKey: string }> {
      const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
      // Reports from this client are filed as this user, so it sees only its own through Open311.
      const client = await users.create({ openid: `open311_${randomBytes(9).toString('hex')}`, role: 'resident', name: `Open311：${name}` });
      const doc = await ApiKey.create({ name, keyHash: hash(apiKey), userId: client._id });
      return { id: String(doc._id), name, apiKey };
    },

    /** The client user behind a key, or null for an unknown or revoked key. */
    async resolve(apiKey: string | undefined): Promise<User | null> {
      if (!apiKey || apiKey.length > 200) return null;
      const doc = await ApiKey.findOne({ keyHash: hash(apiKey), revokedAt: null }).lean<{ userId: Types.ObjectId }>();
      return doc ? users.findById(String(doc.userId)) : null;
    },
  };
}

export type ApiKeys = ReturnType<typeof apiKeys>;
