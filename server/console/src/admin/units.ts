import { unitKindNames, unitKinds, type UnitView } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { codesFrom, field, input, select, statusLine, table, valueOf } from './ui';

/** 承办单位: the departments, 物业 and social forces a command centre 派遣 to. */
export async function renderUnits(el: HTMLElement, _me?: unknown, said?: string): Promise<void> {
  const units = (await api<{ items: UnitView[] }>('/api/v1/units')).items;
  const status = statusLine();
  if (said) status.ok(said);
  const form = h(
    'form',
    { class: 'admin-form', 'aria-label': '新建单位' },
    field('单位代码', input('code', { required: true, maxlength: 40, placeholder: '如 power-ds' })),
    field('名称', input('name', { required: true, maxlength: 40 })),
    field('类型', select('kind', unitKinds.map((k) => [k, unitKindNames[k]]), 'department')),
    field('服务范围（网格代码）', input('gridCodes', { required: true })),
    field('处理类别（代码，留空为不限）', input('categoryCodes')),
    h('label', { class: 'field' }, h('input', { type: 'checkbox', name: 'autoRoute' }), h('span', {}, '这些类别直接派给本单位')),
    h('button', { type: 'submit', class: 'btn btn--primary' }, '新建单位'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const categories = codesFrom(valueOf(form, 'categoryCodes'));
    try {
      const made = await api<UnitView>('/api/v1/admin/units', {
        method: 'POST',
        body: {
          code: valueOf(form, 'code'),
          name: valueOf(form, 'name'),
          kind: valueOf(form, 'kind'),
          gridCodes: codesFrom(valueOf(form, 'gridCodes')),
          ...(categories.length ? { categoryCodes: categories } : {}),
          autoRoute: (form.elements.namedItem('autoRoute') as HTMLInputElement).checked,
        },
      });
      await renderUnits(el, undefined, `已新建单位“${made.name}”`);
    } catch (err) {
      status.fail(err);
    }
  });
  el.replaceChildren(
    h('h2', {}, '承办单位', h('span', { class: 'muted' }, ` 共 ${units.length} 个`)),
    table(
      ['代码', '名称', '类型', '服务范围', '处理类别', '直派', '人员'],
      units.map((u) => [u.code, u.name, unitKindNames[u.kind], u.gridCodes.join(','), u.categoryCodes.join(',') || '不限', u.autoRoute ? '是' : '否', String(u.members)]),
      '承办单位',
    ),
    h('h2', {}, '新建单位'),
    form,
    status.el,
  );
}
