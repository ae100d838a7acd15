import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What the view layer does with one kind of node of Taro's built templates (base.wxml): its tag, bound events, props. */
export interface NodeTemplate {
  tag: string;
  /** Events the template binds to the page's `eh` (tap, input, change, agreeprivacyauthorization, …). */
  events: Set<string>;
  /** Attribute name → the key of the node's data that feeds it (Taro shortens props to p0, p1, …). */
  attrs: Map<string, string>;
}

/**
 * Reads the templates the weapp build produced, so the double dispatches exactly the events the real view layer would:
 * Taro picks a template per node (`nn`), and only some variants bind `tap` to the page.
 */
export function readTemplates(distDir: string): Map<string, NodeTemplate> {
  const wxml = readFileSync(path.join(distDir, 'base.wxml'), 'utf8');
  const out = new Map<string, NodeTemplate>();
  for (const m of wxml.matchAll(/<template name="tmpl_\d+_([^"]+)">\s*<([a-z-]+)([^>]*)>/g)) {
    const nn = m[1]!.replace(/_(focus|blur)$/, '');
    const [tag, attrText] = [m[2]!, m[3]!];
    // A dispatcher that picks a focus/blur variant: the variants carry the element.
    if (tag === 'template') continue;
    const t = out.get(nn) ?? { tag, events: new Set<string>(), attrs: new Map<string, string>() };
    for (const e of attrText.matchAll(/(?:bind|catch)([a-z]+)="eh"/g)) t.events.add(e[1]!);
    for (const a of attrText.matchAll(/([a-z-]+)="\{\{(?:xs\.b\()?i\.(p\d+)/g)) t.attrs.set(a[1]!, a[2]!);
    out.set(nn, t);
  }
  return out;
}
