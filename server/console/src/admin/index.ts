import type { UserView } from '@linli/shared';
import { h } from '../dom';
import { renderApiKeys } from './api-keys';
import { renderCalendar } from './calendar';
import { renderCategories } from './categories';
import { renderGrids } from './grids';
import { renderLog } from './log';
import { renderOutbox } from './outbox';
import { renderStaff } from './staff';
import { renderUnits } from './units';

interface Tab {
  key: string;
  label: string;
  render: (el: HTMLElement, me: UserView) => Promise<void>;
  /** Grid leaders manage the workers of their own grids; everything else is the administrator's. */
  leaders?: boolean;
}

const tabs: Tab[] = [
  { key: 'staff', label: '人员与邀请', render: renderStaff, leaders: true },
  { key: 'grids', label: '网格', render: renderGrids },
  { key: 'categories', label: '分类与时限', render: renderCategories },
  { key: 'units', label: '承办单位', render: renderUnits },
  { key: 'calendar', label: '工作日历', render: renderCalendar },
  { key: 'api-keys', label: '接口密钥', render: renderApiKeys },
  { key: 'outbox', label: '失败通知', render: renderOutbox },
  { key: 'log', label: '管理日志', render: renderLog },
];

export const mayAdminister = (me: UserView) => me.role === 'admin' || me.role === 'grid_leader';

/** The administration section (#admin/<tab>): one tab at a time, each its own module. */
export async function renderAdmin(root: HTMLElement, me: UserView, tabKey: string, onLeave: () => void): Promise<void> {
  const mine = tabs.filter((t) => me.role === 'admin' || t.leaders);
  const tab = mine.find((t) => t.key === tabKey) ?? mine[0]!;
  const back = h('button', { type: 'button', class: 'btn btn--quiet' }, '返回总览');
  back.addEventListener('click', onLeave);
  const body = h('section', { class: 'panel panel--wide admin', id: `admin-${tab.key}`, 'aria-label': tab.label });
  root.replaceChildren(
    h('header', { class: 'top' }, h('h1', {}, '邻里报事 · 管理'), h('span', { class: 'muted' }, me.name ?? ''), back),
    h(
      'nav',
      { class: 'admin-tabs', 'aria-label': '管理功能' },
      ...mine.map((t) => h('a', { href: `#admin/${t.key}`, ...(t === tab ? { 'aria-current': 'page' } : {}) }, t.label)),
    ),
    body,
  );
  await tab.render(body, me);
}
