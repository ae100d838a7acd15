import { adminActionNames, roleNames, type AdminLogEntry, type Role } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { button, when } from './ui';

const show = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** 管理日志: every administrative change, newest first, with the state before and after. */
export async function renderLog(el: HTMLElement): Promise<void> {
  const list = h('ol', { class: 'admin-log', 'aria-label': '管理日志' });
  const more = h('div');
  const load = async (before?: string) => {
    const page = await api<{ items: AdminLogEntry[]; nextCursor: string | null }>(`/api/v1/admin/log?limit=50${before ? `&before=${before}` : ''}`);
    list.append(
      ...page.items.map((e) =>
        h(
          'li',
          {},
          h('span', {}, when(e.at)),
          ' ',
          h('strong', {}, adminActionNames[e.action] ?? e.action),
          ` ${e.actorName ?? ''}（${roleNames[e.actorRole as Role] ?? '系统'}）· ${e.subject}`,
          h('details', {}, h('summary', {}, '变更前后'), h('div', { class: 'admin-diff' }, h('pre', {}, show(e.before)), h('pre', {}, show(e.after)))),
        ),
      ),
    );
    more.replaceChildren(page.nextCursor ? button('更早', () => load(page.nextCursor!)) : h('p', { class: 'muted' }, '没有更早的记录'));
  };
  el.replaceChildren(h('h2', {}, '管理日志'), list, more);
  await load();
}
