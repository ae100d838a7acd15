import { featuresOf, wordOf } from './features';

export interface Example {
  code: string;
  text: string;
  /** How much this sentence counts: a staff correction more than a composed sentence. */
  weight?: number;
}

export interface Prediction {
  code: string;
  probability: number;
  /** The words that weighed most for this category. */
  evidence: string[];
}

export interface TrainOptions {
  epochs?: number;
  rate?: number;
  l2?: number;
  seed?: number;
}

/** A multinomial logistic regression over sparse binary features: small, fast to train, and it says how sure it is. */
export interface CategoryModel {
  readonly classes: readonly string[];
  readonly vocabulary: number;
  predict(text: string): Prediction[];
}

function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  const out = new Float64Array(scores.length);
  for (let k = 0; k < scores.length; k++) sum += out[k] = Math.exp(scores[k]! - max);
  for (let k = 0; k < scores.length; k++) out[k]! /= sum;
  return out;
}

/** Trains by stochastic gradient descent in a fixed order: the same examples always give the same model. */
export function train(examples: readonly Example[], options: TrainOptions = {}): CategoryModel {
  const { epochs = 10, rate = 0.6, l2 = 1e-5, seed = 7 } = options;
  const classes = [...new Set(examples.map((e) => e.code))].sort();
  const K = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const featureIndex = new Map<string, number>();
  const idsOf = (features: readonly string[], grow: boolean) => {
    const ids: number[] = [];
    for (const f of features) {
      let id = featureIndex.get(f);
      if (id === undefined && grow) featureIndex.set(f, (id = featureIndex.size));
      if (id !== undefined) ids.push(id);
    }
    return ids;
  };
  const rows = examples.map((e) => ({ y: classIndex.get(e.code)!, x: idsOf(featuresOf(e.text), true), w: e.weight ?? 1 }));
  const names = [...featureIndex.keys()];
  // One row of K weights per feature, in one array.
  const weights = new Float64Array(names.length * K);
  const bias = new Float64Array(K);

  const scoresOf = (x: readonly number[]) => {
    const s = Float64Array.from(bias);
    for (const f of x) for (let k = 0, o = f * K; k < K; k++) s[k]! += weights[o + k]!;
    return s;
  };

  const random = seeded(seed);
  const order = rows.map((_, i) => i);
  const g = new Float64Array(K);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const step = rate / (1 + epoch * 0.3);
    for (const i of order) {
      const { x, y, w } = rows[i]!;
      const p = softmax(scoresOf(x));
      // Features are binary; dividing by √n keeps long sentences from taking bigger steps than short ones.
      const scale = (step * w) / Math.sqrt(x.length || 1);
      for (let k = 0; k < K; k++) {
        g[k] = (k === y ? 1 : 0) - p[k]!;
        bias[k]! += step * w * g[k]! * 0.1;
      }
      for (const f of x) for (let k = 0, o = f * K; k < K; k++) weights[o + k]! += scale * g[k]! - l2 * weights[o + k]!;
    }
  }

  return {
    classes,
    vocabulary: names.length,
    predict(text: string): Prediction[] {
      const x = idsOf(featuresOf(text), false);
      if (x.length === 0) return [];
      const p = softmax(scoresOf(x));
      return classes
        .map((code, k) => {
          const evidence = x
            .map((f) => ({ word: wordOf(names[f]!), w: weights[f * K + k]! }))
            .filter((e): e is { word: string; w: number } => e.word !== null && e.w > 0.15)
            .sort((a, b) => b.w - a.w)
            .map((e) => e.word);
          return { code, probability: p[k]!, evidence: dropContained(evidence).slice(0, 3) };
        })
        .sort((a, b) => b.probability - a.probability || a.code.localeCompare(b.code));
    },
  };
}

// "路灯不" and "路灯" both weigh for street lights: show the longer one once.
function dropContained(words: string[]): string[] {
  return words.filter((w, i) => !words.some((o, j) => j !== i && o.length > w.length && o.includes(w)));
}
