import type { Actor } from '../../domain/actor.ts';
import { type Company, type CompanySettings, isTimeZone } from '../../domain/company.ts';
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

export function updateCompanySettings(
  ctx: WorkflowContext,
  props: UpdateCompanySettingsProps,
): Promise<Company> {
  const { timeZone } = props;
  if (timeZone !== undefined && !isTimeZone(timeZone))
    throw invalidField('timeZone', 'is not a known IANA time zone');
  return changeCompany(ctx, {
    ...props,
    action: 'company.settings_changed',
    apply: (company) => ({
      ...company,
      timeZone: timeZone ?? company.timeZone,
      settings: { ...company.settings, ...props.settings },
    }),
  });
}
