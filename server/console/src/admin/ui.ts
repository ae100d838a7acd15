import { h } from '../dom';

type Child = Node | string | null | undefined;

/** A labelled control: the label wraps it, so screen readers and tests find it by its Chinese name. */
export const field = (label: string, control: HTMLElement): HTMLLabelElement => h('label', { class: 'field' }, h('span', {}, label), control);

export const input = (name: string, attrs: Record<string, string | number | boolean | undefined> = {}) => h('input', { name, ...attrs });

export function select(name: string, options: [string, string][], value = ''): HTMLSelectElement {
  const el = h('select', { name }, ...options.map(([v, text]) => h('option', { value: v }, text)));
  el.value = value;
  return el;
}

export function table(headers: string[], rows: Child[][], label: string): HTMLTableElement {
  return h(
    'table',
    { class: 'admin-table', 'aria-label': label },
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))),
  );
}

export function button(text: string, onClick: () => void | Promise<void>, attrs: Record<string, string | boolean> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'btn', ...attrs }, text);
  b.addEventListener('click', () => void onClick());
  return b;
}

/** Where a section says what happened: a polite status, or an alert for a refusal. */
export function statusLine(): { el: HTMLElement; ok: (text: string) => void; fail: (err: unknown) => void; clear: () => void } {
  const el = h('p', { class: 'admin-status', role: 'status' });
  return {
    el,
    ok: (text) => {
      el.setAttribute('role', 'status');
      el.className = 'admin-status';
      el.textContent = text;
    },
    fail: (err) => {
      el.setAttribute('role', 'alert');
      el.className = 'admin-status admin-status--error';
      el.textContent = err instanceof Error ? err.message : '操作失败';
    },
    clear: () => {
      el.textContent = '';
    },
  };
}

/** Codes typed as "A, B；C" or one per line. */
export const codesFrom = (text: string): string[] => text.split(/[\s,，;；、]+/).map((s) => s.trim()).filter(Boolean);

/** Text of a named control of a form. */
export const valueOf = (form: HTMLFormElement, name: string): string => ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();

export const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—');
