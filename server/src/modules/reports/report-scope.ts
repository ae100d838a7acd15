import { commandLevels, gridLevels, type GridLevel } from '@linli/shared';
import type { FilterQuery } from 'mongoose';
import type { GridIndex } from '../grids/spatial-index';
import type { User } from '../users/users.repository';
import type { ReportDoc } from './report.model';

/** The report field that holds the code of a grid at each level (one field per level: indexable on every engine). */
export type LevelField = 'cityCode' | 'districtCode' | 'streetCode' | 'areaCode' | 'communityCode' | 'gridCode';
export const levelField: Record<GridLevel, LevelField> = {
  city: 'cityCode',
  district: 'districtCode',
  street: 'streetCode',
  area: 'areaCode',
  community: 'communityCode',
  grid: 'gridCode',
};

/** The per-level code fields of a report located in this chain (deepest first, as GridIndex.locate gives it). */
type LevelCodes = Pick<ReportDoc, 'cityCode' | 'districtCode' | 'streetCode' | 'areaCode' | 'communityCode'>;
export function levelCodes(chain: { code: string; level: GridLevel }[]): LevelCodes {
  const at = (level: GridLevel) => chain.find((g) => g.level === level)?.code ?? null;
  return { cityCode: at('city'), districtCode: at('district'), streetCode: at('street'), areaCode: at('area'), communityCode: at('community') };
}

/** The per-level codes of a stored path (top first); levels from the layout, else by position. */
export function levelCodesOfPath(path: string[], index: GridIndex): LevelCodes {
  // Paths stored before the city and district levels existed started at the street.
  const offset = gridLevels.indexOf('street');
  return levelCodes(path.map((code, i) => ({ code, level: index.get(code)?.level ?? gridLevels[Math.min(i + offset, gridLevels.length - 1)]! })));
}

/** Every grid code a report sits in, at any level (its path, and the level fields that place it). */
export function codesOf(report: Partial<Pick<ReportDoc, LevelField | 'gridPath'>>): string[] {
  const fields = (['cityCode', 'districtCode', 'streetCode', 'areaCode', 'communityCode', 'gridCode'] as const).map((f) => report[f]).filter((c): c is string => !!c);
  return [...new Set([...fields, ...(report.gridPath ?? [])])];
}

/**
 * The 把关 level a command centre sits at — the highest of 市 / 区 / 街道 among its scope codes; null for anyone else,
 * or a centre without a scope (a single-street deployment's, which acts as its street's).
 */
export function commandLevelOf(user: User, index: GridIndex): GridLevel | null {
  if (user.role !== 'dispatcher') return null;
  const levels = new Set(user.gridCodes.map((c) => index.get(c)?.level));
  return commandLevels.find((l) => levels.has(l)) ?? null;
}

/** A dispatcher scoped to grid codes is the 指挥中心 of those levels; one without any sees the whole deployment. */
const scopedDispatcher = (user: User) => user.role === 'dispatcher' && user.gridCodes.length > 0;

/**
 * Which reports a user may see, as branches of an $or that each use an index: a resident their own and those they
 * follow; a worker their assigned and their grids'; a leader their assigned and each of their grids' subtrees by that
 * grid's level field; a unit's members the unit's queue; a dispatcher their levels' subtrees. `null` means everything
 * (an unscoped dispatcher, admin).
 */
export function scopeBranches(user: User, index: GridIndex): FilterQuery<ReportDoc>[] | null {
  switch (user.role) {
    case 'resident': {
      const following = (user as User & { following?: unknown[] }).following ?? [];
      return [{ residentId: user._id }, ...(following.length ? [{ _id: { $in: following } }] : [])];
    }
    case 'grid_worker':
      return [{ assigneeId: user._id }, ...(user.gridCodes.length ? [{ gridCode: { $in: user.gridCodes } }] : [])];
    case 'grid_leader':
      return [{ assigneeId: user._id }, ...user.gridCodes.map((code) => ({ [levelField[index.get(code)?.level ?? 'grid']]: code }))];
    case 'unit_handler':
      return [{ assigneeId: user._id }, ...(user.unitCode ? [{ unitCode: user.unitCode }] : [])];
    case 'dispatcher':
      return scopedDispatcher(user) ? user.gridCodes.map((code) => ({ [levelField[index.get(code)?.level ?? 'grid']]: code })) : null;
    default:
      return null;
  }
}

/** The filter for reports in scope that also meet every condition: each condition is repeated in every branch. */
export function scoped(branches: FilterQuery<ReportDoc>[] | null, conditions: FilterQuery<ReportDoc>[]): FilterQuery<ReportDoc> {
  if (!branches) return conditions.length ? { $and: conditions } : {};
  return { $or: branches.map((b) => (conditions.length ? { $and: [b, ...conditions] } : b)) };
}

/** A filter on a grid at any level: its level field, or the grid code when the layout does not know it. */
export function inGrid(code: string, index: GridIndex): FilterQuery<ReportDoc> {
  return { [levelField[index.get(code)?.level ?? 'grid']]: code };
}

type ScopedReport = Pick<ReportDoc, 'residentId' | 'assigneeId' | 'gridCode' | 'gridPath'> &
  Partial<Pick<ReportDoc, LevelField | 'unitCode'>> & { followerIds?: unknown[] | null };

/** The same rule as scopeBranches, for one report already in hand. */
export function canSee(user: User, report: ScopedReport): boolean {
  const id = String(user._id);
  switch (user.role) {
    case 'resident':
      return String(report.residentId) === id || (report.followerIds ?? []).some((f) => String(f) === id);
    case 'grid_worker':
      return String(report.assigneeId) === id || (!!report.gridCode && user.gridCodes.includes(report.gridCode));
    case 'grid_leader':
      return String(report.assigneeId) === id || report.gridPath.some((c) => user.gridCodes.includes(c));
    case 'unit_handler':
      return String(report.assigneeId) === id || (!!user.unitCode && report.unitCode === user.unitCode);
    case 'dispatcher':
      return !scopedDispatcher(user) || codesOf(report).some((c) => user.gridCodes.includes(c));
    default:
      return true;
  }
}

/** Whether a leader's or dispatcher's role-based actions reach this report. */
export function inCommandScope(user: User, report: ScopedReport): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'dispatcher') return !scopedDispatcher(user) || codesOf(report).some((c) => user.gridCodes.includes(c));
  if (user.role === 'grid_leader') return report.gridPath.some((c) => user.gridCodes.includes(c));
  return false;
}
