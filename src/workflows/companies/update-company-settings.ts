import type { Actor } from '../../domain/actor.ts';
import {
  type Company,
  type CompanySettings,
  canonicalLocale,
  isCurrency,
  isTimeZone,
} from '../../domain/company.ts';
import { invalidField } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { changeCompany } from '../shared/companies.ts';

export interface UpdateCompanySettingsProps {
  actor: Actor;
  companyId: string;
  version?: number;
  settings: Partial<CompanySettings>;
  timeZone?: string;
}

/** Changes the given settings, the others stay; a locale is kept in its canonical form ("en-us" → "en-US"). */
export function updateCompanySettings(
  ctx: WorkflowContext,
  props: UpdateCompanySettingsProps,
): Promise<Company> {
  const { timeZone } = props;
  if (timeZone !== undefined && !isTimeZone(timeZone))
    throw invalidField('timeZone', 'is not a known IANA time zone');
  const { locale, currency } = props.settings;
  const canonical = locale === undefined ? undefined : canonicalLocale(locale);
  if (locale !== undefined && canonical === undefined)
    throw invalidField('locale', 'is not a BCP 47 language tag (e.g. en-US)');
  if (currency !== undefined && !isCurrency(currency))
    throw invalidField('currency', 'is not an ISO 4217 currency code (e.g. USD)');
  return changeCompany(ctx, {
    ...props,
    action: 'company.settings_changed',
    apply: (company) => ({
      ...company,
      timeZone: timeZone ?? company.timeZone,
      settings: { ...company.settings, ...props.settings, ...(canonical && { locale: canonical }) },
    }),
  });
}
