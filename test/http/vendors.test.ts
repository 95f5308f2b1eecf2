import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import { makeErpRequest, makeVendor, markSynced } from '../support/records.ts';

describe.each(dialects)('vendors on %s', (dialect) => {
  const t = useTestApp(dialect);
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, user: TestUser, payload?: object) =>
    t.current.app.inject({
      method,
      url,
      headers: bearer(user),
      ...(payload !== undefined && { payload }),
    });

  /** A company with a project user (who may also read the audit trail), a reader, and a second company. */
  async function world() {
    const { ctx } = t.current;
    const operator = await makeOperator(ctx);
    const company = await makeCompany(ctx, operator);
    const other = await makeCompany(ctx, operator);
    return {
      companyId: company.id,
      otherCompanyId: other.id,
      pm: await makeMember(ctx, operator, company.id, { erp: 'read_only', project: 'standard' }),
      reader: await makeMember(ctx, operator, company.id, { erp: 'admin', project: 'read_only' }),
      none: await makeMember(ctx, operator, company.id, { erp: 'admin', project: 'none' }),
      otherPm: await makeMember(ctx, operator, other.id, { erp: 'admin', project: 'admin' }),
    };
  }

  it('creates, reads and updates a vendor, with an audit row for each change', async () => {
    const w = await world();
    const base = `/api/v1/companies/${w.companyId}/vendors`;
    const created = await call('POST', base, w.pm, {
      name: 'Acme Concrete',
      active: true,
      vendorCode: 'ACME01',
      email: 'billing@acme.example',
      address: { line1: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' },
    });
    expect(created.statusCode).toBe(201);
    const vendor = created.json();
    expect(vendor).toMatchObject({
      version: 1,
      name: 'Acme Concrete',
      active: true,
      vendorCode: 'ACME01',
      email: 'billing@acme.example',
      address: { line1: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' },
      createdBy: w.pm.id,
      erp: { status: 'not_sent' },
    });
    expect(vendor.erp).toEqual({ status: 'not_sent' });

    const read = await call('GET', `${base}/${vendor.id}`, w.reader);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(vendor);

    const minimal = await call('POST', base, w.pm, { name: 'Bare Vendor', active: false });
    expect(minimal.statusCode).toBe(201);
    expect(minimal.json()).toMatchObject({ active: false, vendorCode: null, email: null, address: null });

    const updated = await call('PATCH', `${base}/${vendor.id}`, w.pm, {
      version: 1,
      name: 'Acme Concrete LLC',
      email: null,
      active: false,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      version: 2,
      name: 'Acme Concrete LLC',
      email: null,
      active: false,
      vendorCode: 'ACME01',
      address: { city: 'Austin' },
    });

    const audit = await call(
      'GET',
      `/api/v1/companies/${w.companyId}/audit-events?subjectType=vendor&subjectId=${vendor.id}`,
      w.pm,
    );
    const events = audit.json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['vendor.updated', 'vendor.created']);
    expect(events[0]).toMatchObject({
      actor: { id: w.pm.id },
      before: { name: 'Acme Concrete', version: 1, email: 'billing@acme.example' },
      after: { name: 'Acme Concrete LLC', version: 2, email: null },
    });
    expect(events[1].after).toMatchObject({ name: 'Acme Concrete' });
  });

  it('lists the directory oldest first, paged by id without gaps or repeats', async () => {
    const w = await world();
    const names = ['Zeta Steel', 'Alpha Glass', 'Mid Electric'];
    for (const name of names) await makeVendor(t.current.ctx, w.pm, w.companyId, { name });
    await makeVendor(t.current.ctx, w.otherPm, w.otherCompanyId, { name: 'Elsewhere Inc' });
    const base = `/api/v1/companies/${w.companyId}/vendors`;
    const first = await call('GET', `${base}?limit=2`, w.reader);
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((v: { name: string }) => v.name)).toEqual(names.slice(0, 2));
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const second = await call('GET', `${base}?limit=2&cursor=${first.json().nextCursor}`, w.reader);
    expect(second.json()).toMatchObject({ items: [{ name: 'Mid Electric' }], nextCursor: null });
  });

  it('refuses malformed fields, naming each, and writes nothing', async () => {
    const w = await world();
    const base = `/api/v1/companies/${w.companyId}/vendors`;
    const bad = await call('POST', base, w.pm, {
      name: 'x'.repeat(201),
      active: 'yes',
      vendorCode: 'V'.repeat(21),
      email: 'not-an-email',
      extra: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'active', 'vendorCode', 'email', 'extra']));
    const address = await call('POST', base, w.pm, { name: 'X', active: true, address: { country: 'US' } });
    expect(address.statusCode).toBe(400);
    expect(address.json().errors[0]).toEqual({ path: 'address.country', message: 'is not a known field' });
    const missing = await call('POST', base, w.pm, {});
    expect(
      missing
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['active', 'name']);
    const list = await call('GET', base, w.pm);
    expect(list.json().items).toEqual([]);
    const noVersion = await call('PATCH', `${base}/whatever`, w.pm, { name: 'X' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().errors[0].path).toBe('version');
  });

  it('answers 409 version_conflict to a stale version', async () => {
    const w = await world();
    const vendor = await makeVendor(t.current.ctx, w.pm, w.companyId);
    const url = `/api/v1/companies/${w.companyId}/vendors/${vendor.id}`;
    expect((await call('PATCH', url, w.pm, { version: 1, name: 'First' })).statusCode).toBe(200);
    const stale = await call('PATCH', url, w.pm, { version: 1, name: 'Second' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await call('GET', url, w.pm)).json()).toMatchObject({ name: 'First', version: 2 });
  });

  it('locks a vendor while its ERP request is open, and unlocks it once retrieved', async () => {
    const w = await world();
    const vendor = await makeVendor(t.current.ctx, w.pm, w.companyId);
    const requestId = await makeErpRequest(t.current.ctx, {
      companyId: w.companyId,
      kind: 'vendor',
      subjectId: vendor.id,
      senderId: w.pm.id,
    });
    const url = `/api/v1/companies/${w.companyId}/vendors/${vendor.id}`;
    expect((await call('GET', url, w.pm)).json().erp).toEqual({ status: 'ready_to_export', requestId });
    const locked = await call('PATCH', url, w.pm, { version: 1, name: 'Renamed' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('invalid_state');
    expect(locked.json().detail).toContain('retrieve it');

    await t.current.database.db
      .updateTable('erp_requests')
      .set({ status: 'retrieved' })
      .where('id', '=', requestId)
      .execute();
    const after = await call('PATCH', url, w.pm, { version: 1, name: 'Renamed' });
    expect(after.statusCode).toBe(200);
    expect(after.json().erp).toEqual({ status: 'not_sent' });
  });

  it('lets a synced vendor change its name, address, email and flag but never its vendor code', async () => {
    const w = await world();
    const vendor = await makeVendor(t.current.ctx, w.pm, w.companyId, { vendorCode: 'ACME01' });
    await markSynced(t.current.ctx, 'vendors', vendor.id, { vendorCode: 'ACME01' });
    const url = `/api/v1/companies/${w.companyId}/vendors/${vendor.id}`;
    expect((await call('GET', url, w.pm)).json().erp).toEqual({ status: 'synced', vendorCode: 'ACME01' });

    const recode = await call('PATCH', url, w.pm, { version: 1, vendorCode: 'ACME02' });
    expect(recode.statusCode).toBe(409);
    expect(recode.json()).toMatchObject({ code: 'invalid_state', errors: [{ path: 'vendorCode' }] });
    const clear = await call('PATCH', url, w.pm, { version: 1, vendorCode: null });
    expect(clear.statusCode).toBe(409);

    const edit = await call('PATCH', url, w.pm, {
      version: 1,
      vendorCode: 'ACME01',
      name: 'Acme Renamed',
      email: 'ap@acme.example',
      active: false,
      address: { city: 'Dallas' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({
      name: 'Acme Renamed',
      vendorCode: 'ACME01',
      active: false,
      address: { city: 'Dallas' },
      erp: { status: 'synced', vendorCode: 'ACME01' },
    });
  });

  it("answers 404 for another company's vendor, however it is addressed", async () => {
    const w = await world();
    const foreign = await makeVendor(t.current.ctx, w.otherPm, w.otherCompanyId);
    const viaOwnCompany = `/api/v1/companies/${w.companyId}/vendors/${foreign.id}`;
    expect((await call('GET', viaOwnCompany, w.pm)).statusCode).toBe(404);
    expect((await call('PATCH', viaOwnCompany, w.pm, { version: 1, name: 'Mine' })).statusCode).toBe(404);
    const unknown = await call('GET', `/api/v1/companies/${w.companyId}/vendors/no-such-vendor`, w.pm);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');

    const own = await makeVendor(t.current.ctx, w.pm, w.companyId);
    const byOutsider = await call('GET', `/api/v1/companies/${w.companyId}/vendors/${own.id}`, w.otherPm);
    expect(byOutsider.statusCode).toBe(404);
    expect(
      (await call('POST', `/api/v1/companies/${w.companyId}/vendors`, w.otherPm, { name: 'X', active: true }))
        .statusCode,
    ).toBe(404);
  });

  it('lets read-only project users view but not change, and project-none members do neither', async () => {
    const w = await world();
    const vendor = await makeVendor(t.current.ctx, w.pm, w.companyId);
    const base = `/api/v1/companies/${w.companyId}/vendors`;
    expect((await call('GET', base, w.reader)).statusCode).toBe(200);
    expect((await call('GET', `${base}/${vendor.id}`, w.reader)).statusCode).toBe(200);
    const post = await call('POST', base, w.reader, { name: 'X', active: true });
    expect(post.statusCode).toBe(403);
    expect(post.json().code).toBe('forbidden');
    expect(
      (await call('PATCH', `${base}/${vendor.id}`, w.reader, { version: 1, name: 'X' })).statusCode,
    ).toBe(403);
    expect((await call('GET', base, w.none)).statusCode).toBe(403);
    expect((await call('GET', `${base}/${vendor.id}`, w.none)).statusCode).toBe(403);
    expect((await call('POST', base, w.none, { name: 'X', active: true })).statusCode).toBe(403);
  });
});
