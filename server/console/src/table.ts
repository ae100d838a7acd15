import { statuses, statusNames, type Category, type StatsRow } from '@linli/shared';
import { api, download } from './api';
import { beijingTime, h } from './dom';

export interface Filters {
  from: string;
  to: string;
  gridCode: string;
  categoryCode: string;
  status: string;
  overdue: boolean;
}

export const query = (f: Filters, extra: Record<string, string> = {}) =>
  new URLSearchParams(
    Object.entries({ from: f.from, to: f.to, gridCode: f.gridCode, categoryCode: f.categoryCode, status: f.status, overdue: f.overdue ? 'true' : '', ...extra }).filter(([, v]) => v !== ''),
  ).toString();

/** The filter bar: changing anything redraws the whole screen with the same filters. */
export function filterBar(f: Filters, categories: Category[], grids: { code: string; name: string }[], onChange: (f: Filters) => void): HTMLElement {
  const select = (name: keyof Filters, label: string, options: [string, string][]) => {
    const s = h('select', { name, 'aria-label': label }, ...options.map(([v, t]) => h('option', { value: v, selected: f[name] === v }, t)));
    s.addEventListener('change', () => onChange({ ...f, [name]: s.value }));
    return h('label', {}, `${label} `, s);
  };
  const date = (name: 'from' | 'to', label: string) => {
    const i = h('input', { type: 'date', name, value: f[name], 'aria-label': label });
    i.addEventListener('change', () => onChange({ ...f, [name]: i.value }));
    return h('label', {}, `${label} `, i);
  };
  const late = h('input', { type: 'checkbox', name: 'overdue', checked: f.overdue });
  late.addEventListener('change', () => onChange({ ...f, overdue: late.checked }));
  return h(
    'form',
    { class: 'filters', 'aria-label': '筛选' },
    date('from', '从'),
    date('to', '到'),
    select('gridCode', '网格', [['', '全部网格'], ...grids.map((g): [string, string] => [g.code, g.name])]),
    select('categoryCode', '类别', [['', '全部类别'], ...categories.map((c): [string, string] => [c.code, c.name])]),
    select('status', '状态', [['', '全部状态'], ...statuses.map((s): [string, string] => [s, statusNames[s]])]),
    h('label', {}, late, ' 只看超时'),
  );
}

/** The report table, paged on the server, with the CSV export of every matching row. */
export async function renderTable(el: HTMLElement, f: Filters, page: number, go: (page: number) => void, open: (id: string) => void): Promise<void> {
  const data = await api<{ items: StatsRow[]; total: number; page: number; pageSize: number }>(`/api/v1/stats/reports?${query(f, { page: String(page), pageSize: '20' })}`);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const exportBtn = h('button', { type: 'button', class: 'btn', id: 'export-csv' }, '导出 CSV');
  exportBtn.addEventListener('click', () => void download(`/api/v1/stats/reports.csv?${query(f)}`, 'linli-reports.csv'));
  const prev = h('button', { type: 'button', class: 'btn', disabled: page <= 1 }, '上一页');
  const next = h('button', { type: 'button', class: 'btn', disabled: page >= pages }, '下一页');
  prev.addEventListener('click', () => go(page - 1));
  next.addEventListener('click', () => go(page + 1));
  const cols = ['编号', '提交时间', '状态', '类别', '网格', '承办人', '办结时限', '督办', '描述'];
  el.replaceChildren(
    h('div', { class: 'table-head' }, h('span', { id: 'table-total' }, `共 ${data.total} 条`), exportBtn),
    h(
      'table',
      { class: 'reports' },
      h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...data.items.map((r) => {
          // A row opens the report with its actions.
          const tr = h(
            'tr',
            { class: r.overdue ? 'late row-link' : 'row-link', 'data-id': r.id, tabindex: 0 },
            h('td', {}, r.no),
            h('td', {}, beijingTime(r.createdAt)),
            h('td', {}, r.statusName),
            h('td', {}, r.categoryName),
            h('td', {}, r.gridName),
            h('td', {}, r.assignee),
            h('td', {}, `${beijingTime(r.resolveBy)}${r.overdue ? '（超时）' : ''}`),
            h('td', {}, { none: '', yellow: '黄牌', red: '红牌' }[r.supervision]),
            h('td', { class: 'desc' }, r.description),
          );
          tr.addEventListener('click', () => open(r.id));
          tr.addEventListener('keydown', (e) => (e.key === 'Enter' ? open(r.id) : undefined));
          return tr;
        }),
      ),
    ),
    h('nav', { class: 'pager', 'aria-label': '分页' }, prev, h('span', {}, `第 ${page} / ${pages} 页`), next),
  );
}
