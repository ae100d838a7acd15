import { statusNames, type Status } from '@linli/shared';

const pad = (n: number) => String(n).padStart(2, '0');

/** "11-27 16:05" in Beijing time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "3天前", "2小时前", "刚刚". */
export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return '刚刚';
  if (s < 3600) return `${Math.floor(s / 60)}分钟前`;
  if (s < 86_400) return `${Math.floor(s / 3600)}小时前`;
  return `${Math.floor(s / 86_400)}天前`;
}

/** Status chips carry words and a tone; colour is never the only cue. */
export const statusTone: Record<Status, 'info' | 'progress' | 'done' | 'muted'> = {
  submitted: 'info',
  assigned: 'progress',
  accepted: 'progress',
  resolved: 'done',
  verifying: 'done',
  closed: 'muted',
};

export const statusLabel = (s: Status) => statusNames[s];

/** Emoji stand-ins for category icons: no image files, so the main package stays small. */
export const categoryIcons: Record<string, string> = {
  light: '💡',
  road: '🚧',
  facility: '🏗️',
  rubbish: '🗑️',
  tree: '🌳',
  parking: '🚗',
  noise: '🔊',
  shield: '🛡️',
  fire: '🧯',
  people: '🤝',
  elderly: '👵',
  wrench: '🔧',
  more: '📋',
};

export const roleLabels: Record<string, string> = {
  resident: '居民',
  grid_worker: '网格员',
  grid_leader: '网格长',
  dispatcher: '指挥中心',
  unit_handler: '承办单位',
  admin: '管理员',
  system: '系统',
};
