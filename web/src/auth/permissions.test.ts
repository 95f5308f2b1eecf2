import { describe, expect, it } from 'vitest';
import type { Actor, ErpPermission, ProjectPermission } from '../../../src/domain/actor.ts';
import { permissions as serverPermissions } from '../../../src/domain/permissions.ts';
import { type Me, permissions } from './permissions.ts';

const levels = ['none', 'read_only', 'standard', 'admin'] as const;
const companyId = 'c1';

/** Every membership (or none) × operator flag, as the server's actor and as `GET /me` describes it. */
function* everyUser(): Generator<{ actor: Actor; me: Me }> {
  for (const isOperator of [false, true]) {
    yield {
      actor: { userId: 'u', email: 'u@x.test', isOperator, memberships: new Map() },
      me: { id: 'u', email: 'u@x.test', name: 'U', isOperator, companies: [], csrfToken: null },
    };
    for (const erpPermission of levels as readonly ErpPermission[])
      for (const projectPermission of levels as readonly ProjectPermission[])
        for (const canPushToAccounting of [false, true]) {
          const membership = {
            erpPermission,
            projectPermission,
            canPushToAccounting,
            subscribeDailySummary: true,
          };
          yield {
            actor: {
              userId: 'u',
              email: 'u@x.test',
              isOperator,
              memberships: new Map([[companyId, { companyId, ...membership }]]),
            },
            me: {
              id: 'u',
              email: 'u@x.test',
              name: 'U',
              isOperator,
              companies: [{ id: companyId, name: 'C', ...membership }],
              csrfToken: null,
            },
          };
        }
  }
}

describe('permissions mirror', () => {
  it('has the server’s permission names, no more and no fewer', () => {
    expect(Object.keys(permissions).sort()).toEqual(Object.keys(serverPermissions).sort());
  });

  it('answers as the server does for every membership', () => {
    for (const { actor, me } of everyUser())
      for (const name of Object.keys(serverPermissions) as (keyof typeof serverPermissions)[])
        expect([name, permissions[name](me, companyId)]).toEqual([
          name,
          serverPermissions[name](actor, companyId),
        ]);
  });
});
