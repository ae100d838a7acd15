import { measureScale } from '../support/scale/measure';
import { testDbUri } from '../support/db';

// The quick mode of `npm run bench:scale`: the same requests with 200 and 2,000 reports of history. Times on a shared
// machine are noise, so this asserts what must not move at all: how many round trips each request makes.
describe('the cost of a request as history grows', () => {
  it('stays the same number of database round trips, within the targets, at 200 and at 2,000 stored reports', async () => {
    const options = { samples: 5, consoleRuns: 1, deliveries: 0 };
    const small = await measureScale(testDbUri(), 200, options);
    const large = await measureScale(testDbUri(), 2_000, options);

    expect(small.submit.trips).toBeLessThanOrEqual(6);
    expect(small.accept.trips).toBeLessThanOrEqual(4);
    expect(small.resolve.trips).toBeLessThanOrEqual(4);
    expect(small.changes.trips).toBe(1);
    expect(small.myReports.trips).toBe(1);
    for (const k of ['submit', 'accept', 'resolve', 'myReports', 'changes'] as const) expect({ [k]: large[k].trips }).toEqual({ [k]: small[k].trips });
    // Staff lists walk back through windows of time until a page is full: a sparse history needs more of them.
    expect(large.workerList.trips).toBeLessThanOrEqual(small.workerList.trips);
  }, 180_000);
});
