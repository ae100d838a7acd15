import { fallbackCategoryCode } from './categories';

/** What the classifier needs to know about a category: its phrases, written as data. */
export interface ClassifiableCategory {
  code: string;
  name: string;
  keywords: string[];
}

export interface CategorySuggestion {
  code: string;
  name: string;
  /** 0–1: the share of all matched evidence that points at this category. */
  confidence: number;
  /** The phrases that matched, so staff can see why. */
  matched: string[];
}

/** Below this, the top guess is not trusted and the report goes to 其他 for the dispatcher. */
export const suggestionThreshold = 0.35;

// Evidence needed before a guess is trusted at all: one two-character phrase is a hint, not a classification.
const PRIOR = 1.5;
const GAP = '…';

/** Full-width letters and digits to half-width, case folded, spaces and punctuation dropped. */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

interface Pattern {
  phrase: string;
  weight: number;
  regex: RegExp;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(phrase: string): Pattern | null {
  const parts = phrase.split(GAP).map(normalizeUtterance).filter(Boolean);
  if (parts.length === 0) return null;
  // Longer phrases are stronger evidence; a gap phrase counts its characters, not the gap.
  const weight = parts.reduce((n, p) => n + [...p].length, 0);
  return { phrase, weight, regex: new RegExp(parts.map(escape).join('.{0,8}'), 'u') };
}

const cache = new WeakMap<ClassifiableCategory, Pattern[]>();
function patternsOf(c: ClassifiableCategory): Pattern[] {
  let p = cache.get(c);
  if (!p) {
    p = c.keywords.map(compile).filter((x): x is Pattern => x !== null);
    cache.set(c, p);
  }
  return p;
}

/** Ranks categories by the phrases found in the text; an empty list means nothing matched at all. */
export function suggestCategories(text: string, categories: ClassifiableCategory[], limit = 3): CategorySuggestion[] {
  const t = normalizeUtterance(text);
  if (!t) return [];
  const scored = categories
    .map((c) => {
      const hits = patternsOf(c).filter((p) => p.regex.test(t));
      return { c, score: hits.reduce((n, h) => n + h.weight, 0), matched: hits.map((h) => h.phrase) };
    })
    .filter((s) => s.score > 0);
  const total = scored.reduce((n, s) => n + s.score, 0) + PRIOR;
  return scored
    .sort((a, b) => b.score - a.score || a.c.code.localeCompare(b.c.code))
    .slice(0, limit)
    .map((s) => ({ code: s.c.code, name: s.c.name, confidence: Math.round((s.score / total) * 100) / 100, matched: s.matched }));
}

/** The category a report gets when the resident did not choose: the top suggestion if trusted, else 其他. */
export function bestCategory(suggestions: CategorySuggestion[], fallback = fallbackCategoryCode): string {
  const top = suggestions[0];
  return top && top.confidence >= suggestionThreshold ? top.code : fallback;
}
