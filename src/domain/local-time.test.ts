import { describe, expect, it } from 'vitest';
import { dailyTimeHasCome, localDateTime } from './local-time.ts';

const at = (iso: string) => new Date(iso);

describe('local time', () => {
  it('reads the wall clock of a zone, midnight as 00', () => {
    expect(localDateTime(at('2025-01-15T06:00:00Z'), 'America/Chicago')).toEqual({
      date: '2025-01-15',
      time: '00:00',
    });
    expect(localDateTime(at('2025-01-15T05:59:00Z'), 'America/Chicago')).toEqual({
      date: '2025-01-14',
      time: '23:59',
    });
    expect(localDateTime(at('2025-01-15T12:07:00Z'), 'Asia/Kathmandu')).toEqual({
      date: '2025-01-15',
      time: '17:52',
    });
  });

  it('says when the daily time has come on the local date', () => {
    expect(dailyTimeHasCome(at('2025-01-15T12:59:00Z'), 'America/Chicago', '07:00')).toEqual({
      due: false,
      date: '2025-01-15',
    });
    expect(dailyTimeHasCome(at('2025-01-15T13:00:00Z'), 'America/Chicago', '07:00').due).toBe(true);
    expect(dailyTimeHasCome(at('2025-01-16T05:59:00Z'), 'America/Chicago', '07:00')).toEqual({
      due: true,
      date: '2025-01-15',
    });
  });

  it('handles the skipped hour (spring forward) and the repeated hour (fall back)', () => {
    // 9 March 2025 in Chicago: 01:59 CST is followed by 03:00 CDT; 02:30 never shows.
    expect(dailyTimeHasCome(at('2025-03-09T07:59:00Z'), 'America/Chicago', '02:30').due).toBe(false);
    expect(dailyTimeHasCome(at('2025-03-09T08:00:00Z'), 'America/Chicago', '02:30')).toEqual({
      due: true,
      date: '2025-03-09',
    });
    // 2 November 2025: 01:00–01:59 happens twice (CDT, then CST); both are the same date.
    expect(localDateTime(at('2025-11-02T06:30:00Z'), 'America/Chicago')).toEqual({
      date: '2025-11-02',
      time: '01:30',
    });
    expect(localDateTime(at('2025-11-02T07:30:00Z'), 'America/Chicago')).toEqual({
      date: '2025-11-02',
      time: '01:30',
    });
  });
});
