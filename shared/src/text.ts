import { z } from 'zod';

// Control characters (newline and tab kept), bidi overrides and zero-width marks: invisible in the app, boxes in the
// console, and a way to make one name look like another. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const invisible = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** The text without characters nobody can see. */
export const withoutInvisible = (s: string): string => s.replace(invisible, '');

/** A string field that drops invisible characters before its own checks (length counts what is left). */
export const plainText = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? withoutInvisible(v) : v), schema);
