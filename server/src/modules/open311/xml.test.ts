import { objectToXml, toXml } from './xml';

describe('toXml', () => {
  it('repeats the item element and escapes text', () => {
    expect(toXml('services', 'service', [{ service_code: 'a&b', note: '<x>' }, { service_code: 'c', note: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>a&amp;b</service_code><note>&lt;x&gt;</note></service><service><service_code>c</service_code><note/></service></services>',
    );
  });

  it('names nested list items and drops characters XML cannot carry', () => {
    expect(objectToXml('discovery', { formats: ['text/xml', 'application/json'], contact: 'a\u0001b' }, { formats: 'format' })).toContain(
      '<formats><format>text/xml</format><format>application/json</format></formats><contact>ab</contact>',
    );
  });
});
