/**
 * The console sign-in id a page was opened with: `?session=` from the H5 link or the workbench's scanner, or `q` (the
 * whole scanned link, URL-encoded) when WeChat opens the page from 扫普通链接二维码打开小程序.
 */
export function sessionParam(params: Record<string, string | undefined>): string | null {
  const direct = params.session;
  const link = params.q ? decodeURIComponent(params.q) : '';
  const fromLink = /[?&]session=([A-Za-z0-9_-]{22})(?:&|$)/.exec(link)?.[1];
  const id = direct ?? fromLink ?? null;
  return id && /^[A-Za-z0-9_-]{22}$/.test(id) ? id : null;
}
