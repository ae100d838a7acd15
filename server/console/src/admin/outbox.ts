import { api } from '../api';
import { h } from '../dom';
import { button, statusLine, table, when } from './ui';

interface Entry {
  id: string;
  reportId: string;
  event: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/** 失败通知: pushes that gave up after their retries (dead letters), each sent again on request. */
export async function renderOutbox(el: HTMLElement, _me?: unknown, said?: string): Promise<void> {
  const items = (await api<{ items: Entry[] }>('/api/v1/admin/outbox?status=dead&limit=200')).items;
  const status = statusLine();
  if (said) status.ok(said);
  el.replaceChildren(
    h('h2', {}, '失败通知', h('span', { class: 'muted' }, ` 共 ${items.length} 条`)),
    h('p', { class: 'muted' }, '多次重试仍未送达的微信通知。查明原因（如模板、网络）后可重发，重发后从头计算重试次数。'),
    status.el,
    items.length
      ? table(
          ['时间', '事件', '报事', '尝试次数', '最后错误', ''],
          items.map((e) => [
            when(e.createdAt),
            e.event,
            e.reportId,
            String(e.attempts),
            e.lastError ?? '',
            button('重发', async () => {
              try {
                await api(`/api/v1/admin/outbox/${encodeURIComponent(e.id)}/retry`, { method: 'POST' });
                await renderOutbox(el, undefined, '已重新排队发送');
              } catch (err) {
                status.fail(err);
              }
            }),
          ]),
          '失败通知',
        )
      : h('p', {}, '没有失败的通知'),
  );
}
