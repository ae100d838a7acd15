import { Types } from 'mongoose';
import type { AdminLogEntry } from '@linli/shared';
import type { Models } from '../../models';
import type { User, UsersRepository } from '../users/users.repository';

export interface AdminLogDeps {
  models: Pick<Models, 'AdminLog'>;
  users: Pick<UsersRepository, 'findManyByIds'>;
  clock: () => Date;
}

interface Row {
  _id: Types.ObjectId;
  at: Date;
  actorId: Types.ObjectId | null;
  actorRole: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
}

/** The administration log: every change to the deployment's set-up, with who made it and the state before and after. */
export function adminLog(deps: AdminLogDeps) {
  const { AdminLog } = deps.models;
  return {
    /** Appends one entry; `actor` null is the deployment itself (the first-admin setting). */
    async record(actor: User | null, action: string, subject: string, before: unknown, after: unknown): Promise<void> {
      await AdminLog.create({ at: deps.clock(), actorId: actor?._id ?? null, actorRole: actor?.role ?? 'system', action, subject, before: before ?? null, after: after ?? null });
    },

    /** Newest first by _id (time), one page at a time; an action ending in "." is a prefix. */
    async list(q: { action?: string; before?: string; limit: number }): Promise<{ items: AdminLogEntry[]; nextCursor: string | null }> {
      const filter: Record<string, unknown> = {};
      if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) };
      if (q.action) filter.action = q.action.endsWith('.') ? { $regex: `^${q.action.replace(/\./g, '\\.')}` } : q.action;
      const rows = await AdminLog.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<Row[]>();
      const page = rows.slice(0, q.limit);
      const actors = await deps.users.findManyByIds([...new Set(page.flatMap((r) => (r.actorId ? [String(r.actorId)] : [])))]);
      const names = new Map(actors.map((u) => [String(u._id), u.name ?? null]));
      return {
        items: page.map((r) => ({
          id: String(r._id),
          at: r.at.toISOString(),
          actorId: r.actorId ? String(r.actorId) : null,
          actorName: r.actorId ? (names.get(String(r.actorId)) ?? null) : null,
          actorRole: r.actorRole,
          action: r.action,
          subject: r.subject,
          before: r.before ?? null,
          after: r.after ?? null,
        })),
        nextCursor: rows.length > q.limit ? String(page[page.length - 1]!._id) : null,
      };
    },
  };
}

export type AdminLog = ReturnType<typeof adminLog>;
