import { specialties, specialtyNames, timeUnitNames, timeUnits, type Category, type TimeLimit } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { button, select, statusLine, table } from './ui';

/** A time limit as a number and a unit, e.g. 4 个工作小时. */
function limitInputs(name: string, label: string, limit: TimeLimit): { el: HTMLElement; read: () => TimeLimit } {
  const value = h('input', { type: 'number', min: 1, max: 10000, step: 'any', value: limit.value, 'aria-label': `${label}数值`, class: 'admin-number' });
  const unit = select(`${name}Unit`, timeUnits.map((u) => [u, timeUnitNames[u]]), limit.unit);
  unit.setAttribute('aria-label', `${label}单位`);
  return { el: h('span', { class: 'admin-limit' }, value, unit), read: () => ({ value: Number(value.value), unit: unit.value as TimeLimit['unit'] }) };
}

/** 分类与时限: who handles each category and how long they have, edited as data; each change is logged. */
export async function renderCategories(el: HTMLElement): Promise<void> {
  const items = (await api<{ items: Category[] }>('/api/v1/admin/categories')).items;
  const status = statusLine();
  const rows = items.map((c) => {
    const specialty = select('specialty', specialties.map((s) => [s, specialtyNames[s]]), c.specialty);
    specialty.setAttribute('aria-label', `${c.name}处理专业`);
    const sign = limitInputs('sign', `${c.name}签收时限`, c.signLimit);
    const resolve = limitInputs('resolve', `${c.name}办结时限`, c.resolveLimit);
    const active = h('input', { type: 'checkbox', 'aria-label': `${c.name}启用`, ...(c.active ? { checked: true } : {}) });
    const save = button('保存', async () => {
      try {
        await api(`/api/v1/admin/categories/${c.code}`, { method: 'PUT', body: { specialty: specialty.value, signLimit: sign.read(), resolveLimit: resolve.read(), active: active.checked } });
        status.ok(`已保存“${c.name}”，之后派出的报事按新时限计算`);
      } catch (err) {
        status.fail(err);
      }
    });
    save.setAttribute('aria-label', `保存${c.name}`);
    return [c.name, specialty, sign.el, resolve.el, active, save];
  });
  el.replaceChildren(
    h('h2', {}, '分类与时限'),
    h('p', { class: 'muted' }, '修改只影响之后派出的报事；已在办的报事保留原时限。'),
    status.el,
    table(['类别', '处理专业', '签收时限', '办结时限', '启用', ''], rows, '分类与时限'),
  );
}
