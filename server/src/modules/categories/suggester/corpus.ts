import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Example } from './model';

/** Reads `code<TAB>sentence` lines; `#` starts a comment line. */
export function parseCorpus(text: string): Example[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const tab = l.indexOf('\t');
      return { code: l.slice(0, tab), text: l.slice(tab + 1) };
    })
    .filter((e) => e.code && e.text);
}

let corpus: Example[] | null = null;
/** The corpus kept in the repo (server/data/category-corpus.tsv, composed by scripts/corpus/generate.mjs), read once. */
export const builtInCorpus = (): Example[] => (corpus ??= parseCorpus(readFileSync(path.join(__dirname, '../../../../data/category-corpus.tsv'), 'utf8')));
