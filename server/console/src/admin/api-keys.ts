import type { ApiKeyView } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { button, field, input, select, statusLine, table, valueOf, when } from './ui';

const scopeNames: Record<ApiKeyView['scope'], string> = { open311: 'Open311', hotline: '12345热线' };

/** 接口密钥: keys of partner systems — issued once (shown only then), listed with last use, revoked at once. */
export async function renderApiKeys(el: HTMLElement, _me?: unknown, issued?: { name: string; apiKey: string }, said?: string): Promise<void> {
  const keys = (await api<{ items: ApiKeyView[] }>('/api/v1/admin/api-keys')).items;
  const status = statusLine();
  if (said) status.ok(said);
  const form = h(
    'form',
    { class: 'admin-form', 'aria-label': '签发接口密钥' },
    field('系统名称', input('name', { required: true, maxlength: 60 })),
    field('用途', select('scope', [['open311', 'Open311（GeoReport v2）'], ['hotline', '12345热线工单']], 'open311')),
    field('无位置工单默认网格（12345，选填）', input('gridCode')),
    h('button', { type: 'submit', class: 'btn btn--primary' }, '签发密钥'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await api<{ name: string; apiKey: string }>('/api/v1/admin/api-keys', {
        method: 'POST',
        body: { name: valueOf(form, 'name'), scope: valueOf(form, 'scope'), ...(valueOf(form, 'gridCode') ? { gridCode: valueOf(form, 'gridCode') } : {}) },
      });
      await renderApiKeys(el, undefined, made);
    } catch (err) {
      status.fail(err);
    }
  });
  el.replaceChildren(
    h('h2', {}, '接口密钥'),
    issued
      ? h('p', { class: 'admin-secret', role: 'status' }, `“${issued.name}”的密钥：`, h('code', { id: 'api-key-issued' }, issued.apiKey), '（只显示这一次，请立即复制交给对方系统）')
      : '',
    form,
    status.el,
    table(
      ['名称', '用途', '签发时间', '最近使用', '状态', ''],
      keys.map((k) => [
        k.name,
        scopeNames[k.scope],
        when(k.createdAt),
        k.lastUsedAt ? when(k.lastUsedAt) : '从未使用',
        k.revokedAt ? `已吊销（${when(k.revokedAt)}）` : '有效',
        k.revokedAt
          ? null
          : button('吊销', async () => {
              try {
                await api(`/api/v1/admin/api-keys/${k.id}`, { method: 'DELETE' });
                await renderApiKeys(el, undefined, undefined, `已吊销“${k.name}”，此后用它的请求都会被拒绝`);
              } catch (err) {
                status.fail(err);
              }
            }),
      ]),
      '接口密钥',
    ),
  );
}
