import type { paths } from '../api/schema.d.ts';

export type SyncSchedule =
  paths['/api/v1/companies/{c}']['get']['responses'][200]['content']['application/json']['settings']['syncSchedule'];

const labels: Record<SyncSchedule, string> = {
  off: 'Off',
  '15m': 'Every 15 minutes',
  hourly: 'Hourly',
  '4h': 'Every 4 hours',
  daily: 'Daily at 02:00',
};

/** The API's schedule values in the order a picker lists them. */
export const syncSchedules = Object.keys(labels) as SyncSchedule[];

/** "Every 15 minutes"; the daily run names its zone ("Daily at 02:00 America/Chicago") when one is given. */
export function scheduleLabel(schedule: SyncSchedule, timeZone?: string): string {
  return schedule === 'daily' && timeZone ? `${labels.daily} ${timeZone}` : labels[schedule];
}
