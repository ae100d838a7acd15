import { channelNames, type StatsRow } from '@linli/shared';

const columns: [string, (r: StatsRow) => string][] = [
  ['编号', (r) => r.no],
  ['提交时间', (r) => beijing(r.createdAt)],
  ['状态', (r) => r.statusName],
  ['类别', (r) => r.categoryName],
  ['网格', (r) => r.gridName],
  ['渠道', (r) => channelNames[r.channel as keyof typeof channelNames] ?? r.channel],
  ['承办人', (r) => r.assignee],
  ['签收时限', (r) => (r.signBy ? beijing(r.signBy) : '')],
  ['办结时限', (r) => (r.resolveBy ? beijing(r.resolveBy) : '')],
  ['超时', (r) => (r.overdue ? '是' : '否')],
  ['督办', (r) => ({ none: '', yellow: '黄牌', red: '红牌' })[r.supervision]],
  ['评分', (r) => (r.rating === null ? '' : String(r.rating))],
  ['描述', (r) => r.description],
];

function beijing(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header line, after a BOM so that Excel opens the Chinese text as UTF-8. */
export function csvHeader(): string {
  return `\uFEFF${columns.map(([h]) => h).join(',')}\r\n`;
}

/** One row as a CSV line. */
export function csvLine(r: StatsRow): string {
  return `${columns.map(([, f]) => cell(f(r))).join(',')}\r\n`;
}

/** The table as CSV with a BOM, so Excel opens the Chinese text as UTF-8. */
export function toCsv(rows: StatsRow[]): string {
  return csvHeader() + rows.map(csvLine).join('');
}
