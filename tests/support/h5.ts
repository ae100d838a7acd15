import type { Page, Request } from 'playwright-core';
import { snap } from './browser';

/**
 * Helpers for driving the H5 build. `page()` and `base()` are read when called, since the page is made in beforeAll.
 * Taro's H5 router keeps earlier pages in the DOM, hidden: lookups take the last visible match.
 */
export function h5(page: () => Page, base: () => string) {
  return {
    text: (t: string, exact = false) => page().getByText(t, { exact }).filter({ visible: true }).last(),
    visible: (selector: string) => page().locator(selector).filter({ visible: true }).last(),
    /** Opens a route fresh (a reload resets the H5 router's page stack). */
    async open(route: string) {
      await page().goto(`${base()}/#${route}`);
      await page().reload();
    },
    /** Opens an empty new-report form: a draft another scenario left on this phone is thrown away first. */
    async openNewReport() {
      await page().goto(`${base()}/#/pages/index/index`);
      await page().evaluate(() => localStorage.removeItem('linli.draft'));
      await page().goto(`${base()}/#/package-report/new/index`);
      await page().reload();
    },
  };
}

/** it(), with a screenshot of the page when the scenario fails, to see what the user saw. */
export function scenarios(page: () => Page, prefix: string) {
  return (name: string, fn: () => Promise<void>, timeout = 60_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (err) {
          await snap(page(), `FAILED ${prefix}${name}`).catch(() => undefined);
          throw err;
        }
      },
      timeout,
    );
}

/**
 * Long-polls the page has open right now (GET /api/v1/reports/changes with a cursor), seen on the network: a scenario
 * about live updates waits until the page is listening before it changes anything.
 */
export function watchLivePolls(page: Page): { open: () => number; stop: () => void } {
  const inFlight = new Set<Request>();
  const started = (r: Request) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/v1/reports/changes' && u.searchParams.has('since')) inFlight.add(r);
  };
  const ended = (r: Request) => void inFlight.delete(r);
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    open: () => inFlight.size,
    stop: () => {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
    },
  };
}
