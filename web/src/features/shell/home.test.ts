import { describe, expect, it } from 'vitest';
import type { Me, MeCompany } from '../../auth/permissions.ts';
import { homeTarget, switchCompanyHref } from './home.ts';

const member = (id: string, erpPermission: MeCompany['erpPermission']): MeCompany => ({
  id,
  name: id,
  erpPermission,
  projectPermission: 'admin',
  canPushToAccounting: false,
  subscribeDailySummary: true,
});
const user = (companies: MeCompany[], isOperator = false): Me => ({
  id: 'u',
  email: 'u@x.test',
  name: 'U',
  isOperator,
  companies,
  csrfToken: null,
});

describe('homeTarget', () => {
  it('opens the last company’s queue for an ERP user', () => {
    const me = user([member('a', 'read_only'), member('b', 'standard')]);
    expect(homeTarget(me, 'b')).toEqual({ to: '/companies/$c/erp/requests', params: { c: 'b' } });
  });

  it('opens the first company when the last one is gone, at its projects without ERP access', () => {
    const me = user([member('a', 'none'), member('b', 'admin')]);
    expect(homeTarget(me, 'gone')).toEqual({ to: '/companies/$c/projects', params: { c: 'a' } });
  });

  it('sends an operator without membership to Companies, and anyone else nowhere', () => {
    expect(homeTarget(user([], true), undefined)).toEqual({ to: '/companies' });
    expect(homeTarget(user([]), undefined)).toBeUndefined();
  });
});

describe('switchCompanyHref', () => {
  const me = user([member('a', 'admin'), member('b', 'read_only')]);

  it('keeps the section and drops record ids', () => {
    expect(switchCompanyHref(me, 'b', '/companies/a/erp/requests/r5', '?kind=budget')).toBe(
      '/companies/b/erp/requests',
    );
    expect(switchCompanyHref(me, 'b', '/companies/a/projects/p1/budget', '')).toBe('/companies/b/projects');
  });

  it('keeps a list’s filters but those naming a record', () => {
    expect(
      switchCompanyHref(me, 'b', '/companies/a/audit-events', '?subjectType=project&subjectId=p1&action=x'),
    ).toBe('/companies/b/audit-events?subjectType=project&action=x');
    expect(switchCompanyHref(me, 'b', '/companies/a/erp/requests', '?kind=budget&status=failed')).toBe(
      '/companies/b/erp/requests?kind=budget&status=failed',
    );
  });

  it('opens the company’s first screen where the section is not the user’s, or outside any company', () => {
    expect(switchCompanyHref(me, 'b', '/companies/a/webhooks/w1', '')).toBe('/companies/b/erp/requests');
    expect(switchCompanyHref(me, 'a', '/account', '')).toBe('/companies/a/erp/requests');
    expect(switchCompanyHref(user([], true), 'z', '/companies/a/users', '')).toBe('/companies/z/users');
    expect(switchCompanyHref(user([], true), 'z', '/companies', '')).toBe('/companies/z/settings');
  });
});
