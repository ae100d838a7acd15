import { bestCategory, defaultCategories, fallbackCategoryCode, suggestCategories, type Category, type CategoryUpdate, type SuggestResponse } from '@linli/shared';
import type { CounterModel } from '../../lib/counter.model';
import { versionedCache } from '../../lib/versioned-cache';
import type { Models } from '../../models';

const fields = { _id: 0, code: 1, name: 1, icon: 1, group: 1, specialty: 1, signHours: 1, resolveHours: 1, needsAfterPhoto: 1, needsVerification: 1, slaClock: 1, keywords: 1, active: 1, order: 1 } as const;

/** The category catalogue; seeded from shared defaults without overwriting an admin's edits; kept in memory. */
export function categoriesRepository({ Category, Counter }: Pick<Models, 'Category' | 'Counter'>) {
  // Every submission and action needs its category: one read per instance per change, not one per request.
  const cache = versionedCache(Counter as CounterModel, 'categories.version', async () =>
    // Categories stored before 核查 existed do not need it.
    (await Category.find({}, fields).sort({ order: 1, code: 1 }).lean<Category[]>()).map((c) => ({ ...c, needsVerification: c.needsVerification ?? false })),
  );

  return {
    /** Inserts the default categories that are missing; existing ones are left as edited. */
    async seedDefaults(): Promise<number> {
      const result = await Category.bulkWrite(
        defaultCategories.map((c) => ({ updateOne: { filter: { code: c.code }, update: { $setOnInsert: c }, upsert: true } })),
      );
      // Installations seeded before phrases existed get the default phrases once; an admin's list is kept.
      await Category.bulkWrite(
        defaultCategories.map((c) => ({ updateOne: { filter: { code: c.code, keywords: { $exists: false } }, update: { $set: { keywords: c.keywords } } } })),
      );
      await cache.changed();
      return result.upsertedCount;
    },

    async list(includeInactive = false): Promise<Category[]> {
      const all = await cache.current();
      return includeInactive ? all : all.filter((c) => c.active);
    },

    async get(code: string): Promise<Category | null> {
      return (await cache.current()).find((c) => c.code === code) ?? null;
    },

    /** Ranked guesses for a description or transcript, over the active catalogue as admins left it. */
    async suggest(text: string): Promise<SuggestResponse> {
      const active = await this.list();
      const items = suggestCategories(text, active);
      const code = bestCategory(items);
      const best = active.find((c) => c.code === code) ?? active.find((c) => c.code === fallbackCategoryCode);
      return { items, best: { code: best?.code ?? fallbackCategoryCode, name: best?.name ?? '其他' } };
    },

    async update(code: string, patch: CategoryUpdate): Promise<Category | null> {
      const { matchedCount } = await Category.updateOne({ code: { $eq: code } }, { $set: patch });
      if (!matchedCount) return null;
      await cache.changed();
      return this.get(code);
    },
  };
}

export type CategoriesRepository = ReturnType<typeof categoriesRepository>;
