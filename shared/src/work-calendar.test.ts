import { addWorkingHours, deadlineAfter, isWorkingDay, shareUsed, workCalendarSchema, workingMsBetween } from './work-calendar';

// 2026-10-01 (Thu) … 10-07 national holiday, 10-10 (Sat) a 调休 working day; Beijing time.
const cal = workCalendarSchema.parse({ holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] });
const bj = (s: string) => new Date(`${s}+08:00`);

describe('the working calendar', () => {
  it('knows weekdays, holidays and make-up working days', () => {
    expect(isWorkingDay(cal, '2026-09-30')).toBe(true);
    expect(isWorkingDay(cal, '2026-10-01')).toBe(false);
    expect(isWorkingDay(cal, '2026-10-03')).toBe(false);
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true);
  });

  it('counts working hours within the day', () => {
    expect(addWorkingHours(bj('2026-11-25T10:00:00'), 4, cal)).toEqual(bj('2026-11-25T14:00:00'));
  });

  it('carries what does not fit into the next working morning', () => {
    expect(addWorkingHours(bj('2026-11-25T16:00:00'), 4, cal)).toEqual(bj('2026-11-26T11:00:00'));
  });

  it('skips the weekend: Friday afternoon plus 8 working hours is Monday afternoon', () => {
    expect(addWorkingHours(bj('2026-11-27T15:00:00'), 8, cal)).toEqual(bj('2026-11-30T14:00:00'));
  });

  it('starts the clock at the next opening when a report comes in at night or on a day off', () => {
    expect(addWorkingHours(bj('2026-11-28T22:30:00'), 2, cal)).toEqual(bj('2026-11-30T11:00:00'));
  });

  it('skips a national holiday and works the 调休 Saturday', () => {
    // Sept 30 17:00 + 3h: 1h on the 30th, then Oct 1–7 off except none, Oct 8 (Thu) 09:00 + 2h.
    expect(addWorkingHours(bj('2026-09-30T17:00:00'), 3, cal)).toEqual(bj('2026-10-08T11:00:00'));
    // Oct 9 (Fri) 17:00 + 2h: 1h on Friday, 1h on the make-up Saturday.
    expect(addWorkingHours(bj('2026-10-09T17:00:00'), 2, cal)).toEqual(bj('2026-10-10T10:00:00'));
  });

  it('measures working time between two moments', () => {
    expect(workingMsBetween(bj('2026-11-27T15:00:00'), bj('2026-11-30T14:00:00'), cal)).toBe(8 * 3_600_000);
  });

  it('uses plain hours on the natural clock', () => {
    expect(deadlineAfter(bj('2026-11-28T22:30:00'), 2, 'natural', cal)).toEqual(bj('2026-11-29T00:30:00'));
  });

  it('says how much of the allowed time is used, above 1 when late', () => {
    const from = bj('2026-11-27T15:00:00');
    const due = addWorkingHours(from, 8, cal);
    expect(shareUsed(from, due, bj('2026-11-30T12:24:00'), 'working', cal)).toBeCloseTo(0.8, 5);
    expect(shareUsed(from, due, bj('2026-11-29T12:00:00'), 'working', cal)).toBeCloseTo(3 / 8, 5);
    expect(shareUsed(from, due, bj('2026-11-30T15:00:00'), 'natural', cal)).toBeGreaterThan(1);
  });

  it('refuses a calendar whose day ends before it starts', () => {
    expect(workCalendarSchema.safeParse({ dayStart: '18:00', dayEnd: '09:00' }).success).toBe(false);
  });
});
