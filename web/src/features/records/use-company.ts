import { useSuspenseQuery } from '@tanstack/react-query';
import { useApi } from '../../api/client.ts';
import { companyQuery } from '../../api/queries.ts';
import { can, type PermissionName } from '../../auth/permissions.ts';
import { useMe } from '../../auth/session.tsx';
import type { DateFormat } from '../../format/dates.ts';
import { erpName } from '../../format/erp.ts';

/** The company of a record screen: its ERP's name, date conventions and what the user may do in it. */
export function useCompanyContext(companyId: string) {
  const me = useMe();
  const company = useSuspenseQuery(companyQuery(useApi(), companyId)).data;
  const dates: DateFormat = { timeZone: company.timeZone, locale: company.settings.locale ?? 'en-US' };
  return {
    company,
    erp: erpName(company.erpSystem),
    dates,
    can: (name: PermissionName) => can(me, companyId, name),
  };
}
