import type { z } from 'zod';
import { ValidationError } from './errors';

export interface FieldProblem {
  path: string;
  message: string;
}

/** zod issues as `{ path, message }` pairs with Chinese messages (zod's zh-CN locale is set in shared). */
export function toFieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** Parses or throws 400 VALIDATION_FAILED naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldProblems(result.error));
  return result.data;
}
