import { describe, expect, it } from 'vitest';
import { formatAge, formatDate, formatInstant, formatWallClock, formatZone } from './dates.ts';

// The runner's zone is UTC (vitest.config.ts); every expectation below is in the company's zone instead.
const chicago = { timeZone: 'America/Chicago', locale: 'en-US' };

describe('dates in the company time zone', () => {
  it('runs where the browser zone is not the company’s', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC');
  });

  it('formats an instant in the company zone with its abbreviation', () => {
    expect(formatInstant('2026-03-04T15:05:00Z', chicago)).toBe('Mar 4, 2026, 9:05 AM CST');
    expect(formatInstant('2026-07-04T15:05:00Z', chicago)).toBe('Jul 4, 2026, 10:05 AM CDT');
  });

  it('takes the date of the company zone, not UTC’s', () => {
    expect(formatDate('2026-03-05T03:00:00Z', chicago)).toBe('Mar 4, 2026');
    expect(formatDate('2026-03-05T03:00:00Z', { timeZone: 'Asia/Tokyo', locale: 'en-US' })).toBe(
      'Mar 5, 2026',
    );
  });

  it('gives ages in their largest whole unit', () => {
    const now = new Date('2026-03-04T12:00:00Z');
    expect(formatAge('2026-03-01T11:00:00Z', now, 'en-US')).toBe('3d ago');
    expect(formatAge('2026-03-04T10:30:00Z', now, 'en-US')).toBe('1h ago');
    expect(formatAge('2026-03-04T11:59:30Z', now, 'en-US')).toBe('now');
  });

  it('names the zone and shows wall-clock settings with it', () => {
    expect(formatZone(chicago)).toBe('Central Time (America/Chicago)');
    expect(formatWallClock('07:00', 'America/Chicago')).toBe('07:00 America/Chicago');
  });
});
