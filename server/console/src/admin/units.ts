import { unitKindNames, unitKinds, type UnitView } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { button, codesFrom, field, input, select, statusLine, table, valueOf } from './ui';

/** 承办单位: the departments, 物业 and social forces a command centre 派遣 to — created here, and edited in the same form. */
export async function renderUnits(el: HTMLElement, _me?: unknown, said?: string, editing?: UnitView): Promise<void> {
  const units = (await api<{ items: UnitView[] }>('/api/v1/units')).items;
  const status = statusLine();
  if (said) status.ok(said);
  const autoRoute = h('input', { type: 'checkbox', name: 'autoRoute', ...(editing?.autoRoute ? { checked: true } : {}) });
  const form = h(
    'form',
    { class: 'admin-form', 'aria-label': editing ? `修改单位 ${editing.name}` : '新建单位' },
    field('单位代码', input('code', { required: true, maxlength: 40, placeholder: '如 power-ds', value: editing?.code, readonly: !!editing })),
    field('名称', input('name', { required: true, maxlength: 40, value: editing?.name })),
    field('类型', select('kind', unitKinds.map((k) => [k, unitKindNames[k]]), editing?.kind ?? 'department')),
    field('服务范围（网格代码）', input('gridCodes', { required: true, value: editing?.gridCodes.join(',') })),
    field('处理类别（代码，留空为不限）', input('categoryCodes', { value: editing?.categoryCodes.join(',') })),
    h('label', { class: 'field' }, autoRoute, h('span', {}, '这些类别直接派给本单位')),
    h('button', { type: 'submit', class: 'btn btn--primary' }, editing ? '保存修改' : '新建单位'),
    editing ? button('取消', () => renderUnits(el)) : null,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const categories = codesFrom(valueOf(form, 'categoryCodes'));
    const fields = {
      name: valueOf(form, 'name'),
      kind: valueOf(form, 'kind'),
      gridCodes: codesFrom(valueOf(form, 'gridCodes')),
      ...(categories.length ? { categoryCodes: categories } : {}),
      autoRoute: autoRoute.checked,
    };
    try {
      const saved = editing
        ? await api<UnitView>(`/api/v1/admin/units/${encodeURIComponent(editing.code)}`, { method: 'PUT', body: fields })
        : await api<UnitView>('/api/v1/admin/units', { method: 'POST', body: { code: valueOf(form, 'code'), ...fields } });
      await renderUnits(el, undefined, editing ? `已保存“${saved.name}”` : `已新建单位“${saved.name}”`);
    } catch (err) {
      status.fail(err);
    }
  });
  el.replaceChildren(
    h('h2', {}, '承办单位', h('span', { class: 'muted' }, ` 共 ${units.length} 个`)),
    table(
      ['代码', '名称', '类型', '服务范围', '处理类别', '直派', '人员', ''],
      units.map((u) => [
        u.code,
        u.name,
        unitKindNames[u.kind],
        u.gridCodes.join(','),
        u.categoryCodes.join(',') || '不限',
        u.autoRoute ? '是' : '否',
        String(u.members),
        button('修改', () => renderUnits(el, undefined, undefined, u), { 'aria-label': `修改${u.name}` }),
      ]),
      '承办单位',
    ),
    h('h2', {}, editing ? `修改单位：${editing.name}` : '新建单位'),
    form,
    status.el,
  );
  if (editing) form.scrollIntoView();
}
