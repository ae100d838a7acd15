import { statusGroups, type HandOver, type HandOverResult, type StaffMember, type StaffUpdate } from '@linli/shared';
import type { Types } from 'mongoose';
import { AppError, ConflictError, NotFoundError } from '../../lib/errors';
import type { Models } from '../../models';
import type { AdminLog } from '../admin-log/admin-log';
import type { GridDirectory } from '../grids/grid-directory';
import { maskPhone } from '../privacy/phone';
import { openCounts } from '../reports/workload';
import type { UnitsRepository } from '../units/units.repository';
import type { User, UsersRepository } from './users.repository';

export interface StaffAdminDeps {
  models: Pick<Models, 'Report' | 'Workload'>;
  users: UsersRepository;
  grids: GridDirectory;
  units: UnitsRepository;
  audit: AdminLog;
  clock: () => Date;
  /** Moves one held report to another handler through the lifecycle (转派), once per key. */
  reassign: (actor: User, reportId: string, toUserId: string, note: string, key: string) => Promise<void>;
}

const HAND_OVER_MAX = 500;

/**
 * Staff administration: an admin manages every staff account; a grid leader the grid workers inside their own grids.
 * Every change is written to the administration log with the account before and after.
 */
export function staffAdmin(deps: StaffAdminDeps) {
  const view = (u: User, open: number): StaffMember => ({
    id: String(u._id),
    role: u.role,
    name: u.name ?? null,
    phone: u.phone ? maskPhone(u.phone) : null,
    specialty: u.specialty ?? null,
    gridCodes: u.gridCodes ?? [],
    unitCode: u.unitCode ?? null,
    disabled: !!u.disabledAt,
    openReports: open,
    createdAt: u.createdAt.toISOString(),
  });
  const openOf = async (u: User) => (await openCounts(deps.models, [u._id])).get(String(u._id))?.open ?? 0;

  /** The grids a leader manages (their subtrees); null for an admin, who manages everyone. */
  async function reach(actor: User): Promise<Set<string> | null> {
    if (actor.role === 'admin') return null;
    const index = await deps.grids.current();
    return new Set(actor.gridCodes.flatMap((c) => index.subtree(c)));
  }
  const within = (area: Set<string> | null, codes: string[]) => !area || codes.every((c) => area.has(c));
  const manages = (area: Set<string> | null, u: User) => !area || (u.role === 'grid_worker' && u.gridCodes.length > 0 && within(area, u.gridCodes));

  /** A staff account the actor manages, or 404 as for one that does not exist. */
  async function target(actor: User, id: string): Promise<{ user: User; area: Set<string> | null }> {
    const area = await reach(actor);
    const user = await deps.users.staff.get(id);
    if (!user || !manages(area, user)) throw new NotFoundError('staff', '人员不存在或不在您的管理范围');
    return { user, area };
  }

  return {
    /** Everyone the actor manages, disabled ones included, by role then name. */
    async list(actor: User): Promise<StaffMember[]> {
      const area = await reach(actor);
      const people = (await deps.users.staff.everyone()).filter((u) => manages(area, u));
      const counts = await openCounts(deps.models, people.map((u) => u._id));
      return people
        .map((u) => view(u, counts.get(String(u._id))?.open ?? 0))
        .sort((a, b) => a.role.localeCompare(b.role) || (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN'));
    },

    /** Renames, re-scopes, disables or enables one account; refused whole if any part is wrong. */
    async update(actor: User, id: string, change: StaffUpdate): Promise<StaffMember> {
      const { user, area } = await target(actor, id);
      if (change.gridCodes) {
        const index = await deps.grids.current();
        const unknown = change.gridCodes.filter((c) => !index.get(c));
        if (unknown.length) throw new AppError(400, 'GRID_UNKNOWN', `网格不存在：${unknown.join('、')}`, { gridCodes: unknown });
        if (!within(area, change.gridCodes)) throw new AppError(403, 'STAFF_OUT_OF_SCOPE', '只能把网格员调整到您负责的网格内');
        if (user.role === 'grid_worker' && change.gridCodes.length === 0) throw new AppError(400, 'GRIDS_REQUIRED', '网格员须指定负责的网格');
      }
      if (change.specialty && user.role !== 'grid_worker') throw new AppError(400, 'SPECIALTY_NOT_APPLICABLE', '只有网格员有专业分工');
      if (change.unitCode !== undefined) {
        if (user.role !== 'unit_handler') throw new AppError(400, 'UNIT_NOT_APPLICABLE', '只有承办单位人员属于某个单位');
        if (!(await deps.units.get(change.unitCode))) throw new AppError(400, 'UNIT_UNKNOWN', `单位不存在：${change.unitCode}`);
      }
      if (change.disabled) {
        if (String(user._id) === String(actor._id)) throw new ConflictError('不能停用自己的账号', 'CANNOT_DISABLE_SELF');
        const open = await openOf(user);
        if (open > 0) throw new ConflictError(`${user.name ?? '该人员'}手上还有 ${open} 件未办完的报事，请先工作交接`, 'STAFF_HAS_OPEN_REPORTS', { openReports: open });
      }
      const { disabled, ...fields } = change;
      const after = await deps.users.updateStaff(id, fields, disabled === undefined ? undefined : disabled ? (user.disabledAt ?? deps.clock()) : null);
      const action = disabled === true && !user.disabledAt ? 'staff.disable' : disabled === false && user.disabledAt ? 'staff.enable' : 'staff.update';
      const open = await openOf(after);
      const result = view(after, open);
      await deps.audit.record(actor, action, id, view(user, open), result);
      return result;
    },

    /**
     * A leaving member's held reports go to another handler, each through the lifecycle's 转派 (timeline, notices);
     * repeated after a failure, it moves only what is left. With `disable`, the account is disabled once empty.
     */
    async handOver(actor: User, id: string, input: HandOver): Promise<HandOverResult> {
      const { user: from, area } = await target(actor, id);
      if (input.toUserId === id) throw new AppError(400, 'HAND_OVER_SAME', '接手人不能是交出人本人');
      const to = await deps.users.staff.get(input.toUserId);
      if (!to || to.disabledAt || !manages(area, to) || !['grid_worker', 'grid_leader'].includes(to.role)) {
        throw new AppError(400, 'HAND_OVER_TARGET_INVALID', '接手人须是在岗的网格员或网格长，且在您的管理范围内');
      }
      const held = await deps.models.Report.find({ assigneeId: from._id, status: { $in: [...statusGroups.held] } }, { _id: 1, no: 1 })
        .sort({ _id: 1 })
        .limit(HAND_OVER_MAX)
        .lean<{ _id: Types.ObjectId; no: string }[]>();
      const note = input.note ?? `工作交接：${from.name ?? ''}的报事转交${to.name ?? ''}`;
      let moved = 0;
      const failed: HandOverResult['failed'] = [];
      for (const r of held) {
        try {
          await deps.reassign(actor, String(r._id), input.toUserId, note, `handover:${id}:${input.toUserId}:${String(r._id)}`);
          moved += 1;
        } catch (err) {
          failed.push({ id: String(r._id), no: r.no, message: err instanceof AppError ? err.message : '转派失败' });
        }
      }
      const left = failed.length > 0 || held.length === HAND_OVER_MAX;
      let disabled = !!from.disabledAt;
      if (input.disable && !left && !disabled && String(from._id) !== String(actor._id)) {
        await deps.users.updateStaff(id, {}, deps.clock());
        disabled = true;
      }
      await deps.audit.record(actor, 'staff.hand_over', id, view(from, held.length), {
        toUserId: input.toUserId,
        toName: to.name ?? null,
        moved,
        failed: failed.map((f) => f.no),
        disabled,
      });
      return { moved, failed, disabled };
    },
  };
}

export type StaffAdmin = ReturnType<typeof staffAdmin>;
