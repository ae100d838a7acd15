import type { AreaGeometry, GridLevel } from '@linli/shared';
import type { CounterModel } from '../../lib/counter.model';
import { versionedCache } from '../../lib/versioned-cache';
import type { Models } from '../../models';
import { GridIndex, type IndexedGrid } from './spatial-index';

/** Each server instance keeps the grid layout in memory; an import bumps a version every instance watches. */
export function gridDirectory({ Grid, Counter }: Pick<Models, 'Grid' | 'Counter'>, checkEveryMs = 1_000) {
  const cache = versionedCache(
    Counter as CounterModel,
    'grids.version',
    async () => {
      const rows = await Grid.find({}, { code: 1, name: 1, level: 1, parentCode: 1, geometry: 1, bbox: 1 }).lean();
      return new GridIndex(
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
    },
    checkEveryMs,
  );
  return {
    /** The current index, rebuilt first if another instance (or this one) changed the grids. */
    current: (now = Date.now()): Promise<GridIndex> => cache.current(now),
    /** Called after writing grids: every instance will rebuild, this one at once. */
    changed: (): Promise<GridIndex> => cache.changed(),
  };
}

export type GridDirectory = ReturnType<typeof gridDirectory>;
