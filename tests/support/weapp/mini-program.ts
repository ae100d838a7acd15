// Runs the built weapp (miniapp/dist/weapp) as WeChat's JS engine would: the real app.js, taro.js, vendors and page
// code, evaluated in a context of their own whose `wx` is the strict double (wx-double.ts). App(), Page() and
// Component() register configs; pages are instantiated with setData, which this runtime applies to a data tree the way
// the view layer would; taps are dispatched to the page's event handler (`eh`) on the target element and every ancestor
// whose built template binds the event, as WeChat's view layer bubbles them. Only the rendering is absent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { readTemplates, type NodeTemplate } from './templates';
import type { WxDouble } from './wx-double';

// LINLI_WEAPP_DIST points the tests at another build (e.g. an older version, to see what they catch).
export const weappDist = process.env.LINLI_WEAPP_DIST ?? path.resolve(__dirname, '../../../miniapp/dist/weapp');

type Fn = (...args: unknown[]) => unknown;
type Data = Record<string, unknown>;

/** One node of a page's rendered tree (Taro's shortened data: nn, cn, uid, sid, v, cl, p0…). */
export interface ViewNode {
  nn?: string;
  cn?: ViewNode[];
  uid?: string;
  sid?: string;
  v?: string;
  cl?: string;
  [key: string]: unknown;
}

export interface PageInstance {
  route: string;
  options: Record<string, string>;
  data: Data;
  setData(patch: Data, cb?: () => void): void;
  [key: string]: unknown;
}

/** Applies a setData patch: keys are paths like `root.cn.[0].cn.[2].v`. */
function applyPatch(data: Data, patch: Data): void {
  for (const [key, value] of Object.entries(patch)) {
    const parts = key.split('.').flatMap((p) => p.split(/(?=\[)/)).filter(Boolean);
    let cur: Record<string, unknown> | unknown[] = data;
    parts.forEach((raw, i) => {
      const k: string | number = /^\[(\d+)\]$/.test(raw) ? Number(raw.slice(1, -1)) : raw;
      if (i === parts.length - 1) {
        (cur as Record<string | number, unknown>)[k] = structuredClone(value);
        return;
      }
      const next = (cur as Record<string | number, unknown>)[k];
      if (next === undefined || next === null || typeof next !== 'object') {
        (cur as Record<string | number, unknown>)[k] = /^\[\d+\]$/.test(parts[i + 1]!) ? [] : {};
      }
      cur = (cur as Record<string | number, unknown>)[k] as Record<string, unknown>;
    });
  }
}

export class MiniProgram {
  readonly templates: Map<string, NodeTemplate>;
  readonly appJson: { pages: string[]; tabBar?: { list: { pagePath: string }[] }; subPackages?: { root: string; pages: string[] }[] };
  readonly stack: PageInstance[] = [];
  /** Errors thrown inside the app's own code (a crash in WeChat). */
  readonly errors: unknown[] = [];
  private readonly context: vm.Context;
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly pageConfigs = new Map<string, Data>();
  private app: Data | null = null;
  private loadingRoute = '';
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    readonly wx: WxDouble,
    readonly dist = weappDist,
  ) {
    this.templates = readTemplates(dist);
    this.appJson = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'));
    const track = <T extends ReturnType<typeof setTimeout>>(t: T) => {
      // A closed app schedules nothing more (its pending network answers still arrive).
      if (this.closed) clearTimeout(t);
      else this.timers.add(t);
      return t;
    };
    this.context = vm.createContext({
      wx: wx.api,
      App: (config: Data) => void (this.app = config),
      Page: (config: Data) => void this.pageConfigs.set(this.loadingRoute, config),
      Component: () => undefined,
      Behavior: (b: unknown) => b,
      getApp: () => this.app,
      getCurrentPages: () => [...this.stack],
      setTimeout: (f: Fn, ms?: number, ...a: unknown[]) => track(setTimeout(() => this.guard(() => f(...a)), ms)),
      clearTimeout: (t: ReturnType<typeof setTimeout>) => clearTimeout(t),
      setInterval: (f: Fn, ms?: number, ...a: unknown[]) => track(setInterval(() => this.guard(() => f(...a)), ms)),
      clearInterval: (t: ReturnType<typeof setInterval>) => clearInterval(t),
      console,
    });
    wx.navigator = { go: (kind, url, delta) => this.navigate(kind, url, delta), route: () => this.stack.at(-1)?.route };
  }

  private guard(f: () => unknown): void {
    try {
      const r = f();
      if (r instanceof Promise) r.catch((e: unknown) => this.errors.push(e));
    } catch (e) {
      this.errors.push(e);
    }
  }

  /** Evaluates a file of the build as WeChat does, with a CommonJS-style require relative to it. */
  private require(file: string): unknown {
    const abs = path.resolve(this.dist, file.endsWith('.js') ? file : `${file}.js`);
    const cached = this.modules.get(abs);
    if (cached) return cached.exports;
    const mod = { exports: {} };
    this.modules.set(abs, mod);
    const code = readFileSync(abs, 'utf8');
    const fn = vm.runInContext(`(function (require, module, exports) {${code}\n})`, this.context, { filename: abs }) as Fn;
    fn((p: string) => this.require(path.relative(this.dist, path.resolve(path.dirname(abs), p))), mod, mod.exports);
    return mod.exports;
  }

  /** Starts the app (app.js, onLaunch, onShow) and opens its first page. */
  async launch(route = this.appJson.pages[0]!, query: Record<string, string> = {}): Promise<PageInstance> {
    this.require('app.js');
    if (!this.app) throw new Error('app.js did not call App()');
    const options = { path: route, query, scene: 1001 };
    (this.app.onLaunch as Fn | undefined)?.call(this.app, options);
    (this.app.onShow as Fn | undefined)?.call(this.app, options);
    return this.open(route, query);
  }

  /** Opens a page on top of the stack: its code is loaded on first use (subpackages load when needed). */
  async open(route: string, query: Record<string, string> = {}): Promise<PageInstance> {
    const known = [...this.appJson.pages, ...(this.appJson.subPackages ?? []).flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))];
    if (!known.includes(route)) throw new Error(`page "${route}" is not found`);
    if (!this.pageConfigs.has(route)) {
      this.loadingRoute = route;
      this.require(`${route}.js`);
      if (!this.pageConfigs.has(route)) throw new Error(`${route}.js did not call Page()`);
    }
    const config = this.pageConfigs.get(route)!;
    const below = this.stack.at(-1);
    if (below) this.guard(() => (below.onHide as Fn | undefined)?.call(below));
    const page = Object.assign(Object.create(null), config) as PageInstance;
    page.route = route;
    page.__route__ = route;
    page.options = query;
    page.data = structuredClone((config.data as Data | undefined) ?? {});
    page.setData = (patch: Data, cb?: () => void) => {
      applyPatch(page.data, patch);
      if (cb) setTimeout(() => this.guard(cb), 0);
    };
    this.stack.push(page);
    this.guard(() => (page.onLoad as Fn).call(page, query));
    this.guard(() => (page.onShow as Fn | undefined)?.call(page));
    this.guard(() => (page.onReady as Fn | undefined)?.call(page));
    return page;
  }

  private async navigate(kind: 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch', url: string, delta = 1): Promise<void> {
    const close = (p: PageInstance | undefined) => p && this.guard(() => (p.onUnload as Fn | undefined)?.call(p));
    if (kind === 'navigateBack') {
      for (let i = 0; i < delta && this.stack.length > 1; i++) close(this.stack.pop());
      const top = this.stack.at(-1);
      if (top) this.guard(() => (top.onShow as Fn | undefined)?.call(top));
      return;
    }
    const [pathPart, search = ''] = url.replace(/^\//, '').split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    const tabs = (this.appJson.tabBar?.list ?? []).map((t) => t.pagePath);
    if (kind === 'navigateTo' && tabs.includes(pathPart!)) throw new Error('can not navigateTo a tabbar page');
    if (kind === 'switchTab' && !tabs.includes(pathPart!)) throw new Error('can not switchTab to a non-tabbar page');
    if (kind === 'redirectTo') close(this.stack.pop());
    if (kind === 'reLaunch' || kind === 'switchTab') while (this.stack.length) close(this.stack.pop());
    await this.open(pathPart!, query);
  }

  get page(): PageInstance {
    const p = this.stack.at(-1);
    if (!p) throw new Error('no page is open');
    return p;
  }

  /** The rendered tree of the page on top. */
  tree(page = this.page): ViewNode {
    return (page.data.root as ViewNode | undefined) ?? { cn: [] };
  }

  /** Visible text of a node and its descendants. */
  text(node: ViewNode): string {
    return (node.v ?? '') + (node.cn ?? []).map((c) => this.text(c)).join('');
  }

  /** An attribute of a node as the view layer sees it (e.g. `open-type`, `disabled`), through the built template. */
  attr(node: ViewNode, name: string): unknown {
    const key = this.templates.get(String(node.nn))?.attrs.get(name);
    return key ? node[key] : undefined;
  }

  tag(node: ViewNode): string {
    return this.templates.get(String(node.nn))?.tag ?? String(node.nn);
  }

  /** Every node with its ancestors, depth first. */
  private *walk(node: ViewNode, parents: ViewNode[] = []): Generator<{ node: ViewNode; parents: ViewNode[] }> {
    yield { node, parents };
    for (const c of node.cn ?? []) yield* this.walk(c, [...parents, node]);
  }

  /** The innermost element whose text is `text` (or matches it), with its ancestors; null when the page shows none. */
  find(text: string | RegExp, where: { tag?: string } = {}): { node: ViewNode; parents: ViewNode[] } | null {
    let best: { node: ViewNode; parents: ViewNode[] } | null = null;
    for (const hit of this.walk(this.tree())) {
      if (hit.node.v !== undefined) continue;
      const t = this.text(hit.node).trim();
      const ok = typeof text === 'string' ? t === text : text.test(t);
      if (ok && (!where.tag || this.tag(hit.node) === where.tag)) best = hit;
    }
    return best;
  }

  /** Whether the page shows this text anywhere. */
  shows(text: string | RegExp): boolean {
    const all = this.text(this.tree());
    return typeof text === 'string' ? all.includes(text) : text.test(all);
  }

  private event(type: string, target: ViewNode, current: ViewNode, detail: Data, touches: Data[]): Data {
    const ref = (n: ViewNode) => ({ id: n.uid ?? n.sid, dataset: { sid: n.sid } });
    return { type, timeStamp: Date.now(), target: ref(target), currentTarget: ref(current), detail, touches, changedTouches: touches, mark: {} };
  }

  /** Fires an event on an element and up through the ancestors whose templates bind it, as the view layer bubbles. */
  private fire(type: string, hit: { node: ViewNode; parents: ViewNode[] }, detail: Data = {}, touches: Data[] = []): void {
    const page = this.page;
    const bubbles = ['tap', 'touchstart', 'touchmove', 'touchend', 'touchcancel', 'longpress'].includes(type);
    for (const n of [hit.node, ...[...hit.parents].reverse()]) {
      if (!this.templates.get(String(n.nn))?.events.has(type)) continue;
      this.guard(() => (page.eh as Fn).call(page, this.event(type, hit.node, n, detail, touches)));
      if (!bubbles) break;
    }
  }

  private hitOf(text: string | RegExp): { node: ViewNode; parents: ViewNode[] } {
    const hit = this.find(text);
    if (!hit) throw new Error(`nothing shows "${String(text)}" on ${this.page.route}: ${this.text(this.tree()).slice(0, 400)}`);
    return hit;
  }

  /** A finger goes down on the element showing `text` (and stays: press-and-hold). */
  press(text: string | RegExp): void {
    this.fire('touchstart', this.hitOf(text), {}, [{ identifier: 0, clientX: 180, clientY: 600, pageX: 180, pageY: 600 }]);
  }

  /** The finger lifts from the element showing `text`. */
  release(text: string | RegExp): void {
    this.fire('touchend', this.hitOf(text), {}, [{ identifier: 0, clientX: 180, clientY: 600, pageX: 180, pageY: 600 }]);
  }

  /** Whether the element showing `text` is there and can be tapped (not a disabled button). */
  enabled(text: string | RegExp): boolean {
    const hit = this.find(text);
    const button = hit && [hit.node, ...hit.parents.slice().reverse()].find((n) => this.tag(n) === 'button');
    return !!hit && !(button && this.attr(button, 'disabled'));
  }

  /** A finger taps the element showing `text`; handlers run in WeChat's tap context (gesture-bound APIs allowed). */
  tap(text: string | RegExp, where: { tag?: string } = {}): void {
    const hit = where.tag ? this.find(text, where) : this.hitOf(text);
    if (!hit) throw new Error(`nothing shows "${String(text)}" as a ${where.tag} on ${this.page.route}`);
    const button = [hit.node, ...hit.parents.slice().reverse()].find((n) => this.tag(n) === 'button');
    if (button && this.attr(button, 'disabled')) throw new Error(`"${String(text)}" is disabled`);
    this.wx.tapDepth += 1;
    try {
      if (button && this.attr(button, 'open-type') === 'agreePrivacyAuthorization') {
        const id = String(button.uid ?? button.sid);
        this.wx.tapAgreeButton(id);
        this.fire('agreeprivacyauthorization', { node: button, parents: [] }, {});
      }
      if (button && this.attr(button, 'open-type') === 'getPhoneNumber') {
        const target = { node: button, parents: [] };
        this.wx.tapPhoneButton((detail) => this.fire('getphonenumber', target, detail));
      }
      this.fire('tap', hit, { x: 10, y: 10 });
    } finally {
      this.wx.tapDepth -= 1;
    }
  }

  /** Every element of the page built from this tag (e.g. `map`). */
  all(tag: string): ViewNode[] {
    return [...this.walk(this.tree())].filter((h) => this.tag(h.node) === tag).map((h) => h.node);
  }

  /** A finger taps the page's map at a place: WeChat's map answers a tap with its coordinates (base library ≥ 2.9.0). */
  tapMap(at: { lng: number; lat: number }): void {
    const hit = [...this.walk(this.tree())].find((h) => this.tag(h.node) === 'map');
    if (!hit) throw new Error(`no map on ${this.page.route}`);
    this.wx.tapDepth += 1;
    try {
      this.fire('tap', hit, { longitude: at.lng, latitude: at.lat });
    } finally {
      this.wx.tapDepth -= 1;
    }
  }

  /** Types into the textarea or input that shows `placeholder`. */
  type(placeholder: string, value: string): void {
    for (const hit of this.walk(this.tree())) {
      if (this.attr(hit.node, 'placeholder') === placeholder) return this.fire('input', hit, { value, cursor: value.length });
    }
    throw new Error(`no field "${placeholder}" on ${this.page.route}`);
  }

  /** Waits until `check` holds, re-checking as the app's timers and network settle. */
  async until<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v) return v;
      if (this.errors.length) throw this.errors[0];
      if (Date.now() > deadline) {
        const last = this.wx.calls.slice(-6).map((c) => `${c.api}→${c.outcome ?? '…'}`);
        throw new Error(`timed out waiting for ${what} on ${this.stack.at(-1)?.route ?? '(no page)'}: ${this.stack.length ? this.text(this.tree()).slice(0, 500) : ''}\nlast wx calls: ${last.join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops every timer the app started. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    while (this.stack.length) this.guard(() => (this.stack.pop()!.onUnload as Fn | undefined)?.call(this.stack.at(-1)));
  }
}
