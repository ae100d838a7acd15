/** A minimal XML writer for Open311's flat documents: objects become elements, arrays repeat an item element. */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

// Control characters other than tab and newlines are not allowed in XML 1.0 at all.
// eslint-disable-next-line no-control-regex
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!).replace(forbidden, '');

function element(name: string, value: XmlValue, itemNames: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v, itemNames)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v, itemNames)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<root><item>…</item>…</root>` with the XML declaration; `itemNames` names the children of nested lists. */
export function toXml(root: string, item: string, items: XmlValue[], itemNames: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, items, { ...itemNames, [root]: item })}`;
}

export function objectToXml(root: string, value: { [k: string]: XmlValue }, itemNames: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemNames)}`;
}
