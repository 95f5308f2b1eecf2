export type ErpSystem = 'spectrum' | 'sage300';

export const syncSchedules = ['off', '15m', 'hourly', '4h', 'daily'] as const;
export type SyncSchedule = (typeof syncSchedules)[number];

export interface CompanyFeatures {
  customCcoTitle: boolean;
}

export interface CompanySettings {
  syncSchedule: SyncSchedule;
  /** Local time of the daily summary, HH:MM in the company's time zone. */
  dailySummaryTime: string;
  defaultJobTemplate: string | null;
}

export interface Company {
  id: string;
  name: string;
  timeZone: string;
  erpSystem: ErpSystem;
  features: CompanyFeatures;
  settings: CompanySettings;
  version: number;
  createdAt: string;
}

export const defaultFeatures: CompanyFeatures = { customCcoTitle: false };
export const defaultSettings: CompanySettings = {
  syncSchedule: 'hourly',
  dailySummaryTime: '07:00',
  defaultJobTemplate: null,
};

/** True for an IANA zone the runtime knows (e.g. "America/Chicago"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
