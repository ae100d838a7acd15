import { invitableRoles, invitationStatusNames, roleNames, specialties, specialtyNames, type InvitationView, type StaffMember, type UnitView, type UserView } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { button, codesFrom, field, input, select, statusLine, table, valueOf, when } from './ui';

interface Created extends InvitationView {
  code: string;
}

/** The invitation form: an admin invites any role; a leader grid workers for their own grids. */
function inviteForm(me: UserView, units: UnitView[], onMade: (made: Created) => void, status: ReturnType<typeof statusLine>): HTMLFormElement {
  const roles = me.role === 'admin' ? invitableRoles : (['grid_worker'] as const);
  const role = select('role', roles.map((r) => [r, roleNames[r]]), 'grid_worker');
  const specialty = select('specialty', specialties.map((s) => [s, specialtyNames[s]]), 'social');
  const unit = select('unitCode', [['', '（不适用）'], ...units.map((u): [string, string] => [u.code, u.name])]);
  const form = h(
    'form',
    { class: 'admin-form', 'aria-label': '邀请工作人员' },
    field('角色', role),
    field('姓名', input('name', { required: true, maxlength: 40 })),
    field('手机号（选填）', input('phone', { inputmode: 'tel', maxlength: 11 })),
    field('负责网格（代码，逗号分隔）', input('gridCodes', { value: me.role === 'grid_leader' ? me.gridCodes.join(',') : '' })),
    field('专业（网格员）', specialty),
    field('所属单位（承办单位人员）', unit),
    field('有效期', select('expiresInHours', [['24', '1天'], ['72', '3天'], ['168', '7天'], ['720', '30天']], '168')),
    h('button', { type: 'submit', class: 'btn btn--primary' }, '生成邀请码'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = valueOf(form, 'role');
    try {
      const made = await api<Created>('/api/v1/admin/invitations', {
        method: 'POST',
        body: {
          role: r,
          name: valueOf(form, 'name'),
          ...(valueOf(form, 'phone') ? { phone: valueOf(form, 'phone') } : {}),
          gridCodes: codesFrom(valueOf(form, 'gridCodes')),
          ...(r === 'grid_worker' ? { specialty: valueOf(form, 'specialty') } : {}),
          ...(r === 'unit_handler' && valueOf(form, 'unitCode') ? { unitCode: valueOf(form, 'unitCode') } : {}),
          expiresInHours: Number(valueOf(form, 'expiresInHours')),
        },
      });
      onMade(made);
    } catch (err) {
      status.fail(err);
    }
  });
  return form;
}

/** One member's row actions: re-scope, disable/enable, hand over (to an active worker or leader). */
function memberActions(m: StaffMember, takers: StaffMember[], reload: (said: string) => void, status: ReturnType<typeof statusLine>): HTMLElement {
  const box = h('div', { class: 'admin-actions' });
  const patch = async (body: object, done: string) => {
    try {
      await api(`/api/v1/admin/staff/${m.id}`, { method: 'PATCH', body });
      reload(done);
    } catch (err) {
      status.fail(err);
    }
  };
  const grids = input('gridCodes', { value: m.gridCodes.join(','), 'aria-label': `${m.name ?? ''}的网格`, size: 18 });
  box.append(grids, button('调整网格', () => patch({ gridCodes: codesFrom(grids.value) }, `已调整${m.name ?? ''}的网格`)));
  if (m.disabled) box.append(button('启用', () => patch({ disabled: false }, `已启用${m.name ?? ''}`)));
  else box.append(button('停用', () => patch({ disabled: true }, `已停用${m.name ?? ''}`)));
  // Colleagues of the same grids first: they are who can take the reports (the server refuses anyone else per report).
  const shares = (t: StaffMember) => t.gridCodes.some((c) => m.gridCodes.includes(c));
  const others = takers.filter((t) => t.id !== m.id).sort((a, b) => Number(shares(b)) - Number(shares(a)));
  if (!m.disabled && (m.role === 'grid_worker' || m.role === 'grid_leader') && others.length) {
    const to = select('toUserId', others.map((t) => [t.id, `${t.name ?? ''}（${t.gridCodes.join(',')}）`]));
    to.setAttribute('aria-label', `${m.name ?? ''}的接手人`);
    const andDisable = h('input', { type: 'checkbox', name: 'disable' });
    box.append(
      to,
      h('label', {}, andDisable, '交接后停用'),
      button('工作交接', async () => {
        try {
          const r = await api<{ moved: number; failed: { no: string; message: string }[]; disabled: boolean }>(`/api/v1/admin/staff/${m.id}/hand-over`, {
            method: 'POST',
            body: { toUserId: to.value, disable: andDisable.checked },
          });
          const left = r.failed.length ? `；${r.failed.length} 件未能转交：${r.failed.map((f) => `${f.no} ${f.message}`).join('；')}` : '';
          reload(`已转交 ${r.moved} 件报事${r.disabled ? '，账号已停用' : ''}${left}`);
        } catch (err) {
          status.fail(err);
        }
      }),
    );
  }
  return box;
}

/** What the last action said, shown again after the lists are redrawn. */
interface Said {
  text?: string;
  made?: Created;
}

/** 人员与邀请: invite, the invitations made, and the staff with their actions. */
export async function renderStaff(el: HTMLElement, me: UserView, said: Said = {}): Promise<void> {
  const [staff, invitations, units] = await Promise.all([
    api<{ items: StaffMember[] }>('/api/v1/admin/staff').then((r) => r.items),
    api<{ items: InvitationView[] }>('/api/v1/admin/invitations').then((r) => r.items),
    me.role === 'admin' ? api<{ items: UnitView[] }>('/api/v1/units').then((r) => r.items) : Promise.resolve([]),
  ]);
  const status = statusLine();
  const reload = (text: string) => void renderStaff(el, me, { text });
  if (said.text) status.ok(said.text);
  const made = h(
    'div',
    { id: 'invitation-made', 'aria-live': 'polite' },
    said.made
      ? h('p', {}, `${said.made.name}的邀请码：`, h('strong', { class: 'invite-code', id: 'invite-code' }, said.made.code), `（${when(said.made.expiresAt)}前有效，只显示这一次）`)
      : null,
  );
  const takers = staff.filter((s) => !s.disabled && (s.role === 'grid_worker' || s.role === 'grid_leader'));

  el.replaceChildren(
    h('h2', {}, '邀请工作人员'),
    h('p', { class: 'muted' }, '生成一次性邀请码，对方在小程序“我的 → 工作人员绑定”输入后即成为该工作人员账号。'),
    inviteForm(
      me,
      units,
      (inv) => void renderStaff(el, me, { made: inv }),
      status,
    ),
    made,
    status.el,
    h('h2', {}, '邀请记录'),
    table(
      ['姓名', '角色', '网格', '手机', '状态', '有效至', ''],
      invitations.map((i) => [
        i.name,
        roleNames[i.role],
        i.gridCodes.join(','),
        i.phone ?? '',
        invitationStatusNames[i.status],
        when(i.expiresAt),
        i.status === 'pending'
          ? button('撤销', async () => {
              try {
                await api(`/api/v1/admin/invitations/${i.id}`, { method: 'DELETE' });
                reload(`已撤销${i.name}的邀请`);
              } catch (err) {
                status.fail(err);
              }
            })
          : null,
      ]),
      '邀请记录',
    ),
    h('h2', {}, '工作人员', h('span', { class: 'muted' }, ` 共 ${staff.length} 人`)),
    table(
      ['姓名', '角色', '网格', '手机', '在办', '状态', '操作'],
      staff.map((m) => [m.name ?? '', roleNames[m.role], m.gridCodes.join(','), m.phone ?? '', String(m.openReports), m.disabled ? '已停用' : '在岗', memberActions(m, takers, reload, status)]),
      '工作人员',
    ),
  );
}
