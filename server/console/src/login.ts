import QRCode from 'qrcode';
import type { z } from 'zod';
import { consoleRoles, type consoleSessionPollSchema, type createdConsoleSessionSchema } from '@linli/shared';
import { api, session } from './api';
import { h } from './dom';

interface DevUser {
  openid: string;
  name: string | null;
  role: string;
}
type Created = z.infer<typeof createdConsoleSessionSchema>;
type Poll = z.infer<typeof consoleSessionPollSchema>;

const POLL_MS = 1_500;
let stopPolling: (() => void) | null = null;

/** Sign-in: a QR code the staff member scans with the mini-program and confirms there; the demo's accounts beside it. */
export async function renderLogin(root: HTMLElement, onDone: () => void): Promise<void> {
  stopPolling?.();
  const qr = h('section', { class: 'login__qr', 'aria-label': '扫码登录' });
  const box = h('main', { class: 'login' }, h('h1', {}, '邻里报事 · 街道指挥中心'), qr);
  root.replaceChildren(box);
  void showCode(qr, onDone);
  const lists = await Promise.all(consoleRoles.map((role) => api<{ items: DevUser[] }>(`/api/v1/auth/dev/users?role=${role}`).catch(() => ({ items: [] }))));
  const users = lists.flatMap((l) => l.items);
  if (users.length === 0) return;
  const list = h('div', { class: 'login__list' });
  for (const u of users) {
    const b = h('button', { type: 'button', class: 'btn' }, `${u.name ?? u.openid}（${u.role === 'dispatcher' ? '指挥中心' : u.role === 'admin' ? '管理员' : '网格长'}）`);
    b.addEventListener('click', async () => {
      const r = await api<{ token: string }>('/api/v1/auth/dev', { method: 'POST', body: { openid: u.openid, role: u.role } });
      stopPolling?.();
      session.save(r.token);
      onDone();
    });
    list.append(b);
  }
  box.append(h('p', { class: 'muted' }, '演示环境：也可直接选择一个工作人员账号登录'), list);
}

/** Asks for a sign-in, shows its QR code and polls until the phone confirms, the code expires or the page moves on. */
async function showCode(box: HTMLElement, onDone: () => void): Promise<void> {
  let created: Created;
  try {
    created = await api<Created>('/api/v1/auth/console-sessions', { method: 'POST' });
  } catch (err) {
    box.replaceChildren(h('p', { role: 'alert' }, err instanceof Error ? err.message : '无法生成登录二维码'), retry(box, onDone));
    return;
  }
  const canvas = h('canvas', { class: 'login__code', id: 'login-qr', 'aria-label': '登录二维码' }) as HTMLCanvasElement;
  await QRCode.toCanvas(canvas, created.link, { width: 240, margin: 2, errorCorrectionLevel: 'M' });
  const status = h('p', { class: 'muted', id: 'login-status', role: 'status' }, '请用微信打开“邻里报事”小程序，在“工作台”点“扫码登录电脑端”，或用微信扫一扫，然后在手机上确认。');
  box.replaceChildren(h('h2', {}, '扫码登录'), canvas, status);

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  stopPolling = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const tick = async () => {
    if (stopped) return;
    const r = await api<Poll>(`/api/v1/auth/console-sessions/${created.id}`, { headers: { 'x-console-secret': created.secret } }).catch(() => null);
    if (stopped) return;
    if (r?.token) {
      stopPolling?.();
      session.save(r.token, created.id);
      return onDone();
    }
    if (r && r.status !== 'pending') {
      box.replaceChildren(h('h2', {}, '扫码登录'), h('p', { role: 'alert', id: 'login-status' }, '二维码已过期'), retry(box, onDone));
      return;
    }
    timer = setTimeout(() => void tick(), POLL_MS);
  };
  timer = setTimeout(() => void tick(), POLL_MS);
}

function retry(box: HTMLElement, onDone: () => void): HTMLElement {
  const b = h('button', { type: 'button', class: 'btn', id: 'login-refresh' }, '刷新二维码');
  b.addEventListener('click', () => void showCode(box, onDone));
  return b;
}
