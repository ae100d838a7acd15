import { z } from 'zod';

/** Who a user is to the system. Staff roles are created by an admin; everyone else is a resident. */
export const roles = ['resident', 'grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** The "三格": which kind of grid worker handles a category. */
export const specialties = ['social', 'urban', 'police'] as const;
export const specialtySchema = z.enum(specialties);
export type Specialty = z.infer<typeof specialtySchema>;

export const roleNames: Record<Role, string> = {
  resident: '居民',
  grid_worker: '网格员',
  grid_leader: '网格长',
  dispatcher: '指挥中心',
  unit_handler: '承办单位',
  admin: '系统管理员',
};

export const specialtyNames: Record<Specialty, string> = {
  social: '社会治理网格员',
  urban: '城市治理网格员',
  police: '警格员',
};

export const staffRoles: readonly Role[] = ['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin'];
