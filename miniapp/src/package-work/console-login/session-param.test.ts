import { sessionParam } from './session-param';

describe('the console sign-in id a page was opened with', () => {
  const id = 'AbCdEfGhIjKlMnOpQrSt_-';

  it('is read from ?session= and from a scanned link WeChat passes as q', () => {
    expect(sessionParam({ session: id })).toBe(id);
    expect(sessionParam({ q: encodeURIComponent(`https://linli.example.cn/#/package-work/console-login/index?session=${id}`) })).toBe(id);
  });

  it('is nothing for a malformed or missing id', () => {
    expect(sessionParam({ session: 'short' })).toBeNull();
    expect(sessionParam({ q: encodeURIComponent('https://elsewhere.example/?session=<script>') })).toBeNull();
    expect(sessionParam({})).toBeNull();
  });
});
