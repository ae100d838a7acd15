import { z } from 'zod';
import { userSchema } from './users';

/** Who may open the command-centre console: the roles its screens are for. */
export const consoleRoles = ['dispatcher', 'grid_leader', 'admin'] as const;

/** A console sign-in's public id, as it appears in the QR code (22 url-safe characters). */
export const consoleSessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, '登录二维码无效');

/** The mini-program page that confirms a console sign-in; the QR code's link opens it with `?session=<id>`. */
export const CONSOLE_CONFIRM_PAGE = 'package-work/console-login/index';

export const createdConsoleSessionSchema = z.object({
  id: z.string().describe('Shown in the QR code'),
  expiresAt: z.string().describe('The QR code is refused after this (2 minutes)'),
  secret: z.string().describe('Only the browser that asked holds it: it must send it (X-Console-Secret) to collect the token'),
  link: z.string().describe('What the QR code encodes: the H5 page that confirms, with the id; in WeChat, 扫普通链接二维码打开小程序 maps it to the same page'),
});

export const consoleSessionStatuses = ['pending', 'signed_in', 'expired', 'signed_out'] as const;
export type ConsoleSessionStatus = (typeof consoleSessionStatuses)[number];

export const consoleSessionPollSchema = z.object({
  status: z.enum(consoleSessionStatuses),
  expiresAt: z.string(),
  token: z.string().nullable().describe('Once, to the first poll after the staff member confirmed; null afterwards'),
  tokenExpiresAt: z.string().nullable(),
  user: userSchema.nullable(),
});

/** What the staff member sees before confirming: which browser asked, from where, and when. */
export const consoleSessionRequestSchema = z.object({
  id: z.string(),
  status: z.enum(consoleSessionStatuses),
  device: z.string(),
  place: z.string().describe('The asking address, masked (203.0.113.*)'),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ConsoleSessionRequest = z.infer<typeof consoleSessionRequestSchema>;

/** A signed-in console, in the staff member's list of their sessions. */
export const consoleSessionViewSchema = z.object({
  id: z.string(),
  device: z.string(),
  place: z.string(),
  signedInAt: z.string(),
  expiresAt: z.string(),
  current: z.boolean().describe('The session this request was made with'),
});
export type ConsoleSessionView = z.infer<typeof consoleSessionViewSchema>;
