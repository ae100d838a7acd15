import { normalizeUtterance } from './category-suggest';

/** A life-or-property emergency heard in a resident's words: the app shows the number to call before anything else. */
export interface Emergency {
  kind: 'fire' | 'gas' | 'electric' | 'injury' | 'violence';
  /** What to say, in words. */
  message: string;
  /** Whom to call first. */
  call: '110' | '119' | '120';
}

// Safety overrides, not classification: a false alarm costs a glance, a missed fire costs lives.
const rules: { kind: Emergency['kind']; call: Emergency['call']; pattern: RegExp; message: string }[] = [
  { kind: 'fire', call: '119', pattern: /着火|起火|失火|火灾|大火|火苗|烧起来|冒黑烟|冒烟了|火光/u, message: '疑似火情' },
  { kind: 'gas', call: '119', pattern: /(燃气|煤气|天然气|液化气).{0,4}(味|漏|泄|破)|漏气|气味很大.{0,4}(燃气|煤气)/u, message: '疑似燃气泄漏' },
  { kind: 'electric', call: '119', pattern: /漏电|触电|电线.{0,4}(冒火|火花|着)|冒火花/u, message: '疑似漏电、触电' },
  { kind: 'injury', call: '120', pattern: /受伤|流血|出血|昏迷|不省人事|晕倒|昏倒|喘不上气|心脏病|救命|砸伤|摔伤|骨折/u, message: '有人受伤或急病' },
  { kind: 'violence', call: '110', pattern: /打架|斗殴|持刀|砍人|抢劫|打人|行凶/u, message: '有人打架或行凶' },
];

/** The first emergency the words name, or null. */
export function emergencyOf(text: string): Emergency | null {
  // Spaces and punctuation dropped, so "着 火！" still counts.
  const t = normalizeUtterance(text);
  const rule = rules.find((r) => r.pattern.test(t));
  return rule ? { kind: rule.kind, call: rule.call, message: rule.message } : null;
}

export const emergencyNumbers = [
  { call: '110', name: '报警' },
  { call: '119', name: '火警、燃气泄漏' },
  { call: '120', name: '急救' },
] as const;
