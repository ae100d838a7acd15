import type { AreaGeometry, GridLevel } from '@linli/shared';
import { currentSeq, nextSeq, type CounterModel } from '../../lib/counter.model';
import type { Models } from '../../models';
import { GridIndex, type IndexedGrid } from './spatial-index';

const VERSION_KEY = 'grids.version';

/**
 * Each server instance keeps the grid layout in memory; an import bumps a version in the database,
 * and every instance rebuilds when it sees a newer one (checked at most once per `checkEveryMs`).
 */
export function gridDirectory({ Grid, Counter }: Pick<Models, 'Grid' | 'Counter'>, checkEveryMs = 1_000) {
  let index = new GridIndex([]);
  let version = -1;
  let checkedAt = 0;
  let loading: Promise<GridIndex> | null = null;

  async function load(): Promise<GridIndex> {
    const v = await currentSeq(Counter as CounterModel, VERSION_KEY);
    const rows = await Grid.find({}, { code: 1, name: 1, level: 1, parentCode: 1, geometry: 1, bbox: 1 }).lean();
    index = new GridIndex(
      rows.map(
        (r): IndexedGrid => ({
          code: r.code,
          name: r.name,
          level: r.level as GridLevel,
          parentCode: r.parentCode ?? null,
          geometry: JSON.parse(r.geometry) as AreaGeometry,
          bbox: [r.bbox!.minLng!, r.bbox!.minLat!, r.bbox!.maxLng!, r.bbox!.maxLat!],
        }),
      ),
    );
    version = v;
    return index;
  }

  return {
    /** The current index, rebuilt first if another instance (or this one) changed the grids. */
    async current(now = Date.now()): Promise<GridIndex> {
      if (now - checkedAt < checkEveryMs && version >= 0) return index;
      checkedAt = now;
      const v = await currentSeq(Counter as CounterModel, VERSION_KEY);
      if (v === version) return index;
      loading ??= load().finally(() => (loading = null));
      return loading;
    },

    /** Called after writing grids: every instance will rebuild, this one at once. */
    async changed(): Promise<GridIndex> {
      await nextSeq(Counter as CounterModel, VERSION_KEY);
      checkedAt = Date.now();
      return load();
    },
  };
}

export type GridDirectory = ReturnType<typeof gridDirectory>;
