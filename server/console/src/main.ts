import { consoleRoles, statusNames, type Category, type StatsMap, type StatsOverview, type StatsTrend, type Status, type UserView } from '@linli/shared';
import { api, ApiFailure, session } from './api';
import { barChart, statusChart, trendChart } from './charts';
import { h, pct } from './dom';
import { renderLogin } from './login';
import { renderMap } from './map';
import { renderDesk } from './desk';
import { mayAdminister, renderAdmin } from './admin';
import { openReport } from './report-panel';
import { filterBar, query, renderTable, type Filters } from './table';
import './console.css';

const root = document.getElementById('app')!;
const REFRESH_MS = 30_000;
let timer: ReturnType<typeof setTimeout> | null = null;

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
let filters: Filters = { from: daysAgo(29), to: today(), gridCode: '', categoryCode: '', status: '', overdue: false };
let page = 1;

function kpi(id: string, label: string, value: string, hint?: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('span', { class: 'kpi__label' }, label), h('strong', { class: 'kpi__value', id }, value), hint ? h('span', { class: 'kpi__hint' }, hint) : null);
}

/** The one screen: numbers, charts, map and table, all under the same filters; refreshed every 30 s. */
async function renderDashboard(me: UserView): Promise<void> {
  const [o, t, m, categories] = await Promise.all([
    api<StatsOverview>(`/api/v1/stats/overview?${query(filters)}`),
    api<StatsTrend>(`/api/v1/stats/trends?${query({ ...filters, from: '', to: '', status: '', overdue: false }, { days: '30' })}`),
    api<StatsMap>(`/api/v1/stats/map?${query({ ...filters, from: '', to: '', status: '', overdue: false })}`),
    api<{ items: Category[] }>('/api/v1/categories').then((r) => r.items),
  ]);
  const logout = h('button', { type: 'button', class: 'btn btn--quiet' }, '退出');
  logout.addEventListener('click', async () => {
    // A QR sign-in is ended on the server too, so the token is worthless even if it was copied.
    const id = session.id();
    if (id) await api(`/api/v1/auth/console-sessions/${id}`, { method: 'DELETE' }).catch(() => undefined);
    session.clear();
    window.addEventListener('hashchange', () => void start());
void start();
  });
  const refresh = h('button', { type: 'button', class: 'btn', id: 'refresh' }, '刷新');
  const manage = mayAdminister(me) ? h('a', { class: 'btn btn--link', href: '#admin' }, '管理') : null;
  refresh.addEventListener('click', () => void start());
  const grids = m.grids.filter((g) => g.level !== 'street').map((g) => ({ code: g.code, name: g.name }));
  const statusBox = h('div', { class: 'chart', id: 'chart-status', role: 'img', 'aria-label': '按状态统计' });
  const categoryBox = h('div', { class: 'chart', id: 'chart-category', role: 'img', 'aria-label': '按类别统计' });
  const gridBox = h('div', { class: 'chart chart--tall', id: 'chart-grid', role: 'img', 'aria-label': '按网格统计' });
  const trendBox = h('div', { class: 'chart', id: 'chart-trend', role: 'img', 'aria-label': '近30天趋势' });
  const mapBox = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': '未办结报事地图' });
  const tableBox = h('section', { class: 'panel panel--wide', id: 'table' });
  const deskBox = me.role === 'dispatcher' || me.role === 'admin' ? h('section', { class: 'panel panel--wide', id: 'desk', 'aria-label': '督办台' }) : null;

  root.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', {}, '邻里报事 · 一屏观全局'),
      h('span', { class: 'muted', id: 'updated' }, `${me.name ?? ''} · 更新于 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`),
      refresh,
      manage,
      logout,
    ),
    filterBar(filters, categories, grids, (f) => {
      filters = f;
      page = 1;
      window.addEventListener('hashchange', () => void start());
void start();
    }),
    h(
      'section',
      { class: 'kpis', 'aria-label': '关键指标' },
      kpi('kpi-new', '今日新增', String(o.today.new)),
      kpi('kpi-overdue', '当前超时', String(o.today.overdue)),
      kpi('kpi-escalated', '升级督办', String(o.today.escalated)),
      kpi('kpi-total', '期间报事', String(o.total), `${o.window.from} 至 ${o.window.to}`),
      kpi('kpi-response', '响应率', pct(o.rates.response.value), `${o.rates.response.numerator}/${o.rates.response.denominator} 按时签收`),
      kpi('kpi-ontime', '按时办结率', pct(o.rates.onTime.value), `${o.rates.onTime.numerator}/${o.rates.onTime.denominator}`),
      kpi('kpi-satisfaction', '满意率', pct(o.rates.satisfaction.value), `${o.rates.satisfaction.numerator}/${o.rates.satisfaction.denominator} 评价≥3分`),
      kpi('kpi-returns', '退单率', pct(o.rates.returns.value), `${o.rates.returns.numerator}/${o.rates.returns.denominator}`),
      kpi('kpi-repeats', '重复报事', String(o.repeats.merged + o.repeats.joined), `合并 ${o.repeats.merged} · 我也遇到了 ${o.repeats.joined}`),
    ),
    h(
      'section',
      { class: 'statuses', 'aria-label': '按状态' },
      ...Object.entries(o.byStatus).map(([s, n]) => h('span', { class: 'status-count' }, `${statusNames[s as Status]} `, h('strong', { id: `status-${s}` }, String(n)))),
    ),
    h(
      'div',
      { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, '状态分布'), statusBox),
      h('section', { class: 'panel' }, h('h2', {}, '类别'), categoryBox),
      h('section', { class: 'panel' }, h('h2', {}, '近30天趋势'), trendBox),
      h('section', { class: 'panel panel--map' }, h('h2', {}, '未办结报事分布'), mapBox),
      h('section', { class: 'panel' }, h('h2', {}, '各网格报事'), gridBox),
      deskBox,
      tableBox,
    ),
  );
  statusChart(statusBox, o);
  barChart(categoryBox, o.byCategory);
  barChart(gridBox, o.byGrid);
  trendChart(trendBox, t);
  renderMap(mapBox, m, filters);
  // An action taken in the report panel redraws the desk and the table behind it.
  const changed = () => {
    if (deskBox) void renderDesk(deskBox, changed);
    void renderTable(tableBox, filters, page, go, open);
  };
  const open = (id: string) => void openReport(id, changed);
  const go = (p: number) => {
    page = p;
    void renderTable(tableBox, filters, page, go, open);
  };
  await Promise.all([renderTable(tableBox, filters, page, go, open), deskBox ? renderDesk(deskBox, changed) : null]);
  document.body.dataset.ready = 'true';
}

async function start(): Promise<void> {
  if (timer) clearTimeout(timer);
  document.body.dataset.ready = 'false';
  if (!session.token()) return renderLogin(root, () => void start());
  try {
    const me = await api<UserView>('/api/v1/me');
    if (!(consoleRoles as readonly string[]).includes(me.role)) {
      session.clear();
      root.replaceChildren(h('main', { class: 'login' }, h('p', {}, '指挥中心只对街道指挥中心、网格长和管理员开放。'), h('a', { href: './' }, '换个账号登录')));
      return;
    }
    // #admin/<tab>: the administration section, which does not refresh itself under the administrator's hands.
    const admin = /^#admin(?:\/([a-z-]+))?$/.exec(location.hash);
    if (admin && mayAdminister(me)) {
      await renderAdmin(root, me, admin[1] ?? '', () => {
        location.hash = '';
      });
      document.body.dataset.ready = 'true';
      return;
    }
    await renderDashboard(me);
    timer = setTimeout(() => void start(), REFRESH_MS);
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) {
      session.clear();
      return start();
    }
    root.replaceChildren(h('main', { class: 'login' }, h('p', { role: 'alert' }, err instanceof Error ? err.message : '加载失败'), h('a', { href: './' }, '重试')));
  }
}

window.addEventListener('hashchange', () => void start());
void start();
