import Router from '@koa/router';
import { z } from 'zod';
import { gridPreviewSchema, gridBoundariesQuerySchema, gridBoundarySchema, gridImportResultSchema, gridImportSchema, gridSummarySchema, locateQuerySchema, locateResultSchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { importGrids, previewGrids } from './grid-import';

/** Grid import (admin) and point lookup (anyone signed in). */
export function gridsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/grids/import',
      tag: 'admin',
      summary: 'Import grids from a GeoJSON FeatureCollection; upserts by code; refused as a whole if any feature is invalid',
      auth: ['admin'],
      body: gridImportSchema,
      responses: { 200: { description: 'Imported', schema: gridImportResultSchema } },
      errors: [400, 401, 403, 413],
    },
    async (ctx, { body }) => {
      const { created, updated, before, after } = await importGrids(s.models, s.grids, body.features);
      await s.audit.record(ctx.state.user, 'grids.import', 'grids', before, { created, updated, grids: after });
      return { body: { created, updated } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/grids/preview',
      tag: 'admin',
      summary: 'What importing this GeoJSON would do, without writing: each feature new, changing an existing grid, or invalid with its problems',
      auth: ['admin'],
      body: gridImportSchema,
      responses: { 200: { description: 'Preview', schema: gridPreviewSchema } },
      errors: [400, 401, 403, 413],
    },
    async (_ctx, { body }) => ({ body: await previewGrids(s.models, body.features) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/grids/locate',
      tag: 'grids',
      summary: 'The chain of grids containing a point, deepest first (您所在网格)',
      auth: 'user',
      query: locateQuerySchema,
      responses: { 200: { description: 'Grid chain', schema: locateResultSchema } },
      errors: [400, 401],
    },
    async (_ctx, { query }) => ({ body: { grids: (await s.grids.current()).locate(query.lng, query.lat) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/grids',
      tag: 'grids',
      summary: 'The grid tree as a list (code, name, level, parent): staff choose where a phoned-in problem is, residents who share no position choose their grid',
      auth: 'user',
      responses: { 200: { description: 'Grids', schema: z.object({ items: z.array(gridSummarySchema.extend({ parentCode: z.string().nullable() })) }) } },
      errors: [401],
    },
    async () => ({ body: { items: (await s.grids.current()).all().map((g) => ({ code: g.code, name: g.name, level: g.level, parentCode: g.parentCode })) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/grids/boundaries',
      tag: 'grids',
      summary: "Outlines of named grids for a map: the resident's grid around the pin, a worker's grids under the day's tasks; unknown codes are left out",
      auth: 'user',
      query: gridBoundariesQuerySchema,
      responses: { 200: { description: 'Outlines (GCJ-02)', schema: z.object({ items: z.array(gridBoundarySchema) }) } },
      errors: [400, 401],
    },
    async (_ctx, { query }) => {
      const index = await s.grids.current();
      const items = query.codes.flatMap((code) => {
        const g = index.get(code);
        return g ? [{ code: g.code, name: g.name, level: g.level, parentCode: g.parentCode, geometry: g.geometry }] : [];
      });
      return { body: { items } };
    },
  );
  return router;
}
