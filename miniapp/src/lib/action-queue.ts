import type { KeyValueStore } from './storage';

/** A staff action that could not be sent (weak network), kept with the key that makes its replay apply once. */
export interface QueuedAction {
  reportId: string;
  body: { action: string; note?: string; photoIds?: string[]; assigneeId?: string; intoId?: string };
  key: string;
  label: string;
  at: number;
}

/** How a replay attempt ended: sent, the network is still down, or the server refused it for good. */
export type SendOutcome = 'sent' | 'offline' | 'refused';

const KEY = 'linli.actionQueue';

/** The local outbox of the workbench: first in, first out; a refused action is dropped and reported. */
export function actionQueue(store: KeyValueStore) {
  const read = () => store.get<QueuedAction[]>(KEY) ?? [];
  const write = (q: QueuedAction[]) => (q.length ? store.set(KEY, q) : store.remove(KEY));
  return {
    list: read,
    add(a: QueuedAction): void {
      write([...read().filter((x) => x.key !== a.key), a]);
    },
    /** Sends queued actions in order; stops at the first that finds the network still down. */
    async replay(send: (a: QueuedAction) => Promise<SendOutcome>): Promise<{ sent: QueuedAction[]; refused: QueuedAction[]; left: number }> {
      const sent: QueuedAction[] = [];
      const refused: QueuedAction[] = [];
      for (const a of read()) {
        const outcome = await send(a);
        if (outcome === 'offline') break;
        (outcome === 'sent' ? sent : refused).push(a);
        write(read().filter((x) => x.key !== a.key));
      }
      return { sent, refused, left: read().length };
    },
  };
}
