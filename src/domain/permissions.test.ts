import { describe, expect, it } from 'vitest';
import type { Actor, Membership } from './actor.ts';
import { canSeeCompany, permissions } from './permissions.ts';

const actor = (membership?: Partial<Membership>, isOperator = false): Actor => ({
  userId: 'u',
  email: 'u@example.com',
  isOperator,
  memberships: new Map(
    membership
      ? [
          [
            'c',
            {
              companyId: 'c',
              erpPermission: 'none',
              projectPermission: 'none',
              canPushToAccounting: false,
              subscribeDailySummary: true,
              ...membership,
            },
          ],
        ]
      : [],
  ),
});

describe('permissions', () => {
  it('makes an approver of ERP standard or admin with Can Push to Accounting only', () => {
    expect(
      permissions.actOnErpRequests(actor({ erpPermission: 'standard', canPushToAccounting: true }), 'c'),
    ).toBe(true);
    expect(
      permissions.actOnErpRequests(actor({ erpPermission: 'admin', canPushToAccounting: true }), 'c'),
    ).toBe(true);
    expect(permissions.actOnErpRequests(actor({ erpPermission: 'admin' }), 'c')).toBe(false);
    expect(
      permissions.actOnErpRequests(actor({ erpPermission: 'read_only', canPushToAccounting: true }), 'c'),
    ).toBe(false);
    expect(permissions.actOnErpRequests(actor(undefined, true), 'c')).toBe(false);
  });

  it('orders tool levels: read_only views, standard edits, admin sends', () => {
    const pm = (projectPermission: Membership['projectPermission']) => actor({ projectPermission });
    expect(permissions.viewProjectRecords(pm('read_only'), 'c')).toBe(true);
    expect(permissions.editProjectRecords(pm('read_only'), 'c')).toBe(false);
    expect(permissions.editProjectRecords(pm('standard'), 'c')).toBe(true);
    expect(permissions.sendToErp(pm('standard'), 'c')).toBe(false);
    expect(permissions.sendToErp(pm('admin'), 'c')).toBe(true);
  });

  it('keeps every permission per company', () => {
    const admin = actor({ erpPermission: 'admin', projectPermission: 'admin', canPushToAccounting: true });
    for (const permission of Object.values(permissions)) expect(permission(admin, 'other')).toBe(false);
    expect(canSeeCompany(admin, 'other')).toBe(false);
    expect(canSeeCompany(actor(undefined, true), 'other')).toBe(true);
  });
});
