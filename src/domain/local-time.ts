const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a time zone. */
export function localDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether a once-a-day local time (HH:MM) has come on the instant's local date. Daylight-saving changes
 * need no special case: a time the clocks skip (02:30 when they jump from 02:00 to 03:00) has come once
 * they show a later time, and a repeated hour is still the same date, so at most once per date holds.
 */
export function dailyTimeHasCome(
  instant: Date,
  timeZone: string,
  time: string,
): { due: boolean; date: string } {
  const local = localDateTime(instant, timeZone);
  return { due: local.time >= time, date: local.date };
}
