import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** The MIIT 适老化 numbers the care mode is held to (CSS px ≈ dp/pt on a phone). */
export const careNumbers = { bodyPx: 18, mainPx: 30, lineSpacing: 1.3, contrast: 4.5, targetPx: 60, secondaryTargetPx: 44 };

export interface Audit {
  page: string;
  texts: number;
  targets: number;
  minFontPx: number;
  minMainFontPx: number | null;
  minLineSpacing: number;
  minContrast: number;
  minContrastAt: string;
  minTarget: string;
  misses: string[];
}

/**
 * Measures the visible page in the browser: every text's computed size, line spacing and contrast against the
 * background actually behind it, and the box of everything that reacts to a tap (found from the listeners
 * Taro attached, so nothing clickable escapes by lacking a role).
 */
export async function auditCareMode(page: Page, name: string): Promise<Audit> {
  const result = await page.evaluate((n) => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const lum = ([r, g, b]: Rgba) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    /** The opaque colour behind an element: its own and its ancestors' backgrounds, composited over white. */
    const backdrop = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      return layers.reverse().reduce<Rgba>((acc, l) => over(l, acc), [255, 255, 255, 1]);
    };
    const contrast = (a: Rgba, b: Rgba) => {
      const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (l1! + 0.05) / (l2! + 0.05);
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
      }
      return true;
    };
    const disabled = (el: Element) => !!el.closest('[disabled]');
    type Events = { __events?: Record<string, unknown> };
    const tappable = (el: Element) =>
      ['click', 'tap', 'touchstart', 'pointerdown', 'change', 'longpress'].some((e) => (el as Element & Events).__events?.[e]) ||
      el.matches('.weui-tabbar__item') ||
      ['INPUT', 'TEXTAREA', 'BUTTON', 'A', 'SELECT', 'TARO-BUTTON-CORE', 'TARO-SWITCH-CORE', 'TARO-TEXTAREA-CORE', 'TARO-INPUT-CORE'].includes(el.tagName);

    const roots = [...document.querySelectorAll('.page'), ...document.querySelectorAll('.taro-tabbar__tabbar')].filter(shown);
    const misses: string[] = [];
    const label = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} “${(el.textContent ?? '').trim().slice(0, 16)}”`;
    let texts = 0;
    let minFont = Infinity;
    let minMain = Infinity;
    let minLine = Infinity;
    let minContrast = Infinity;
    let minContrastAt = '';
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const own = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim());
        if (!own || !shown(el)) continue;
        texts += 1;
        const cs = getComputedStyle(el);
        const size = parseFloat(cs.fontSize);
        const line = cs.lineHeight === 'normal' ? 1.2 : parseFloat(cs.lineHeight) / size;
        const main = !!el.closest('[data-main]');
        minFont = Math.min(minFont, size);
        if (main) minMain = Math.min(minMain, size);
        if (size < 18) misses.push(`text ${size.toFixed(1)}px < 18: ${label(el)}`);
        if (main && size < 30) misses.push(`main text ${size.toFixed(1)}px < 30: ${label(el)}`);
        // Single-line controls centre their one line in a taller box; spacing matters where text wraps.
        const wraps = el.getBoundingClientRect().height > size * 2;
        if (wraps) minLine = Math.min(minLine, line);
        if (wraps && line < 1.3) misses.push(`line spacing ${line.toFixed(2)} < 1.3: ${label(el)}`);
        if (!disabled(el)) {
          const c = contrast(over(parse(cs.color), backdrop(el)), backdrop(el));
          if (c < minContrast) minContrastAt = label(el);
          minContrast = Math.min(minContrast, c);
          if (c < 4.5) misses.push(`contrast ${c.toFixed(2)} < 4.5: ${label(el)}`);
        }
      }
    }
    let targets = 0;
    let minTarget = { w: Infinity, h: Infinity, at: '' };
    for (const root of roots) {
      for (const el of [...root.querySelectorAll('*')]) {
        if (!tappable(el) || !shown(el)) continue;
        // The outermost tappable element is what the finger hits.
        if ([...ancestors(el)].some((a) => tappable(a) && root.contains(a))) continue;
        targets += 1;
        const r = el.getBoundingClientRect();
        const secondary = !!el.closest('.link, .photos__remove, .weui-tabbar__item, .care-switch, taro-textarea-core');
        const need = secondary ? 44 : 60;
        if (Math.min(r.width, r.height) < Math.min(minTarget.w, minTarget.h)) minTarget = { w: r.width, h: r.height, at: label(el) };
        if (r.width < need || r.height < need) misses.push(`target ${Math.round(r.width)}×${Math.round(r.height)} < ${need}×${need}: ${label(el)}`);
      }
    }
    function* ancestors(el: Element) {
      for (let e: Element | null = el.parentElement; e; e = e.parentElement) yield e;
    }
    return {
      page: n,
      texts,
      targets,
      minFontPx: minFont,
      minMainFontPx: minMain === Infinity ? null : minMain,
      minLineSpacing: minLine === Infinity ? 0 : minLine,
      minContrast,
      minContrastAt,
      minTarget: minTarget.w === Infinity ? '–' : `${Math.round(minTarget.w)}×${Math.round(minTarget.h)}`,
      misses,
    };
  }, name);
  return result;
}

export function auditTable(audits: Audit[]): string {
  const rows = audits.map(
    (a) =>
      `| ${a.page} | ${a.texts} | ${a.minFontPx.toFixed(1)} | ${a.minMainFontPx?.toFixed(1) ?? '–'} | ${a.minLineSpacing ? a.minLineSpacing.toFixed(2) : '–'} | ${a.minContrast.toFixed(2)} ${a.minContrastAt} | ${a.targets} | ${a.minTarget} | ${a.misses.length} |`,
  );
  return ['| page | texts | min font px | min main px | min line spacing | min contrast | targets | smallest target | misses |', '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG checks on the visible page; answers the serious and critical violations. */
export async function axeAudit(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
