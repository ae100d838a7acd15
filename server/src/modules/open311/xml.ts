/** A minimal XML writer for Open311's flat documents: objects become elements, arrays repeat an item element. */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

// XML 1.0 allows only tab, newlines and U+0020–U+D7FF, U+E000–U+FFFD, U+10000 up: everything else (control
// characters, the noncharacters U+FFFE/U+FFFF, lone surrogates) would make the document not well-formed.
// eslint-disable-next-line no-control-regex -- the XML Char production names these controls as the allowed ones
export const notXmlChar = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const escapeXml = (s: string) =>
  s.replace(notXmlChar, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

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
