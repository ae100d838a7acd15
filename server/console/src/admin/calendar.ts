import type { WorkCalendar } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { codesFrom, field, input, statusLine, valueOf } from './ui';

const dayNames = ['日', '一', '二', '三', '四', '五', '六'];

/** 工作日历: office hours, weekdays, holidays and 调休 days that working-time limits count on. */
export async function renderCalendar(el: HTMLElement): Promise<void> {
  const cal = await api<WorkCalendar>('/api/v1/admin/work-calendar');
  const status = statusLine();
  const days = dayNames.map((name, d) => h('label', {}, h('input', { type: 'checkbox', name: 'weekday', value: d, ...(cal.weekdays.includes(d) ? { checked: true } : {}) }), `周${name}`));
  const form = h(
    'form',
    { class: 'admin-form', 'aria-label': '工作日历' },
    field('上班', input('dayStart', { type: 'time', value: cal.dayStart, required: true })),
    field('下班', input('dayEnd', { type: 'time', value: cal.dayEnd, required: true })),
    h('fieldset', {}, h('legend', {}, '每周工作日'), ...days),
    field('节假日（YYYY-MM-DD，每行一个或逗号分隔）', h('textarea', { name: 'holidays', rows: 4 }, cal.holidays.join('\n'))),
    field('调休上班日', h('textarea', { name: 'workdays', rows: 3 }, cal.workdays.join('\n'))),
    h('button', { type: 'submit', class: 'btn btn--primary' }, '保存日历'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/api/v1/admin/work-calendar', {
        method: 'PUT',
        body: {
          utcOffsetMinutes: cal.utcOffsetMinutes,
          dayStart: valueOf(form, 'dayStart'),
          dayEnd: valueOf(form, 'dayEnd'),
          weekdays: [...form.querySelectorAll<HTMLInputElement>('input[name="weekday"]:checked')].map((c) => Number(c.value)),
          holidays: codesFrom(valueOf(form, 'holidays')),
          workdays: codesFrom(valueOf(form, 'workdays')),
        },
      });
      status.ok('工作日历已保存，之后计算的时限按新日历');
    } catch (err) {
      status.fail(err);
    }
  });
  el.replaceChildren(h('h2', {}, '工作日历'), form, status.el);
}
