import { emergencyOf } from './emergency';

describe('emergency words', () => {
  it.each([
    ['对面楼着火了', 'fire', '119'],
    ['有股煤气味，不知道哪里漏气', 'gas', '119'],
    ['插座一直冒火花', 'electric', '119'],
    ['有人摔伤了在流血', 'injury', '120'],
    ['楼下有人打架', 'violence', '110'],
    ['着 火 了 ！', 'fire', '119'],
  ])('hears “%s” as %s and says to call %s', (text, kind, call) => {
    expect(emergencyOf(text)).toMatchObject({ kind, call });
  });

  it.each(['路灯不亮了', '楼下火锅店的油烟太大', '燃气费怎么交'])('stays quiet for the everyday “%s”', (text) => {
    expect(emergencyOf(text)).toBeNull();
  });
});
