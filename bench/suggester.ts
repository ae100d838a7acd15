// The category suggester's cost: training at start-up, and one suggestion, on this machine.
// Run: npx tsx bench/suggester.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCategories } from '@linli/shared';
import { builtInCorpus, parseCorpus } from '../server/src/modules/categories/suggester/corpus';
import { examplesOf, suggestWith } from '../server/src/modules/categories/suggester/suggester';
import { train } from '../server/src/modules/categories/suggester/model';

const examples = examplesOf({ corpus: builtInCorpus(), categories: defaultCategories, corrections: [] });
const trainings: number[] = [];
let model = train(examples);
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  model = train(examples);
  trainings.push(performance.now() - t);
}
const sentences = parseCorpus(readFileSync(path.join(__dirname, '../tests/fixtures/category-heldout.tsv'), 'utf8')).map((e) => e.text);
const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const s of sentences) {
    const t = performance.now();
    suggestWith(model, s, defaultCategories);
    times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.floor(times.length * p)]!.toFixed(2);
console.log(`| examples | features | training (ms, 3 runs) | suggestion p50 / p99 (ms) |`);
console.log(`|---:|---:|---|---|`);
console.log(`| ${examples.length} | ${model.vocabulary} | ${trainings.map((t) => t.toFixed(0)).join(', ')} | ${q(0.5)} / ${q(0.99)} |`);
