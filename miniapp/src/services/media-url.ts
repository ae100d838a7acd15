import { API_BASE } from './config';
import { currentToken } from './token';

/** An <image>-ready URL for a media id; the token rides in the query because images cannot send headers. */
export function mediaUrl(id: string): string {
  return `${API_BASE}/api/v1/media/${id}?access_token=${encodeURIComponent(currentToken() ?? '')}`;
}
