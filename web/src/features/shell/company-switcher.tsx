import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { useApi } from '../../api/client.ts';
import { rememberCompany, useMe } from '../../auth/session.tsx';
import { erpName } from '../../format/erp.ts';
import { ComboBox } from '../../ui/combo-box.tsx';
import { companiesQuery } from './companies-query.ts';
import { switchCompanyHref } from './home.ts';

/**
 * The header's company switcher (UI.md §2): a searchable list of the companies the user may open, each
 * with its ERP. Query keys start with the company id and the event stream follows the URL, so going to
 * the other company's URL is all a switch takes.
 */
export function CompanySwitcher({ companyId }: { companyId: string | undefined }) {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const companies = useQuery(companiesQuery(useApi())).data;
  if (!companies || companies.length === 0) return null;
  const items = companies.map((company) => ({
    id: company.id,
    label: `${company.name} · ${erpName(company.erpSystem)}`,
  }));
  return (
    <div className="w-64">
      <ComboBox
        label="Company"
        items={items}
        selectedKey={companyId ?? null}
        onSelectionChange={(next) => {
          if (!next || next === companyId) return;
          rememberCompany(next);
          void navigate({ href: switchCompanyHref(me, next, location.pathname, location.searchStr) });
        }}
      />
    </div>
  );
}
