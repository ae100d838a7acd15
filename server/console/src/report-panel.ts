import { channelNames, statusNames, timelineEventNames, transitions, unitKindNames, type Action, type Candidate, type Category, type ReportView, type UnitView } from '@linli/shared';
import { api, ApiFailure } from './api';
import { beijingTime, h } from './dom';

// Merging needs the nearby-duplicates picker of the workbench; everything else can be done here.
const consoleActions = (r: ReportView) => r.allowedActions.filter((a) => a !== 'merge');

/** Where the report is: its grid chain, its address, and its coordinates when it has no grid. */
function placeOf(r: ReportView): string {
  const chain = r.grids.map((g) => g.name).reverse().join(' / ');
  const point = r.location.lng !== undefined && r.location.lat !== undefined ? `${r.location.lng.toFixed(5)}, ${r.location.lat.toFixed(5)}` : '';
  return [chain || (point ? '不在已划分网格内' : ''), r.location.address, point].filter(Boolean).join('，') || '未定位';
}

/** The form for one action, asking for exactly what the lifecycle table says it needs. */
async function actionForm(r: ReportView, action: Action, done: (r: ReportView) => void): Promise<HTMLElement> {
  const t = transitions[action];
  const form = h('form', { class: 'act-form', 'aria-label': t.label });
  const fields: HTMLElement[] = [];
  const read: Record<string, () => string> = {};
  if (t.needs.includes('assignee')) {
    const people = (await api<{ items: Candidate[] }>(`/api/v1/reports/${r.id}/candidates`)).items;
    const sel = h('select', { name: 'assigneeId', 'aria-label': '承办人' }, h('option', { value: '' }, '选择承办人'), ...people.map((p) => h('option', { value: p.id }, `${p.name}（${p.gridName}，在办${p.workload}件）`)));
    read.assigneeId = () => sel.value;
    fields.push(h('label', {}, '承办人 ', sel));
  }
  if (t.needs.includes('unit')) {
    const units = (await api<{ items: UnitView[] }>(`/api/v1/units?reportId=${r.id}`)).items;
    const sel = h(
      'select',
      { name: 'unitCode', 'aria-label': '承办单位' },
      h('option', { value: '' }, units.length ? '选择承办单位' : '该位置没有可派遣的单位'),
      ...units.map((u) => h('option', { value: u.code }, `${u.name}（${unitKindNames[u.kind]}${u.fits ? '' : '，非对口'}，在办${u.open ?? 0}件）`)),
    );
    read.unitCode = () => sel.value;
    fields.push(h('label', {}, '承办单位 ', sel));
  }
  if (t.needs.includes('category')) {
    const catalogue = (await api<{ items: Category[] }>('/api/v1/categories')).items;
    // One list: a category, or one of its 小类 (value "category/sub").
    const sel = h(
      'select',
      { name: 'categoryCode', 'aria-label': '类别' },
      h('option', { value: '' }, '选择类别'),
      ...catalogue.flatMap((c) => [h('option', { value: c.code }, c.name), ...c.subcategories.filter((s) => s.active).map((s) => h('option', { value: `${c.code}/${s.code}` }, `${c.name} · ${s.name}`))]),
    );
    read.categoryCode = () => sel.value.split('/')[0] ?? '';
    read.subcategoryCode = () => sel.value.split('/')[1] ?? '';
    fields.push(h('label', {}, '类别 ', sel));
  }
  if (t.needs.includes('result')) {
    const sel = h('select', { name: 'result', 'aria-label': '核查结果' }, h('option', { value: 'pass' }, '核查通过，归档'), h('option', { value: 'fail' }, '核查不合格，重办'));
    read.result = () => sel.value;
    fields.push(h('label', {}, '核查结果 ', sel));
  }
  if (t.needs.includes('dueAt')) {
    const input = h('input', { type: 'datetime-local', name: 'dueAt', 'aria-label': '时限', required: true });
    read.dueAt = () => (input.value ? new Date(`${input.value}:00+08:00`).toISOString() : '');
    fields.push(h('label', {}, action === 'extend' ? '延期至 ' : '办结时限 ', input));
  }
  if (t.notePrompt) {
    const note = h('textarea', { name: 'note', 'aria-label': '说明', placeholder: t.notePrompt, maxlength: 1000, rows: 3 });
    read.note = () => note.value.trim();
    fields.push(note);
  }
  const problem = h('p', { class: 'error', role: 'alert' });
  const confirm = h('button', { type: 'submit', class: 'btn btn--primary' }, `确认${t.label}`);
  form.append(...fields, problem, confirm);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Record<string, string> = { action };
    for (const [k, get] of Object.entries(read)) if (get()) body[k] = get();
    confirm.disabled = true;
    api<ReportView>(`/api/v1/reports/${r.id}/actions`, { method: 'POST', body })
      .then(done)
      .catch((err: unknown) => {
        problem.textContent = err instanceof ApiFailure ? err.message : '操作失败，请重试';
        confirm.disabled = false;
      });
  });
  return form;
}

/** The report opened from a table or desk row: what it is, where, who holds it, its timeline and the actions allowed now. */
export async function openReport(id: string, onChanged: () => void): Promise<void> {
  const r = await api<ReportView>(`/api/v1/reports/${id}`);
  document.getElementById('report-panel')?.remove();
  const close = h('button', { type: 'button', class: 'btn btn--quiet', 'aria-label': '关闭' }, '关闭');
  const formBox = h('div', { class: 'act-box' });
  const holder = r.unit ? `${r.unit.name}（${unitKindNames[r.unit.kind]}）` : r.assignee ? (r.assignee.name ?? '') : '待分派';
  const facts: [string, string][] = [
    ['状态', statusNames[r.status] + (r.round > 1 ? `（第${r.round}轮）` : '') + (r.urgent ? '（紧急）' : '')],
    ['类别', [r.category?.name ?? r.categoryCode, r.subcategory ? `${r.subcategory.name}${r.subcategory.standard.scheme === 'CJ/T 214' ? `（${r.subcategory.standard.code}）` : ''}` : ''].filter(Boolean).join(' · ')],
    ['来源', r.hotline ? `${channelNames.hotline} ${r.hotline.orderNo}（${r.hotline.appealType}）` : channelNames[r.channel]],
    ['位置', placeOf(r)],
    ['承办', holder],
    ['办结时限', r.resolveBy ? beijingTime(r.resolveBy) + (r.overdue ? '（超时）' : '') : '—'],
    ...(r.instruction ? [['督办批示', `${r.instruction.level}指挥中心：${r.instruction.note}（${beijingTime(r.instruction.dueAt)}前）`] as [string, string]] : []),
    ...(r.extension ? [['延期', `${{ pending: '待批复', granted: '已同意', refused: '未同意' }[r.extension.state]}：至${beijingTime(r.extension.dueAt)}，${r.extension.reason}`] as [string, string]] : []),
  ];
  const panel = h(
    'aside',
    { id: 'report-panel', class: 'report-panel', role: 'dialog', 'aria-label': `报事 ${r.no}` },
    h('header', {}, h('h2', {}, `${r.no} · ${r.category?.name ?? r.categoryCode}`), close),
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)])),
    h('p', { class: 'desc' }, r.description),
    h('div', { class: 'actions', 'aria-label': '可执行操作' }, ...consoleActions(r).map((a) => {
      const b = h('button', { type: 'button', class: 'btn', 'data-action': a }, transitions[a].label);
      b.addEventListener('click', () => {
        void actionForm(r, a, () => {
          onChanged();
          void openReport(id, onChanged);
        }).then((f) => formBox.replaceChildren(f));
      });
      return b;
    })),
    formBox,
    h('h3', {}, '办理进度'),
    h('ol', { class: 'timeline' }, ...r.timeline.map((t) => h('li', {}, h('time', {}, beijingTime(t.at)), ` ${timelineEventNames[t.action]}`, t.actor.name ? `（${t.actor.name}）` : '', t.note ? `：${t.note}` : ''))),
  );
  close.addEventListener('click', () => panel.remove());
  document.body.append(panel);
}
