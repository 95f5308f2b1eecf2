import type { SyncSchedule } from '../../domain/company.ts';
import { latestSlot } from '../../jobs/scheduler.ts';

/**
 * The slots of each sync schedule, in the company's local time (croner patterns with seconds): every
 * quarter hour, on the hour, every four hours from midnight, and daily at 02:00 — a quiet hour for the
 * ERP, before anyone starts work (a day when 02:00 does not exist starts at 03:00).
 */
const slotPatterns: Record<Exclude<SyncSchedule, 'off'>, string> = {
  '15m': '0 */15 * * * *',
  hourly: '0 0 * * * *',
  '4h': '0 0 */4 * * *',
  daily: '0 0 2 * * *',
};

/** The start of the company's current sync slot at `now`; none when its schedule is off. */
export function currentSyncSlot(schedule: SyncSchedule, timeZone: string, now: Date): Date | undefined {
  return schedule === 'off' ? undefined : latestSlot(slotPatterns[schedule], timeZone, now);
}
