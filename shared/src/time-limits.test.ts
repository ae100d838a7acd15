import { clockOf, deadlineOf, describeLimit } from './time-limits';
import { defaultWorkCalendar } from './work-calendar';

// Monday 2026-11-30 10:00 in Beijing (02:00 UTC).
const monday10 = new Date('2026-11-30T02:00:00Z');

describe('time limits with their units', () => {
  it('counts calendar minutes, hours and days on every minute', () => {
    expect(deadlineOf(monday10, { value: 30, unit: 'minutes' }, defaultWorkCalendar).toISOString()).toBe('2026-11-30T02:30:00.000Z');
    expect(deadlineOf(monday10, { value: 6, unit: 'hours' }, defaultWorkCalendar).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(deadlineOf(monday10, { value: 2, unit: 'days' }, defaultWorkCalendar).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('counts working hours only inside the working day, carrying over to the next one', () => {
    // 10:00 + 4 working hours = 14:00; + 9 working hours = next day 10:00.
    expect(deadlineOf(monday10, { value: 4, unit: 'working_hours' }, defaultWorkCalendar).toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(deadlineOf(monday10, { value: 9, unit: 'working_hours' }, defaultWorkCalendar).toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });

  it('counts a working day as one working day of the calendar, skipping the weekend', () => {
    // Friday 2026-12-04 10:00 + 1 working day = Monday 2026-12-07 10:00.
    expect(deadlineOf(new Date('2026-12-04T02:00:00Z'), { value: 1, unit: 'working_days' }, defaultWorkCalendar).toISOString()).toBe('2026-12-07T02:00:00.000Z');
  });

  it('says which clock a limit runs on and how to say it', () => {
    expect(clockOf({ value: 5, unit: 'working_days' })).toBe('working');
    expect(clockOf({ value: 30, unit: 'minutes' })).toBe('natural');
    expect(describeLimit({ value: 4, unit: 'working_hours' })).toBe('4个工作小时');
  });
});
