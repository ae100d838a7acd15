import type { Page } from 'playwright-core';
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
