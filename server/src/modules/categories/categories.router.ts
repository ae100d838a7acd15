import Router from '@koa/router';
import { z } from 'zod';
import { categoryCodeSchema, categorySchema, categoryUpdateSchema, suggestRequestSchema, suggestResponseSchema } from '@linli/shared';
import { NotFoundError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';

/** The category catalogue, and admin edits of routing and SLAs. */
export function categoriesRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/categories',
      tag: 'categories',
      summary: 'Active categories with their group, handling specialty and SLA hours',
      auth: 'public',
      responses: { 200: { description: 'Catalogue', schema: z.object({ items: z.array(categorySchema) }) } },
      errors: [],
    },
    async () => ({ body: { items: await s.categories.list() } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/categories/suggest',
      tag: 'categories',
      summary: 'Suggest the category of a spoken or written description, ranked with a confidence; falls back to 其他',
      auth: 'user',
      body: suggestRequestSchema,
      responses: { 200: { description: 'Suggestions', schema: suggestResponseSchema } },
      errors: [400, 401, 429],
    },
    async (ctx, { body }) => {
      s.limiter.hit(`suggest:user:${String(ctx.state.user._id)}`, s.config.RATE_LIMIT_SUGGEST_PER_MIN);
      return { body: await s.categories.suggest(body.text) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/admin/categories/:code',
      tag: 'admin',
      summary: "Edit a category: routing (specialty), time limits with their units, standard class, 小类, phrases, name or active flag",
      auth: ['admin'],
      params: z.strictObject({ code: categoryCodeSchema }),
      body: categoryUpdateSchema,
      responses: { 200: { description: 'Updated', schema: categorySchema } },
      errors: [400, 401, 403, 404],
    },
    async (ctx, { params, body }) => {
      const before = await s.categories.get(params.code);
      const updated = await s.categories.update(params.code, body);
      if (!updated) throw new NotFoundError('category');
      await s.audit.record(ctx.state.user, 'category.update', params.code, before, updated);
      return { body: updated };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/admin/categories',
      tag: 'admin',
      summary: 'Every category, inactive ones included, with routing and time limits (for editing)',
      auth: ['admin'],
      responses: { 200: { description: 'Catalogue', schema: z.object({ items: z.array(categorySchema) }) } },
      errors: [401, 403],
    },
    async () => ({ body: { items: await s.categories.list(true) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/categories/suggester/train',
      tag: 'admin',
      summary: 'Train the category suggester now, from the corpus, the phrases and staff re-categorisations (it also trains at start-up and after every category edit)',
      auth: ['admin'],
      responses: { 200: { description: 'Trained', schema: z.object({ sentences: z.number().int(), corrections: z.number().int() }) } },
      errors: [401, 403],
    },
    async () => ({ body: await s.categories.retrain() }),
  );
  return router;
}
