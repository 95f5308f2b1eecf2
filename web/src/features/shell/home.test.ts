import { describe, expect, it } from 'vitest';
import type { Me, MeCompany } from '../../auth/permissions.ts';
import { homeTarget } from './home.ts';

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
