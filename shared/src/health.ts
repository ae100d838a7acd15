import { z } from 'zod';

/** `GET /healthz`: liveness of the server and its database. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  version: z.string(),
});

export type Health = z.infer<typeof healthSchema>;
