import type { Specialty } from '@linli/shared';
import type { CounterModel } from '../../lib/counter.model';
import { versionedCache } from '../../lib/versioned-cache';
import type { Models } from '../../models';
import type { User } from './users.repository';

export const staffRoles = ['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin'] as const;

/**
 * Every staff account of the deployment, in memory on each instance (a street has tens to hundreds; a city a few
 * thousand): routing, supervision, candidates and authentication read it instead of querying users. Any write to a
 * staff account bumps `staff.version`, so every instance sees it within a second and the writing one at once.
 */
export function staffDirectory({ User, Counter }: Pick<Models, 'User' | 'Counter'>) {
  const cache = versionedCache(Counter as CounterModel, 'staff.version', async () => {
    const staff = await User.find({ role: { $in: [...staffRoles] } }).lean<User[]>();
    return new Map(staff.map((u) => [String(u._id), u]));
  });
  const everyone = async () => [...(await cache.current()).values()];
  // Disabled accounts stay in the directory (names on old reports) but are never chosen for anything.
  const all = async () => (await everyone()).filter((u) => !u.disabledAt);
  return {
    /** The staff account with this id, if it is one (disabled ones too). */
    async get(id: string): Promise<User | undefined> {
      return (await cache.current()).get(id);
    },
    /** Workers of one specialty bound to a grid. */
    async workersOf(gridCode: string, specialty?: Specialty): Promise<User[]> {
      return (await all()).filter((u) => u.role === 'grid_worker' && u.gridCodes.includes(gridCode) && (!specialty || u.specialty === specialty));
    },
    /** Leaders bound to any of these grid codes. */
    async leadersOf(gridCodes: string[]): Promise<User[]> {
      return (await all()).filter((u) => u.role === 'grid_leader' && u.gridCodes.some((c) => gridCodes.includes(c)));
    },
    all,
    everyone,
    async dispatchers(): Promise<User[]> {
      return (await all()).filter((u) => u.role === 'dispatcher');
    },
    async membersOf(unitCode: string): Promise<User[]> {
      return (await all()).filter((u) => u.role === 'unit_handler' && u.unitCode === unitCode);
    },
    /**
     * The 指挥中心 nearest above a report (path top first): dispatchers scoped to the deepest code of the path that has
     * any; else those with no scope (a single-street deployment's command centre sees everything).
     */
    async commandCentreOf(path: string[]): Promise<User[]> {
      const dispatchers = (await all()).filter((u) => u.role === 'dispatcher');
      for (const code of [...path].reverse()) {
        const here = dispatchers.filter((d) => d.gridCodes.includes(code));
        if (here.length) return here;
      }
      return dispatchers.filter((d) => d.gridCodes.length === 0);
    },
    changed: () => cache.changed(),
  };
}

export type StaffDirectory = ReturnType<typeof staffDirectory>;
