import { defaultCategories, type Category, type CategoryUpdate } from '@linli/shared';
import type { Models } from '../../models';

const fields = { _id: 0, code: 1, name: 1, icon: 1, group: 1, specialty: 1, signHours: 1, resolveHours: 1, needsAfterPhoto: 1, active: 1, order: 1 } as const;

/** The category catalogue; seeded from shared defaults without overwriting an admin's edits. */
export function categoriesRepository({ Category }: Pick<Models, 'Category'>) {
  return {
    /** Inserts the default categories that are missing; existing ones are left as edited. */
    async seedDefaults(): Promise<number> {
      const result = await Category.bulkWrite(
        defaultCategories.map((c) => ({ updateOne: { filter: { code: c.code }, update: { $setOnInsert: c }, upsert: true } })),
      );
      return result.upsertedCount;
    },

    async list(includeInactive = false): Promise<Category[]> {
      return Category.find(includeInactive ? {} : { active: true }, fields).sort({ order: 1, code: 1 }).lean<Category[]>();
    },

    async get(code: string): Promise<Category | null> {
      return Category.findOne({ code: { $eq: code } }, fields).lean<Category>();
    },

    async update(code: string, patch: CategoryUpdate): Promise<Category | null> {
      // Update, then read: FerretDB v1's findAndModify does not take a projection (docs/database.md).
      const { matchedCount } = await Category.updateOne({ code: { $eq: code } }, { $set: patch });
      return matchedCount ? this.get(code) : null;
    },
  };
}

export type CategoriesRepository = ReturnType<typeof categoriesRepository>;
