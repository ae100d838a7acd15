import { specialtyNames, type Category, type GridSummary, type Specialty } from '@linli/shared';
import type { Models } from '../../models';
import type { User, UsersRepository } from '../users/users.repository';
import { openCounts } from './workload';
import type { Unit, UnitsRepository } from '../units/units.repository';

export interface RoutingDecision {
  assignee: User | null;
  /** A unit the street set to take this category here directly (e.g. a 物业 for its 小区). */
  unit: Unit | null;
  /** The deepest grid containing the point, or null outside every grid. */
  grid: GridSummary | null;
  reason: string;
}

/** Fewest open reports first; ties go to the one idle longest (never assigned counts as longest). */
function leastLoaded(candidates: User[], counts: Map<string, { open: number; lastAssignedAt: Date | null }>): { user: User; open: number } {
  const scored = candidates.map((user) => {
    const w = counts.get(String(user._id));
    return { user, open: w?.open ?? 0, idleSince: (w?.lastAssignedAt ?? user.lastAssignedAt)?.getTime() ?? 0 };
  });
  scored.sort((a, b) => a.open - b.open || a.idleSince - b.idleSince || String(a.user._id).localeCompare(String(b.user._id)));
  return scored[0]!;
}

/**
 * Deepest grid → the category's specialty → that grid's least-loaded worker of it;
 * no such worker → the nearest grid leader up the chain; outside every grid → the dispatcher's queue.
 */
export async function chooseHandler(
  deps: { users: UsersRepository; units: Pick<UnitsRepository, 'list'>; models: Pick<Models, 'Workload'> },
  chain: GridSummary[],
  category: Pick<Category, 'code' | 'name' | 'specialty'>,
): Promise<RoutingDecision> {
  const grid = chain[0];
  if (!grid) return { assignee: null, unit: null, grid: null, reason: '位置不在任何网格内，转指挥中心分派' };
  const specialty = category.specialty as Specialty;

  // A unit set to take this category here gets it without a grid worker in between: the one whose area is the
  // deepest in the chain (a 小区's 物业 before a street-wide one).
  const takers = (await deps.units.list()).filter((u) => u.autoRoute && u.categoryCodes.includes(category.code));
  const direct = chain.map((g) => takers.find((u) => u.gridCodes.includes(g.code))).find(Boolean);
  if (direct) return { assignee: null, unit: direct, grid, reason: `位于${grid.name}；「${category.name}」由${direct.name}负责处理` };

  const workers = await deps.users.workersOf(grid.code, specialty);
  if (workers.length > 0) {
    const pick = leastLoaded(workers, await openCounts(deps.models, workers.map((w) => w._id)));
    return {
      assignee: pick.user,
      unit: null,
      grid,
      reason: `位于${grid.name}；「${category.name}」由${specialtyNames[specialty]}处理`,
    };
  }
  for (const level of chain) {
    const leaders = await deps.users.leadersOf([level.code]);
    if (leaders.length === 0) continue;
    const pick = leastLoaded(leaders, await openCounts(deps.models, leaders.map((l) => l._id)));
    return { assignee: pick.user, unit: null, grid, reason: `位于${grid.name}；该网格暂无${specialtyNames[specialty]}，派给${level.name}网格长` };
  }
  return { assignee: null, unit: null, grid, reason: `位于${grid.name}；该网格暂无${specialtyNames[specialty]}和网格长，转街道指挥中心分派` };
}
