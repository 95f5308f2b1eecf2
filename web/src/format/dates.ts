/**
 * Every instant is shown in the company's time zone, never the browser's (UI.md §5): an approver in
 * Tokyo reads a Chicago company's queue in Chicago time, as its emails and schedules are.
 */
import { dateTimeFormat, relativeTimeFormat } from './intl-cache.ts';

/** The company's display conventions: its zone, and its locale (A11, default `en-US`). */
export interface DateFormat {
  timeZone: string;
  locale: string;
}

/** "Mar 4, 2026, 9:05 AM CST": `dateStyle` cannot be combined with `timeZoneName`, hence the fields. */
export function formatInstant(iso: string, { timeZone, locale }: DateFormat): string {
  return dateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "Mar 4, 2026", the date in the company's zone, for table cells. */
export function formatDate(iso: string, { timeZone, locale }: DateFormat): string {
  return dateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(new Date(iso));
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3d ago": the age of an instant in its largest whole unit, alike in every row; under a minute, "now". */
export function formatAge(iso: string, now: Date, locale: string): string {
  const elapsed = now.getTime() - new Date(iso).getTime();
  const format = relativeTimeFormat(locale, { style: 'narrow', numeric: 'always' });
  for (const [unit, ms] of units) {
    if (Math.abs(elapsed) >= ms) return format.format(-Math.trunc(elapsed / ms), unit);
  }
  return relativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
}

/** "Central Time (America/Chicago)", as the user menu states which zone times are in. */
export function formatZone({ timeZone, locale }: DateFormat): string {
  const name = dateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  return name && name !== timeZone ? `${name} (${timeZone})` : timeZone;
}

/** A wall-clock setting with its zone: "07:00 America/Chicago". */
export function formatWallClock(time: string, timeZone: string): string {
  return `${time} ${timeZone}`;
}
