import { pinyin } from 'pinyin-pro';
import { normalizeUtterance } from '@linli/shared';

/**
 * What the model reads from a sentence: character uni-, bi- and trigrams (words without a word segmenter), and the
 * toneless pinyin syllables and syllable pairs (so 路等 and 路灯, which speech recognition confuses, look alike).
 */
export function featuresOf(text: string): string[] {
  const chars = [...normalizeUtterance(text)];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    out.add(`c${chars[i]}`);
    if (i + 1 < chars.length) out.add(`b${chars[i]}${chars[i + 1]}`);
    if (i + 2 < chars.length) out.add(`t${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  }
  const syllables = chars.length ? pinyin(chars.join(''), { toneType: 'none', type: 'array' }) : [];
  for (let i = 0; i < syllables.length; i++) {
    out.add(`p${syllables[i]}`);
    if (i + 1 < syllables.length) out.add(`q${syllables[i]} ${syllables[i + 1]}`);
  }
  return [...out];
}

/** The words behind a feature, as staff should read them ("路灯"), or null for pinyin and single characters. */
export function wordOf(feature: string): string | null {
  return feature[0] === 'b' || feature[0] === 't' ? feature.slice(1) : null;
}
