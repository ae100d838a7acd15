import type { UnitInput } from '@linli/shared';
import type { CounterModel } from '../../lib/counter.model';
import { ConflictError, isDuplicateKeyError } from '../../lib/errors';
import { versionedCache } from '../../lib/versioned-cache';
import type { Models } from '../../models';
import type { UnitRecord } from './unit.model';

export type Unit = UnitRecord;

/** The handling units, in memory on every instance (a city has tens to hundreds); the only writer of units. */
export function unitsRepository({ Unit, Counter }: Pick<Models, 'Unit' | 'Counter'>) {
  const cache = versionedCache(Counter as CounterModel, 'units.version', async () => {
    const rows = await Unit.find({}).lean<Unit[]>();
    return new Map(rows.map((u) => [u._id, u]));
  });
  return {
    async list(): Promise<Unit[]> {
      return [...(await cache.current()).values()].sort((a, b) => a.kind.localeCompare(b.kind) || a._id.localeCompare(b._id));
    },
    async get(code: string): Promise<Unit | null> {
      return (await cache.current()).get(code) ?? null;
    },
    /** Creates a unit; a second one with the same code is 409 UNIT_EXISTS. */
    async create(input: UnitInput): Promise<Unit> {
      try {
        const { code, ...rest } = input;
        const doc = await Unit.create({ _id: code, ...rest, categoryCodes: rest.categoryCodes ?? [] });
        await cache.changed();
        return doc.toObject() as Unit;
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new ConflictError(`单位代码 ${input.code} 已存在`, 'UNIT_EXISTS');
        throw err;
      }
    },
    /** Replaces a unit's fields; null when there is no such unit. */
    async update(code: string, input: Omit<UnitInput, 'code'>): Promise<Unit | null> {
      const { matchedCount } = await Unit.updateOne({ _id: { $eq: code } }, { $set: { ...input, categoryCodes: input.categoryCodes ?? [] } });
      if (!matchedCount) return null;
      await cache.changed();
      return this.get(code);
    },
  };
}

export type UnitsRepository = ReturnType<typeof unitsRepository>;

/** Whether a unit works where a report is (any code of its path) — and, if it names categories, on its category. */
export function unitCovers(unit: Pick<Unit, 'gridCodes' | 'categoryCodes'>, codes: string[], categoryCode?: string): { place: boolean; category: boolean } {
  return {
    place: unit.gridCodes.some((c) => codes.includes(c)),
    category: !categoryCode || unit.categoryCodes.length === 0 || unit.categoryCodes.includes(categoryCode),
  };
}
