import { z } from 'zod';

/** `GET /healthz`: liveness of the server and its database. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  storage: z.enum(['ok', 'failing', 'unknown']).describe('A small write succeeded (failing: disk full or read-only)'),
  version: z.string(),
});

export type Health = z.infer<typeof healthSchema>;
