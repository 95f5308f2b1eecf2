import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import {
  makeChangeOrder,
  makeCommitment,
  makeErpRequest,
  makeProject,
  makeStandardLists,
  makeVendor,
  markSynced,
} from '../support/records.ts';

describe.each(dialects)('commitments and change orders on %s', (dialect) => {
  const t = useTestApp(dialect);
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, user: TestUser, payload?: object) =>
    t.current.app.inject({
      method,
      url,
      headers: bearer(user),
      ...(payload !== undefined && { payload }),
    });
  const paths = (response: { json(): { errors?: { path: string }[] } }) =>
    (response.json().errors ?? []).map((e) => e.path);

  /** A company with its lists, a project, a vendor, users by role, and a second company with the same. */
  async function world() {
    const { ctx } = t.current;
    const operator = await makeOperator(ctx);
    const company = await makeCompany(ctx, operator);
    const other = await makeCompany(ctx, operator);
    const pm = await makeMember(ctx, operator, company.id, { erp: 'read_only', project: 'standard' });
    const otherPm = await makeMember(ctx, operator, other.id, { erp: 'admin', project: 'admin' });
    await makeStandardLists(ctx, company.id, ['01-100', '03-300'], ['L', 'M', 'S']);
    await makeStandardLists(ctx, other.id, ['01-100'], ['L']);
    const project = await makeProject(ctx, pm, company.id);
    const vendor = await makeVendor(ctx, pm, company.id);
    const otherProject = await makeProject(ctx, otherPm, other.id);
    const otherVendor = await makeVendor(ctx, otherPm, other.id);
    return {
      companyId: company.id,
      pm,
      reader: await makeMember(ctx, operator, company.id, { erp: 'admin', project: 'read_only' }),
      none: await makeMember(ctx, operator, company.id, { erp: 'admin', project: 'none' }),
      project,
      vendor,
      projectUrl: `/api/v1/companies/${company.id}/projects/${project.id}`,
      other: { companyId: other.id, pm: otherPm, project: otherProject, vendor: otherVendor },
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const commitmentBody = (w: World, extra: object = {}) => ({
    type: 'subcontract',
    number: 'SC-001',
    title: 'Concrete',
    vendorId: w.vendor.id,
    status: 'draft',
    lines: [{ costCode: '01-100', costType: 'L', amount: '100.00' }],
    ...extra,
  });

  it('creates, reads, lists and updates a commitment with exact money, and audits each change', async () => {
    const w = await world();
    const created = await call(
      'POST',
      `${w.projectUrl}/commitments`,
      w.pm,
      commitmentBody(w, {
        type: 'purchase_order',
        retentionPercent: 10.05,
        lines: [
          { costCode: '01-100', costType: 'L', amount: '1250.5', description: 'Formwork' },
          { costCode: '03-300', costType: 'M', amount: '0.10' },
          { costCode: '03-300', costType: 'S', amount: '0.2' },
        ],
      }),
    );
    expect(created.statusCode).toBe(201);
    const commitment = created.json();
    expect(commitment).toMatchObject({
      version: 1,
      projectId: w.project.id,
      type: 'purchase_order',
      number: 'SC-001',
      title: 'Concrete',
      vendorId: w.vendor.id,
      status: 'draft',
      retentionPercent: 10.05,
      lines: [
        { costCode: '01-100', costType: 'L', amount: '1250.50', description: 'Formwork' },
        { costCode: '03-300', costType: 'M', amount: '0.10', description: null },
        { costCode: '03-300', costType: 'S', amount: '0.20', description: null },
      ],
      total: '1250.80',
      createdBy: w.pm.id,
    });
    expect(commitment.erp).toEqual({ status: 'not_sent' });
    const row = await t.current.database.db
      .selectFrom('commitments')
      .select('retention_basis_points')
      .where('id', '=', commitment.id)
      .executeTakeFirstOrThrow();
    expect(row.retention_basis_points).toBe(1005);

    const url = `${w.projectUrl}/commitments/${commitment.id}`;
    const read = await call('GET', url, w.reader);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(commitment);

    const list = await call('GET', `${w.projectUrl}/commitments`, w.reader);
    expect(list.statusCode).toBe(200);
    expect(list.json().nextCursor).toBeNull();
    const [summary] = list.json().items;
    expect(summary).toMatchObject({ id: commitment.id, total: '1250.80', lineCount: 3, number: 'SC-001' });
    expect(summary.lines).toBeUndefined();

    // Fields left out stay as they are; given lines replace every line.
    const updated = await call('PATCH', url, w.pm, {
      version: 1,
      title: 'Concrete, phase 2',
      status: 'approved',
      retentionPercent: null,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '9999999999999.99' },
        { costCode: '01-100', costType: 'L', amount: '-0.01' },
      ],
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      version: 2,
      title: 'Concrete, phase 2',
      number: 'SC-001',
      type: 'purchase_order',
      status: 'approved',
      retentionPercent: null,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '9999999999999.99' },
        { costCode: '01-100', costType: 'L', amount: '-0.01' },
      ],
      total: '9999999999999.98',
    });
    const untouched = await call('PATCH', url, w.pm, { version: 2, title: 'Concrete' });
    expect(untouched.json()).toMatchObject({ version: 3, total: '9999999999999.98' });
    expect(untouched.json().lines).toHaveLength(2);

    const audit = await call(
      'GET',
      `/api/v1/companies/${w.companyId}/audit-events?subjectType=commitment&subjectId=${commitment.id}`,
      w.pm,
    );
    const events = audit.json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'commitment.updated',
      'commitment.updated',
      'commitment.created',
    ]);
    expect(events[1]).toMatchObject({
      actor: { id: w.pm.id },
      before: { version: 1, status: 'draft', total: '1250.80', lineCount: 3 },
      after: { version: 2, status: 'approved', total: '9999999999999.98', lineCount: 2 },
    });
  });

  it('keeps a line its item for its life: given back it stays, a new line takes one never used', async () => {
    const w = await world();
    const lines = [
      { costCode: '01-100', costType: 'L', amount: '1.00' },
      { costCode: '03-300', costType: 'M', amount: '2.00' },
      { costCode: '03-300', costType: 'S', amount: '3.00' },
    ];
    const created = (
      await call('POST', `${w.projectUrl}/commitments`, w.pm, commitmentBody(w, { lines }))
    ).json();
    expect(created.lines.map((l: { item: number }) => l.item)).toEqual([1, 2, 3]);
    const url = `${w.projectUrl}/commitments/${created.id}`;
    // The middle line removed, the last moved first, a new one added: keys never shift.
    const updated = await call('PATCH', url, w.pm, {
      version: created.version,
      lines: [
        { ...lines[2], item: 3 },
        { ...lines[0], item: 1, amount: '1.50' },
        { costCode: '03-300', costType: 'L', amount: '4.00' },
      ],
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().lines.map((l: { item: number; amount: string }) => [l.item, l.amount])).toEqual([
      [3, '3.00'],
      [1, '1.50'],
      [4, '4.00'],
    ]);
    // Item 2 is gone for good: never given to another line, and naming it (or one twice) is refused.
    const version = updated.json().version;
    for (const [items, message] of [
      [[2], /item 2 is not a line/],
      [[3, 3], /item 3 is given to two lines/],
    ] as const) {
      const refused = await call('PATCH', url, w.pm, {
        version,
        lines: items.map((item) => ({ ...lines[0], item })),
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        code: 'validation_failed',
        detail: expect.stringMatching(message),
      });
      expect(paths(refused)).toContain(`lines[${items.length - 1}].item`);
    }
    const added = await call('PATCH', url, w.pm, { version, lines: [...updated.json().lines, lines[1]] });
    expect(added.json().lines.at(-1).item).toBe(5);
  });

  it('refuses amounts that are not decimal strings with at most two decimals, naming the field', async () => {
    const w = await world();
    const url = `${w.projectUrl}/commitments`;
    const line = (amount: unknown) => [{ costCode: '01-100', costType: 'L', amount }];
    for (const amount of ['1.234', 12.5, '1,250.00', '1e3', '', ' 1.00', '12345678901234.00']) {
      const response = await call('POST', url, w.pm, commitmentBody(w, { lines: line(amount) }));
      expect(response.statusCode, `amount ${JSON.stringify(amount)}`).toBe(400);
      expect(paths(response)).toContain('lines[0].amount');
    }
    for (const retentionPercent of [10.555, 100.01, -1, '10']) {
      const response = await call('POST', url, w.pm, commitmentBody(w, { retentionPercent }));
      expect(response.statusCode, `retention ${retentionPercent}`).toBe(400);
      expect(paths(response)).toContain('retentionPercent');
    }
    const long = await call('POST', url, w.pm, {
      ...commitmentBody(w, { number: 'N'.repeat(31), title: 'T'.repeat(201), type: 'lease' }),
      lines: [{ costCode: '01-100', costType: 'L', amount: '1.00', description: 'd'.repeat(201), x: 1 }],
    });
    expect(long.statusCode).toBe(400);
    expect(paths(long)).toEqual(
      expect.arrayContaining(['number', 'title', 'type', 'lines[0].description', 'lines[0].x']),
    );
    // Each amount fits, but their total would not be exact: refused rather than shown wrong.
    const huge = Array.from({ length: 10 }, () => ({
      costCode: '01-100',
      costType: 'L',
      amount: '9999999999999.99',
    }));
    const overflow = await call('POST', url, w.pm, commitmentBody(w, { lines: huge }));
    expect(overflow.statusCode).toBe(400);
    expect(paths(overflow)).toEqual(['lines']);
    const list = await call('GET', url, w.pm);
    expect(list.json().items).toEqual([]);
  });

  it('names an unknown vendor, cost code and cost type, in one answer', async () => {
    const w = await world();
    const url = `${w.projectUrl}/commitments`;
    const response = await call(
      'POST',
      url,
      w.pm,
      commitmentBody(w, {
        vendorId: w.other.vendor.id,
        lines: [
          { costCode: '99-999', costType: 'L', amount: '1.00' },
          { costCode: '01-100', costType: 'Q', amount: '1.00' },
        ],
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
    expect(paths(response)).toEqual(['vendorId', 'lines[0].costCode', 'lines[1].costType']);
    const unknown = await call('POST', url, w.pm, commitmentBody(w, { vendorId: 'no-such-vendor' }));
    expect(paths(unknown)).toEqual(['vendorId']);

    const commitment = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const patch = await call('PATCH', `${url}/${commitment.id}`, w.pm, {
      version: 1,
      vendorId: 'no-such-vendor',
      lines: [{ costCode: '01-100', costType: 'X', amount: '1.00' }],
    });
    expect(patch.statusCode).toBe(400);
    expect(paths(patch)).toEqual(['vendorId', 'lines[0].costType']);
  });

  it('keeps commitment numbers unique per project (409 naming number)', async () => {
    const w = await world();
    const url = `${w.projectUrl}/commitments`;
    expect((await call('POST', url, w.pm, commitmentBody(w))).statusCode).toBe(201);
    const again = await call('POST', url, w.pm, commitmentBody(w));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_state', errors: [{ path: 'number' }] });

    const second = await makeProject(t.current.ctx, w.pm, w.companyId);
    const elsewhere = await call(
      'POST',
      `/api/v1/companies/${w.companyId}/projects/${second.id}/commitments`,
      w.pm,
      commitmentBody(w),
    );
    expect(elsewhere.statusCode).toBe(201);

    const other = (await call('POST', url, w.pm, commitmentBody(w, { number: 'SC-002' }))).json();
    const clash = await call('PATCH', `${url}/${other.id}`, w.pm, { version: 1, number: 'SC-001' });
    expect(clash.statusCode).toBe(409);
    expect(paths(clash)).toEqual(['number']);
    const same = await call('PATCH', `${url}/${other.id}`, w.pm, { version: 1, number: 'SC-002' });
    expect(same.statusCode).toBe(200);

    // Racing writers: the database decides, and every loser gets the same 409 (never a 500).
    const race = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', url, w.pm, commitmentBody(w, { number: 'SC-RACE' }))),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(race.filter((r) => r.statusCode === 409).every((r) => paths(r)[0] === 'number')).toBe(true);
  });

  it('answers 409 version_conflict to a stale version and leaves the lines as they were', async () => {
    const w = await world();
    const commitment = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const url = `${w.projectUrl}/commitments/${commitment.id}`;
    expect((await call('PATCH', url, w.pm, { version: 1, title: 'First' })).statusCode).toBe(200);
    const stale = await call('PATCH', url, w.pm, {
      version: 1,
      lines: [{ costCode: '03-300', costType: 'M', amount: '5.00' }],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await call('GET', url, w.pm)).json()).toMatchObject({ version: 2, total: '1000.00' });
  });

  it("answers 404 for another company's project or commitment, and for a commitment of another project", async () => {
    const w = await world();
    const foreignProjectUrl = `/api/v1/companies/${w.companyId}/projects/${w.other.project.id}`;
    expect((await call('GET', `${foreignProjectUrl}/commitments`, w.pm)).statusCode).toBe(404);
    const post = await call('POST', `${foreignProjectUrl}/commitments`, w.pm, commitmentBody(w));
    expect(post.statusCode).toBe(404);
    expect(post.json().code).toBe('not_found');

    const foreign = await makeCommitment(
      t.current.ctx,
      w.other.pm,
      w.other.companyId,
      w.other.project.id,
      w.other.vendor.id,
    );
    for (const url of [
      `${w.projectUrl}/commitments/${foreign.id}`,
      `${foreignProjectUrl}/commitments/${foreign.id}`,
    ]) {
      expect((await call('GET', url, w.pm)).statusCode).toBe(404);
      expect((await call('PATCH', url, w.pm, { version: 1, title: 'Mine' })).statusCode).toBe(404);
      expect((await call('GET', `${url}/change-orders`, w.pm)).statusCode).toBe(404);
    }

    const own = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const second = await makeProject(t.current.ctx, w.pm, w.companyId);
    const wrongProject = `/api/v1/companies/${w.companyId}/projects/${second.id}/commitments/${own.id}`;
    expect((await call('GET', wrongProject, w.pm)).statusCode).toBe(404);
    expect((await call('PATCH', wrongProject, w.pm, { version: 1, title: 'X' })).statusCode).toBe(404);
    const wrongCo = await call('POST', `${wrongProject}/change-orders`, w.pm, {
      number: 'CO-1',
      title: 'X',
      status: 'draft',
      lines: [],
    });
    expect(wrongCo.statusCode).toBe(404);
    // An outsider learns nothing either.
    expect((await call('GET', `${w.projectUrl}/commitments/${own.id}`, w.other.pm)).statusCode).toBe(404);
  });

  it('locks a commitment while its ERP request is open, and for good once synced', async () => {
    const w = await world();
    const waiting = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const requestId = await makeErpRequest(t.current.ctx, {
      companyId: w.companyId,
      kind: 'commitment',
      subjectId: waiting.id,
      senderId: w.pm.id,
    });
    const waitingUrl = `${w.projectUrl}/commitments/${waiting.id}`;
    expect((await call('GET', waitingUrl, w.pm)).json().erp).toEqual({
      status: 'ready_to_export',
      requestId,
    });
    const locked = await call('PATCH', waitingUrl, w.pm, { version: 1, title: 'Changed' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('invalid_state');

    const synced = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    await markSynced(t.current.ctx, 'commitments', synced.id, { ids: { subcontract: 'SC-001' } });
    const syncedUrl = `${w.projectUrl}/commitments/${synced.id}`;
    expect((await call('GET', syncedUrl, w.pm)).json().erp).toEqual({
      status: 'synced',
      ids: { subcontract: 'SC-001' },
    });
    const owned = await call('PATCH', syncedUrl, w.pm, { version: 1, status: 'void' });
    expect(owned.statusCode).toBe(409);
    expect(owned.json().code).toBe('invalid_state');
    expect(owned.json().detail).toContain('synced');

    const list = await call('GET', `${w.projectUrl}/commitments`, w.pm);
    expect(list.json().items.map((c: { erp: { status: string } }) => c.erp.status)).toEqual([
      'ready_to_export',
      'synced',
    ]);
  });

  it('creates, reads, lists and updates change orders, also on commitments awaiting the ERP or synced', async () => {
    const w = await world();
    const commitment = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const base = `${w.projectUrl}/commitments/${commitment.id}/change-orders`;
    const created = await call('POST', base, w.pm, {
      number: 'CO-001',
      title: 'Extra footing',
      description: 'Owner request',
      status: 'approved',
      lines: [
        { costCode: '01-100', costType: 'L', amount: '1250.5' },
        { costCode: '03-300', costType: 'M', amount: '-250.25', description: 'Credit' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const changeOrder = created.json();
    expect(changeOrder).toMatchObject({
      version: 1,
      commitmentId: commitment.id,
      projectId: w.project.id,
      number: 'CO-001',
      title: 'Extra footing',
      description: 'Owner request',
      status: 'approved',
      lines: [
        { costCode: '01-100', costType: 'L', amount: '1250.50', description: null },
        { costCode: '03-300', costType: 'M', amount: '-250.25', description: 'Credit' },
      ],
      total: '1000.25',
      createdBy: w.pm.id,
      erp: { status: 'not_sent' },
    });
    const url = `${base}/${changeOrder.id}`;
    expect((await call('GET', url, w.reader)).json()).toEqual(changeOrder);
    const list = await call('GET', base, w.reader);
    expect(list.json()).toMatchObject({
      items: [{ id: changeOrder.id, lineCount: 2, total: '1000.25' }],
      nextCursor: null,
    });

    const updated = await call('PATCH', url, w.pm, {
      version: 1,
      description: null,
      lines: [{ costCode: '03-300', costType: 'S', amount: '0.01' }],
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      version: 2,
      description: null,
      title: 'Extra footing',
      lines: [{ costCode: '03-300', costType: 'S', amount: '0.01' }],
      total: '0.01',
    });
    const stale = await call('PATCH', url, w.pm, { version: 1, title: 'Late' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');

    const duplicate = await call('POST', base, w.pm, {
      number: 'CO-001',
      title: 'X',
      status: 'draft',
      lines: [],
    });
    expect(duplicate.statusCode).toBe(409);
    expect(paths(duplicate)).toEqual(['number']);
    const badLines = await call('POST', base, w.pm, {
      number: 'CO-002',
      title: 'X',
      status: 'draft',
      lines: [
        { costCode: '01-100', costType: 'L', amount: 12.5 },
        { costCode: '77-777', costType: 'L', amount: '1.234' },
      ],
    });
    expect(badLines.statusCode).toBe(400);
    expect(paths(badLines)).toEqual(expect.arrayContaining(['lines[0].amount', 'lines[1].amount']));
    const unknownCode = await call('POST', base, w.pm, {
      number: 'CO-002',
      title: 'X',
      status: 'draft',
      lines: [{ costCode: '77-777', costType: 'L', amount: '1.00' }],
    });
    expect(unknownCode.statusCode).toBe(400);
    expect(paths(unknownCode)).toEqual(['lines[0].costCode']);

    // The commitment waiting for the ERP, then synced: change orders are created as usual.
    const requestId = await makeErpRequest(t.current.ctx, {
      companyId: w.companyId,
      kind: 'commitment',
      subjectId: commitment.id,
      senderId: w.pm.id,
    });
    const onWaiting = await call('POST', base, w.pm, {
      number: 'CO-002',
      title: 'X',
      status: 'draft',
      lines: [],
    });
    expect(onWaiting.statusCode).toBe(201);
    expect(onWaiting.json().total).toBe('0.00');
    await t.current.database.db
      .updateTable('erp_requests')
      .set({ status: 'synced' })
      .where('id', '=', requestId)
      .execute();
    await markSynced(t.current.ctx, 'commitments', commitment.id);
    const onSynced = await call('POST', base, w.pm, {
      number: 'CO-003',
      title: 'Y',
      status: 'draft',
      lines: [],
    });
    expect(onSynced.statusCode).toBe(201);

    // The same number on another commitment is fine.
    const another = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const elsewhere = await call('POST', `${w.projectUrl}/commitments/${another.id}/change-orders`, w.pm, {
      number: 'CO-001',
      title: 'X',
      status: 'draft',
      lines: [],
    });
    expect(elsewhere.statusCode).toBe(201);
    // …but it is not reachable through the first commitment.
    const crossed = await call('GET', `${base}/${elsewhere.json().id}`, w.pm);
    expect(crossed.statusCode).toBe(404);

    const audit = await call(
      'GET',
      `/api/v1/companies/${w.companyId}/audit-events?subjectType=change_order&subjectId=${changeOrder.id}`,
      w.pm,
    );
    const events = audit.json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'change_order.updated',
      'change_order.created',
    ]);
    expect(events[0]).toMatchObject({
      before: { total: '1000.25' },
      after: { total: '0.01', description: null },
    });
  });

  it('locks a change order while its ERP request is open, and for good once synced', async () => {
    const w = await world();
    const commitment = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const make = () =>
      makeChangeOrder(t.current.ctx, w.pm, w.companyId, w.project.id, commitment.id, { status: 'approved' });
    const base = `${w.projectUrl}/commitments/${commitment.id}/change-orders`;

    const waiting = await make();
    const requestId = await makeErpRequest(t.current.ctx, {
      companyId: w.companyId,
      kind: 'change_order',
      subjectId: waiting.id,
      senderId: w.pm.id,
    });
    expect((await call('GET', `${base}/${waiting.id}`, w.pm)).json().erp).toEqual({
      status: 'ready_to_export',
      requestId,
    });
    const locked = await call('PATCH', `${base}/${waiting.id}`, w.pm, { version: 1, title: 'Changed' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('invalid_state');

    const synced = await make();
    await markSynced(t.current.ctx, 'change_orders', synced.id, { ids: { changeOrder: '0001' } });
    expect((await call('GET', `${base}/${synced.id}`, w.pm)).json().erp).toEqual({
      status: 'synced',
      ids: { changeOrder: '0001' },
    });
    const owned = await call('PATCH', `${base}/${synced.id}`, w.pm, { version: 1, title: 'Changed' });
    expect(owned.statusCode).toBe(409);
    expect(owned.json().code).toBe('invalid_state');
  });

  it('lets read-only project users view but not change, and project-none members do neither', async () => {
    const w = await world();
    const commitment = await makeCommitment(t.current.ctx, w.pm, w.companyId, w.project.id, w.vendor.id);
    const changeOrder = await makeChangeOrder(t.current.ctx, w.pm, w.companyId, w.project.id, commitment.id);
    const commitments = `${w.projectUrl}/commitments`;
    const changeOrders = `${commitments}/${commitment.id}/change-orders`;
    const reads = [
      commitments,
      `${commitments}/${commitment.id}`,
      changeOrders,
      `${changeOrders}/${changeOrder.id}`,
    ];
    const writes: ['POST' | 'PATCH', string, object][] = [
      ['POST', commitments, commitmentBody(w, { number: 'SC-NEW' })],
      ['PATCH', `${commitments}/${commitment.id}`, { version: 1, title: 'X' }],
      ['POST', changeOrders, { number: 'CO-NEW', title: 'X', status: 'draft', lines: [] }],
      ['PATCH', `${changeOrders}/${changeOrder.id}`, { version: 1, title: 'X' }],
    ];
    for (const url of reads) {
      expect((await call('GET', url, w.reader)).statusCode, url).toBe(200);
      expect((await call('GET', url, w.none)).statusCode, url).toBe(403);
    }
    for (const [method, url, body] of writes) {
      expect((await call(method, url, w.reader, body)).statusCode, `${method} ${url}`).toBe(403);
      expect((await call(method, url, w.none, body)).statusCode, `${method} ${url}`).toBe(403);
    }
  });
});
