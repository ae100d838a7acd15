import { api, session } from './api';
import { h } from './dom';

interface DevUser {
  openid: string;
  name: string | null;
  role: string;
}

/** Sign-in: the demo's staff accounts (dev login). Production staff sign in through the mini-program (docs/decisions.md). */
export async function renderLogin(root: HTMLElement, onDone: () => void): Promise<void> {
  root.replaceChildren(h('main', { class: 'login' }, h('h1', {}, '邻里报事 · 街道指挥中心'), h('p', { class: 'muted' }, '正在读取可用账号…')));
  const roles = ['dispatcher', 'grid_leader', 'admin'];
  const lists = await Promise.all(roles.map((role) => api<{ items: DevUser[] }>(`/api/v1/auth/dev/users?role=${role}`).catch(() => ({ items: [] }))));
  const users = lists.flatMap((l) => l.items);
  const box = h('main', { class: 'login' }, h('h1', {}, '邻里报事 · 街道指挥中心'));
  if (users.length === 0) {
    box.append(h('p', {}, '本环境未开启演示登录。工作人员请在小程序“工作台”中登录后使用。'));
  } else {
    box.append(h('p', { class: 'muted' }, '演示环境：选择一个工作人员账号登录'));
    const list = h('div', { class: 'login__list' });
    for (const u of users) {
      const b = h('button', { type: 'button', class: 'btn' }, `${u.name ?? u.openid}（${u.role === 'dispatcher' ? '指挥中心' : u.role === 'admin' ? '管理员' : '网格长'}）`);
      b.addEventListener('click', async () => {
        const r = await api<{ token: string }>('/api/v1/auth/dev', { method: 'POST', body: { openid: u.openid, role: u.role } });
        session.save(r.token);
        onDone();
      });
      list.append(b);
    }
    box.append(list);
  }
  root.replaceChildren(box);
}
