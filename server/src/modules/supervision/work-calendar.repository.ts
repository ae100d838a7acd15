import { defaultWorkCalendar, workCalendarSchema, type WorkCalendar } from '@linli/shared';
import type { CounterModel } from '../../lib/counter.model';
import { versionedCache } from '../../lib/versioned-cache';
import type { Models } from '../../models';

const ID = 'work-calendar';

/** The street's working calendar, one settings document; the default (Mon–Fri 09:00–18:00, UTC+8) until edited. */
export function workCalendarRepository({ Setting, Counter }: Pick<Models, 'Setting' | 'Counter'>) {
  const cache = versionedCache(Counter as CounterModel, 'work-calendar.version', async () => {
    const doc = await Setting.findById(ID).lean<{ value: unknown }>();
    const parsed = doc ? workCalendarSchema.safeParse(doc.value) : null;
    return parsed?.success ? parsed.data : defaultWorkCalendar;
  });
  return {
    get: (): Promise<WorkCalendar> => cache.current(),
    async set(calendar: WorkCalendar, now: Date): Promise<WorkCalendar> {
      await Setting.updateOne({ _id: ID }, { $set: { value: calendar, updatedAt: now } }, { upsert: true });
      await cache.changed();
      return calendar;
    },
  };
}

export type WorkCalendarRepository = ReturnType<typeof workCalendarRepository>;
