import { createHash } from 'node:crypto';
import { emergencyOf, fallbackCategoryCode, suggestionThreshold, type Category, type SuggestResponse } from '@linli/shared';
import type { Example, CategoryModel } from './model';
import { train } from './model';

/** What the suggester learns from, besides the corpus kept in the repo. */
export interface TrainingInput {
  corpus: readonly Example[];
  /** Admins' phrases per category (`…` is a gap): short, so each counts a little more than a corpus sentence. */
  categories: readonly Pick<Category, 'code' | 'keywords'>[];
  /** Staff re-categorisations: a real resident's words with the answer staff gave. */
  corrections: readonly { text: string; to: string }[];
}

export function examplesOf({ corpus, categories, corrections }: TrainingInput): Example[] {
  return [
    ...corpus,
    ...categories.flatMap((c) => c.keywords.map((k) => ({ code: c.code, text: k.replaceAll('…', ''), weight: 2 }))),
    ...corrections.map((c) => ({ code: c.to, text: c.text, weight: 3 })),
  ];
}

/** Ranks the active categories for a description; the model's probabilities are renormalised over them. */
export function suggestWith(model: CategoryModel, text: string, active: readonly Pick<Category, 'code' | 'name'>[]): SuggestResponse {
  const names = new Map(active.map((c) => [c.code, c.name]));
  const ranked = model.predict(text).filter((p) => names.has(p.code));
  const total = ranked.reduce((n, p) => n + p.probability, 0);
  const items = ranked.slice(0, 3).map((p) => ({
    code: p.code,
    name: names.get(p.code)!,
    confidence: total > 0 ? Math.round((p.probability / total) * 100) / 100 : 0,
    matched: p.evidence,
  }));
  const top = items[0];
  const sure = !!top && top.confidence >= suggestionThreshold;
  const code = sure ? top.code : fallbackCategoryCode;
  return { items, best: { code, name: names.get(code) ?? '其他' }, sure, emergency: emergencyOf(text) };
}

// Several servers in one process (tests, a restart in place) train on the same sentences once.
const trainedBefore = new Map<string, CategoryModel>();

/** The model for these examples, trained once per process for the same sentences. */
export function trainOnce(examples: readonly Example[]): CategoryModel {
  const key = createHash('sha256')
    .update(examples.map((e) => `${e.code}\t${e.weight ?? 1}\t${e.text}`).join('\n'))
    .digest('hex');
  let model = trainedBefore.get(key);
  if (!model) {
    model = train(examples);
    trainedBefore.clear();
    trainedBefore.set(key, model);
  }
  return model;
}
