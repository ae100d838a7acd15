import { defaultCategories, limitFromHours, type Category, type CategoryUpdate, type SuggestResponse } from '@linli/shared';
import type { StoredCategory } from './category.model';
import type { Types } from 'mongoose';
import type { CounterModel } from '../../lib/counter.model';
import { versionedCache } from '../../lib/versioned-cache';
import type { Models } from '../../models';
import { builtInCorpus } from './suggester/corpus';
import type { CategoryModel } from './suggester/model';
import { examplesOf, suggestWith, trainOnce } from './suggester/suggester';

// The last staff corrections the suggester learns from (newest first by _id, the key the embedded database reads).
const CORRECTIONS_KEPT = 5_000;

const fields = { _id: 0, createdAt: 0, updatedAt: 0, __v: 0 } as const;

type Stored = Partial<StoredCategory> & Pick<Category, 'code' | 'name'>;

/** A category as stored in any version: limits from the hours it had before units, defaults for what it lacks. */
function current(c: Stored): Category {
  const { signHours, resolveHours, slaClock, ...rest } = c;
  const seed = defaultCategories.find((d) => d.code === c.code);
  return {
    ...rest,
    standard: c.standard ?? seed?.standard ?? { scheme: 'local' },
    signLimit: c.signLimit ?? limitFromHours(signHours ?? 24, slaClock),
    resolveLimit: c.resolveLimit ?? limitFromHours(resolveHours ?? 72, slaClock),
    urgency: c.urgency ?? 'normal',
    subcategories: c.subcategories ?? [],
    needsVerification: c.needsVerification ?? false,
    keywords: c.keywords ?? [],
  } as Category;
}

/** The category catalogue; seeded from shared defaults without overwriting an admin's edits; kept in memory. */
export function categoriesRepository({ Category, CategoryCorrection, Counter }: Pick<Models, 'Category' | 'CategoryCorrection' | 'Counter'>) {
  // Every submission and action needs its category: one read per instance per change, not one per request.
  const cache = versionedCache(Counter as CounterModel, 'categories.version', async () =>
    (await Category.find({}, fields).sort({ order: 1, code: 1 }).lean<Stored[]>()).map(current),
  );

  // Trained from the corpus, the admins' phrases and staff corrections; again whenever the categories change.
  let trained: { for: Category[]; model: Promise<CategoryModel> } | null = null;
  async function model(): Promise<CategoryModel> {
    const all = await cache.current();
    if (trained?.for !== all) {
      const build = async () => {
        const corrections = await CategoryCorrection.find({}, { _id: 0, text: 1, to: 1 }).sort({ _id: -1 }).limit(CORRECTIONS_KEPT).lean<{ text: string; to: string }[]>();
        return trainOnce(examplesOf({ corpus: builtInCorpus(), categories: all, corrections }));
      };
      trained = { for: all, model: build() };
      trained.model.catch(() => (trained = null));
    }
    return trained.model;
  }

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
      // …and before the standard taxonomy: its standard class and 小类 once; their hours become limits with units.
      await Category.bulkWrite(
        defaultCategories.map((c) => ({ updateOne: { filter: { code: c.code, standard: { $exists: false } }, update: { $set: { standard: c.standard, subcategories: c.subcategories, urgency: c.urgency } } } })),
      );
      for (const stored of await Category.find({ signLimit: { $exists: false } }, fields).lean<Stored[]>()) {
        const c = current(stored);
        await Category.collection.updateOne({ code: c.code }, { $set: { signLimit: c.signLimit, resolveLimit: c.resolveLimit }, $unset: { signHours: '', resolveHours: '', slaClock: '' } });
      }
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
      return suggestWith(await model(), text, await this.list());
    },

    /** Trains at start-up so the first suggestion does not wait for it. */
    async warm(): Promise<{ vocabulary: number; ms: number }> {
      const started = Date.now();
      const m = await model();
      return { vocabulary: m.vocabulary, ms: Date.now() - started };
    },

    /** Trains now (after corrections): every instance retrains when it next suggests. */
    async retrain(): Promise<{ sentences: number; corrections: number }> {
      await cache.changed();
      await model();
      const corrections = await CategoryCorrection.countDocuments({});
      return { sentences: builtInCorpus().length, corrections };
    },

    /** Staff moved a report: its words and the right category, for the next training. */
    async recordCorrection(c: { reportId: Types.ObjectId; text: string; from: string; to: string; byRole: string; at: Date }): Promise<void> {
      await CategoryCorrection.create(c);
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
