import { z } from 'zod';

/** Changes a resident is told about (the first four), and those staff are told about (the rest). */
export const notificationEvents = ['assigned', 'accepted', 'resolved', 'reopened', 'overdue', 'dispatched', 'returned', 'instructed', 'extension', 'urged', 'supplemented', 'withdrawn'] as const;
export const notificationEventSchema = z.enum(notificationEvents);
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

export const notificationEventNames: Record<NotificationEvent, string> = {
  assigned: '已受理派单',
  accepted: '网格员已签收',
  resolved: '已办结',
  reopened: '已重新办理',
  overdue: '超时督办',
  dispatched: '有新的待办',
  returned: '退回或上报，待分派',
  instructed: '收到督办批示',
  extension: '延期申请',
  urged: '居民催办',
  supplemented: '居民补充说明',
  withdrawn: '居民已撤回',
};

/** WeChat's keyword types and their limits (subscribe/send answers 47003 for anything longer). */
export const keywordTypes = ['thing', 'number', 'letter', 'symbol', 'character_string', 'time', 'date', 'phone_number', 'name', 'phrase'] as const;
export type KeywordType = (typeof keywordTypes)[number];

/** Report facts a template keyword can show. */
export const messageFields = ['category', 'status', 'event', 'reply', 'no', 'at', 'grid', 'description'] as const;
export type MessageField = (typeof messageFields)[number];

export const templateSchema = z.strictObject({
  templateId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  keywords: z.array(z.strictObject({ key: z.string().regex(/^[a-z_]+\d+$/), type: z.enum(keywordTypes), field: z.enum(messageFields) })).min(1).max(5),
});
export type TemplateConfig = z.infer<typeof templateSchema>;

/** Per event, the template to send (events without one are in-app only). */
export const templatesSchema = z.partialRecord(notificationEventSchema, templateSchema);
export type TemplatesConfig = z.infer<typeof templatesSchema>;

const chars = (s: string) => Array.from(s);

/** Fits a value to a keyword type's limits, so WeChat never answers 47003. */
export function fitKeyword(type: KeywordType, value: string | Date): string {
  if (value instanceof Date || type === 'time' || type === 'date') {
    const d = new Date(new Date(value).getTime() + 8 * 3_600_000);
    const date = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
    return type === 'date' ? date : `${date} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  }
  const text = value.replace(/\s+/g, ' ').trim();
  switch (type) {
    case 'thing': {
      const c = chars(text);
      return c.length <= 20 ? text : `${c.slice(0, 19).join('')}…`;
    }
    case 'phrase':
      return chars(text.replace(/[^\u4e00-\u9fa5]/g, '')).slice(0, 5).join('') || '更新';
    case 'name': {
      const c = chars(text);
      return /^[\u4e00-\u9fa5]+$/.test(text) ? c.slice(0, 10).join('') : c.slice(0, 20).join('');
    }
    case 'number':
      return (text.match(/[\d.]+/)?.[0] ?? '0').slice(0, 32);
    case 'letter':
      return text.replace(/[^A-Za-z]/g, '').slice(0, 32) || 'A';
    case 'symbol':
      return text.replace(/[A-Za-z0-9\u4e00-\u9fa5\s]/g, '').slice(0, 5) || '-';
    case 'character_string':
      return text.replace(/[^\x21-\x7e]/g, '').slice(0, 32) || '-';
    case 'phone_number':
      return text.replace(/[^\d+-]/g, '').slice(0, 17);
  }
}

/** A notification in the in-app centre. */
export const notificationSchema = z.object({
  id: z.string(),
  reportId: z.string(),
  event: notificationEventSchema,
  title: z.string(),
  body: z.string(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationSchema>;
