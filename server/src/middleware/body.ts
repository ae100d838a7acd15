import type { Middleware } from 'koa';
import { bodyParser } from '@koa/bodyparser';

/** JSON and form bodies with a hard size limit; anything larger is a 413 before it reaches a route. */
export function bodyParsing(limitKb: number): Middleware {
  return bodyParser({
    enableTypes: ['json', 'form'],
    jsonLimit: `${limitKb}kb`,
    formLimit: `${limitKb}kb`,
    encoding: 'utf-8',
    // Strict JSON: a top-level string or number is not a request body.
    jsonStrict: true,
  }) as Middleware;
}
