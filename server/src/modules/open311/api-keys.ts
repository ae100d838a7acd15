import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Models } from '../../models';
import type { ApiKeyScope } from './api-key.model';
import type { User, UsersRepository } from '../users/users.repository';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const prefixes: Record<ApiKeyScope, string> = { open311: 'o311', hotline: 'h12345' };
const clientNames: Record<ApiKeyScope, string> = { open311: 'Open311', hotline: '12345热线' };

/** API keys of client systems (Open311, 12345): shown once when issued, stored only as a hash, each tied to a client user. */
export function apiKeys({ ApiKey }: Pick<Models, 'ApiKey'>, users: UsersRepository) {
  return {
    async issue(name: string, scope: ApiKeyScope = 'open311', gridCode: string | null = null): Promise<{ id: string; name: string; scope: ApiKeyScope; apiKey: string }> {
      const apiKey = `${prefixes[scope]}_${randomBytes(24).toString('base64url')}`;
      // Reports from this client are filed as this user, so it sees only its own.
      const client = await users.create({ openid: `${scope}_${randomBytes(9).toString('hex')}`, role: 'resident', name: `${clientNames[scope]}：${name}` });
      const doc = await ApiKey.create({ name, keyHash: hash(apiKey), userId: client._id, scope, gridCode });
      return { id: String(doc._id), name, scope, apiKey };
    },

    /** The client user behind a key for this door (and the grid its orders default to), or null. */
    async resolve(apiKey: string | undefined, scope: ApiKeyScope = 'open311'): Promise<User | null> {
      return (await this.client(apiKey, scope))?.user ?? null;
    },

    async client(apiKey: string | undefined, scope: ApiKeyScope): Promise<{ user: User; gridCode: string | null } | null> {
      if (!apiKey || apiKey.length > 200) return null;
      const doc = await ApiKey.findOne({ keyHash: hash(apiKey), revokedAt: null }).lean<{ userId: Types.ObjectId; scope?: ApiKeyScope; gridCode?: string | null }>();
      if (!doc || (doc.scope ?? 'open311') !== scope) return null;
      const user = await users.findById(String(doc.userId));
      return user ? { user, gridCode: doc.gridCode ?? null } : null;
    },
  };
}

export type ApiKeys = ReturnType<typeof apiKeys>;
