import { consequenceOf, labelOf } from './rating';

describe('the rating page’s words', () => {
  it('labels 1–5 from 非常不满意 to 非常满意', () => {
    expect([1, 2, 3, 4, 5].map(labelOf)).toEqual(['非常不满意', '不满意', '基本满意', '满意', '非常满意']);
  });

  it('tells the resident that 3 or more closes the report', () => {
    expect(consequenceOf(3, 0)).toContain('归档');
  });

  it('tells the resident that 1–2 reopens it and escalates one level, up to the city', () => {
    expect(consequenceOf(2, 0)).toBe('提交后将重新办理（重办），并升级至区级督办，网格长会跟进处理。');
    expect(consequenceOf(1, 1)).toContain('市级督办');
    expect(consequenceOf(1, 2)).toContain('市级督办');
  });
});
