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
  /** BCP 47 tag the web app formats numbers and dates with, e.g. "en-US". */
  locale: string;
  /** ISO 4217 code of the company's money, e.g. "USD". */
  currency: string;
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
  locale: 'en-US',
  currency: 'USD',
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

/** The tag in its canonical form ("en-us" → "en-US"), or undefined when it is not a BCP 47 language tag. */
export function canonicalLocale(tag: string): string | undefined {
  try {
    const tags = Intl.getCanonicalLocales(tag);
    return tags.length === 1 ? tags[0] : undefined;
  } catch {
    return undefined;
  }
}

/** True for an ISO 4217 code the runtime can format (e.g. "USD", "EUR"). */
export function isCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
}
