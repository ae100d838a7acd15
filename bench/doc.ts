import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const benchmarksFile = path.resolve(__dirname, '../docs/benchmarks.md');

/**
 * Replaces one `## ` section of docs/benchmarks.md (from its heading to the next `## `), or appends it, leaving the
 * sections other benchmark scripts wrote as they were.
 */
export function writeSection(heading: string, body: string, file = benchmarksFile): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(`\n${heading}\n`);
  const section = `${heading}\n\n${body.trim()}\n`;
  if (start < 0) {
    writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length + 2);
  writeFileSync(file, `${text.slice(0, start + 1)}${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`);
}

/** The sections of the file from this heading on (to keep them when another script rewrites the top). */
export function sectionsFrom(heading: string, file = benchmarksFile): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(`\n${heading}\n`);
  return start < 0 ? '' : text.slice(start + 1);
}
