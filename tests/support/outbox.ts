import type { Models } from '../../server/src/models';

/**
 * The outbox's quiescent point: nothing pending and nothing being sent. From here no message can be sent again (a
 * worker claims only pending or expired sending entries), so "no duplicate" can be asserted without waiting.
 */
export async function outboxSettled(models: Pick<Models, 'Outbox'>): Promise<boolean> {
  return (await models.Outbox.countDocuments({ status: { $in: ['pending', 'sending'] } })) === 0;
}
