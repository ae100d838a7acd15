import { z } from 'zod';

/** The one error shape every API answers with: `{ error: { code, message } }`. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. REPORT_NOT_FOUND'),
    message: z.string().describe('Human-readable message in Simplified Chinese'),
    details: z.unknown().optional().describe('Per-field problems, when the request was invalid'),
  }),
});

export type ApiError = z.infer<typeof apiErrorSchema>;

/** Error codes the server emits, with the default Chinese message shown to users. */
export const errorMessages = {
  BAD_REQUEST: '请求有误',
  VALIDATION_FAILED: '提交的内容不符合要求',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '找不到该内容',
  METHOD_NOT_ALLOWED: '不支持该请求方法',
  CONFLICT: '该记录已存在',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容格式',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  DB_UNAVAILABLE: '数据服务暂时不可用，请稍后再试',
  STORAGE_UNAVAILABLE: '存储暂时无法写入，请稍后再试',
  INTERNAL: '服务器开小差了，请稍后再试',
} as const;

export type ErrorCode = keyof typeof errorMessages;
