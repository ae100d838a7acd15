import type Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { z } from 'zod';
import type { Role } from '@linli/shared';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from './errors';
import { parseOrThrow } from './validation';
import type { AppState, AuthedState } from '../app-types';

export type AuthRule = 'public' | 'user' | readonly Role[];
type Schema = z.ZodType;

export interface ResponseSpec {
  description: string;
  schema?: Schema;
  /** A body that is not JSON: its media types (a download may be any of several). */
  contentType?: string | readonly string[];
}

/** Everything about an endpoint in one place: the router validates with it and the OpenAPI document is built from it. */
export interface RouteSpec<B extends Schema | undefined = Schema | undefined, Q extends Schema | undefined = Schema | undefined, P extends Schema | undefined = Schema | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: AuthRule;
  body?: B;
  /** Non-JSON request bodies (uploads) are described, not parsed, here. */
  bodyContentType?: 'application/json' | 'multipart/form-data';
  query?: Q;
  params?: P;
  headers?: Record<string, { schema: Schema; required: boolean; description: string }>;
  responses: Record<number, ResponseSpec>;
  /** Error statuses this endpoint can answer with, each in the `{ error }` shape. */
  errors: number[];
}

type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteInput<B, Q, P> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
}

export interface HandlerResult {
  status?: number;
  body: unknown;
}

export type RouteContext<A extends AuthRule> = ParameterizedContext<A extends 'public' ? AppState : AuthedState>;

/** The list an app's routes are recorded in, for the OpenAPI document. */
export type RouteRegistry = RouteSpec[];

/**
 * Registers a route: authenticate, validate params → query → body, call the handler, respond.
 * A params failure is a 404 (a malformed id names nothing); others are 400 with field problems.
 */
export function defineRoute<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined, A extends AuthRule>(
  router: Router<AppState>,
  registry: RouteRegistry,
  spec: RouteSpec<B, Q, P> & { auth: A },
  handler: (ctx: RouteContext<A>, input: RouteInput<B, Q, P>) => Promise<HandlerResult | void>,
): void {
  // The registry keeps the full path (router prefix included) for the OpenAPI document.
  registry.push({ ...(spec as RouteSpec), path: `${router.opts.prefix ?? ''}${spec.path}` });
  const okStatus = Number(Object.keys(spec.responses).find((s) => Number(s) < 300) ?? 200);
  router[spec.method](spec.path, async (ctx) => {
    authorize(ctx.state, spec.auth);
    let params: unknown = undefined;
    if (spec.params) {
      const parsed = spec.params.safeParse(ctx.params);
      if (!parsed.success) throw new NotFoundError();
      params = parsed.data;
    }
    const query = spec.query ? parseOrThrow(spec.query, ctx.query) : undefined;
    const body = spec.body ? parseOrThrow(spec.body, (ctx.request as { body?: unknown }).body ?? {}) : undefined;
    const result = await handler(ctx as RouteContext<A>, { body, query, params } as RouteInput<B, Q, P>);
    if (result) {
      ctx.status = result.status ?? okStatus;
      ctx.body = result.body;
    }
  });
}

function authorize(state: AppState, rule: AuthRule): void {
  if (rule === 'public') return;
  if (!state.user) throw state.authFailure ?? new UnauthenticatedError();
  if (rule !== 'user' && !rule.includes(state.user.role)) throw new ForbiddenError();
}
