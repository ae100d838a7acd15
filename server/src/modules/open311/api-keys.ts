import { createHash, randomBytes } from 'node:crypto';
import { isValidObjectId, type Types } from 'mongoose';
import type { ApiKeyView } from '@linli/shared';
import type { Models } from '../../models';
import type { ApiKeyScope } from './api-key.model';
import type { User, UsersRepository } from '../users/users.repository';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const prefixes: Record<ApiKeyScope, string> = { open311: 'o311', hotline: 'h12345' };
const clientNames: Record<ApiKeyScope, string> = { open311: 'Open311', hotline: '12345热线' };
const TOUCH_EVERY_MS = 60_000;

interface KeyRow {
  _id: Types.ObjectId;
  name: string;
  scope?: ApiKeyScope;
  gridCode?: string | null;
  createdAt: Date;
  lastUsedAt?: Date | null;
  revokedAt?: Date | null;
}

export const toApiKeyView = (k: KeyRow): ApiKeyView => ({
  id: String(k._id),
  name: k.name,
  scope: k.scope ?? 'open311',
  gridCode: k.gridCode ?? null,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

/** API keys of client systems (Open311, 12345): shown once when issued, stored only as a hash, each tied to a client user. */
export function apiKeys({ ApiKey }: Pick<Models, 'ApiKey'>, users: UsersRepository, clock: () => Date = () => new Date()) {
  // Per key, when this instance last wrote its use: a busy client costs one write a minute, not one per request.
  const touched = new Map<string, number>();
  const touch = (id: Types.ObjectId) => {
    const now = clock();
    const last = touched.get(String(id)) ?? 0;
    if (now.getTime() - last < TOUCH_EVERY_MS) return;
    touched.set(String(id), now.getTime());
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    void ApiKey.updateOne({ _id: id }, { $set: { lastUsedAt: minute } }).catch(() => touched.delete(String(id)));
  };
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
      const doc = await ApiKey.findOne({ keyHash: hash(apiKey), revokedAt: null }).lean<{ _id: Types.ObjectId; userId: Types.ObjectId; scope?: ApiKeyScope; gridCode?: string | null }>();
      if (!doc || (doc.scope ?? 'open311') !== scope) return null;
      touch(doc._id);
      const user = await users.findById(String(doc.userId));
      return user ? { user, gridCode: doc.gridCode ?? null } : null;
    },

    /** Every key ever issued, newest first (a deployment has a handful). */
    async list(): Promise<ApiKeyView[]> {
      return (await ApiKey.find({}, { keyHash: 0 }).sort({ _id: -1 }).limit(500).lean<KeyRow[]>()).map(toApiKeyView);
    },

    /** Revokes a key at once (every later request with it is refused); answers it before and after, or null if unknown. */
    async revoke(id: string): Promise<{ before: ApiKeyView; after: ApiKeyView } | null> {
      if (!isValidObjectId(id)) return null;
      const before = await ApiKey.findById(id, { keyHash: 0 }).lean<KeyRow>();
      if (!before) return null;
      if (before.revokedAt) return { before: toApiKeyView(before), after: toApiKeyView(before) };
      const revokedAt = clock();
      await ApiKey.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt } });
      return { before: toApiKeyView(before), after: toApiKeyView({ ...before, revokedAt }) };
    },
  };
}

export type ApiKeys = ReturnType<typeof apiKeys>;
