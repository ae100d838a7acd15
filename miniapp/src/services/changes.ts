import type { Status } from '@linli/shared';
import { request } from './request';

export interface ReportChange {
  id: string;
  status: Status;
  updatedAt: string;
}

/** Long-poll: reports that changed since the cursor (answers within `wait` seconds). */
export const pollChanges = (since: string | null, wait = 25) =>
  request<{ items: ReportChange[]; cursor: string }>(`/api/v1/reports/changes?wait=${since ? wait : 0}${since ? `&since=${encodeURIComponent(since)}` : ''}`, {
    toast: false,
    idempotent: false,
  });
