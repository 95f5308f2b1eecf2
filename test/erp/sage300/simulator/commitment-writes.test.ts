import { describe, expect, it } from 'vitest';
import { read, useSimulator, write } from './sim-client.ts';

const commitment = 'JCM_MASTER__COMMITMENT';
const changeOrder = 'JCM_MASTER__COMMITMENT_CO';

const header = (overrides: Record<string, unknown> = {}) => ({
  Commitment: 'sc-100',
  Vendor: 'acme',
  Job: '241001',
  Commitment_Type: 'Subcontract',
  Description: 'Concrete foundations',
  ...overrides,
});

describe('Sage 300 simulator commitment writes', () => {
  const world = useSimulator({ seed: 'demo' });

  it('stores header and lines whole, upper-casing ids and punctuating keys', async () => {
    const answer = await write(world.sim, commitment, 'CreateOnly', header(), [
      { Item: '1', Cost_Code: '03300', Category: 'S', Description: 'Foundations', Amount: 120_000 },
      { Item: '2', Cost_Code: '03-300', Category: 'M', Description: 'Concrete', Amount: 45_000.5 },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      stored: expect.objectContaining({
        Commitment: 'SC-100',
        Vendor: 'ACME',
        Job: '24-1001',
        Extra: '',
        Status: 'Open',
        lines: [
          expect.objectContaining({
            Commitment: 'SC-100',
            Item: '1',
            Job: '24-1001',
            Cost_Code: '03-300',
            Amount: 120_000,
          }),
          expect.objectContaining({ Item: '2', Category: 'M', Amount: 45_000.5 }),
        ],
      }),
      created: true,
      warnings: [],
    });
    const lines = await read(world.sim, 'JCM_MASTER__COMMITMENT_LINE_ITEM', { Commitment: 'SC-100' });
    expect(lines.body.rows).toHaveLength(2);
  });

  it('answers 409 with the stored commitment and its lines, and CreateOrModify is not allowed', async () => {
    const again = await write(world.sim, commitment, 'CreateOnly', header({ Description: 'Changed' }), []);
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([
      { column: 'Commitment', message: 'Commitment SC-100 already exists' },
    ]);
    expect(again.body.stored).toMatchObject({
      Description: 'Concrete foundations',
      lines: [{ Item: '1' }, { Item: '2' }],
    });
    const modify = await write(world.sim, commitment, 'CreateOrModify', header(), []);
    expect(modify.body.errors).toEqual([{ message: `CreateOrModify is not allowed on ${commitment}` }]);
  });

  it('cuts a title longer than 30 to 30 with a warning', async () => {
    const title = 'Drywall, framing and taping for all floors';
    const answer = await write(
      world.sim,
      commitment,
      'CreateOnly',
      header({ Commitment: 'SC-101', Description: title }),
      [],
    );
    expect(answer.body.stored.Description).toBe(title.slice(0, 30));
    expect(answer.body.warnings).toEqual([
      { column: 'Description', message: 'Description was cut to 30 characters' },
    ]);
  });

  it('adds a cost code and category the job lacks from the standard lists, in the same write', async () => {
    const before = await read(world.sim, 'JCM_MASTER__COST_CODE', { Job: '24-1001', Cost_Code: '08-500' });
    expect(before.body.rows).toEqual([]);
    const answer = await write(world.sim, commitment, 'CreateOnly', header({ Commitment: 'PO-200' }), [
      { Item: '1', Cost_Code: '08500', Category: 'M', Amount: 9_000 },
      { Item: '2', Cost_Code: '08500', Category: 'L', Amount: 2_000 },
      { Item: '3', Cost_Code: '03-300', Category: 'E', Amount: 500 },
    ]);
    expect(answer.status).toBe(200);
    const codes = await read(world.sim, 'JCM_MASTER__COST_CODE', { Job: '24-1001', Cost_Code: '08-500' });
    expect(codes.body.rows).toEqual([
      expect.objectContaining({ Description: 'Windows', Modified_Stamp: answer.body.stored.Modified_Stamp }),
    ]);
    const categories = await read(world.sim, 'JCM_MASTER__CATEGORY', { Job: '24-1001' });
    const added = categories.body.rows.filter(
      (row: { Modified_Stamp: number }) => row.Modified_Stamp === answer.body.stored.Modified_Stamp,
    );
    expect(
      added.map((row: { Cost_Code: string; Category: string; Description: string }) => [
        row.Cost_Code,
        row.Category,
        row.Description,
      ]),
    ).toEqual([
      ['03-300', 'E', 'Equipment'],
      ['08-500', 'L', 'Labor'],
      ['08-500', 'M', 'Material'],
    ]);
  });

  it.each([
    [
      { Commitment: 'C'.repeat(13) },
      [],
      [{ column: 'Commitment', message: 'Commitment exceeds 12 characters' }],
    ],
    [{ Vendor: 'nobody' }, [], [{ column: 'Vendor', message: 'Vendor NOBODY does not exist' }]],
    [{ Vendor: '' }, [], [{ column: 'Vendor', message: 'Vendor is required' }]],
    [{ Extra: '07' }, [], [{ column: 'Extra', message: 'Extra 07 of job 24-1001 does not exist' }]],
    [
      { Commitment_Type: 'Lump sum', Status: 'Closed', Retainage_Percent: 110 },
      [],
      [
        {
          column: 'Commitment_Type',
          message: 'Commitment_Type Lump sum is not one of Subcontract, Purchase order',
        },
        { column: 'Status', message: 'Status Closed is not one of Open, Void' },
        { column: 'Retainage_Percent', message: 'Retainage_Percent must be from 0 to 100' },
      ],
    ],
    [{ Job: '24-9999' }, [], [{ column: 'Job', message: 'Job 24-9999 does not exist' }]],
    [{ Job: '23-0950' }, [], [{ column: 'Job', message: 'Job 23-0950 is closed' }]],
    [{ Job: '24-10' }, [], [{ column: 'Job', message: 'Job 24-10 does not match the job format ##-####' }]],
    [
      {},
      [{ Item: '1', Cost_Code: '03-300', Category: 'S', Amount: 1_000_000 }],
      [{ column: 'Amount', item: '1', message: 'Amount exceeds 999,999.99' }],
    ],
    [
      {},
      [{ Item: '1', Cost_Code: '03-000', Category: 'S', Amount: 1 }],
      [{ column: 'Cost_Code', item: '1', message: 'Cost code 03-000 is a summary cost code' }],
    ],
    [
      {},
      [{ Item: '1', Cost_Code: '03-300', Category: 'Z', Amount: 1 }],
      [{ column: 'Category', item: '1', message: 'Category Z is not a standard category' }],
    ],
    [
      {},
      [{ Item: '1', Cost_Code: '77-777', Category: 'S', Amount: 1 }],
      [
        {
          column: 'Cost_Code',
          item: '1',
          message: 'Cost code 77-777 is not on the job or the standard list',
        },
      ],
    ],
    [
      {},
      [
        { Item: '1', Cost_Code: '03-300', Category: 'S', Amount: 1 },
        { Item: '1', Cost_Code: '03-300', Category: 'M', Amount: 1 },
      ],
      [{ column: 'Item', item: '1', message: 'Item 1 appears twice in the commitment' }],
    ],
  ])('refuses %j with lines %j, writing nothing', async (overrides, lines, errors) => {
    const before = world.sim.state();
    const answer = await write(
      world.sim,
      commitment,
      'CreateOnly',
      header({ Commitment: 'SC-900', ...overrides }),
      lines,
    );
    expect(answer).toEqual({ status: 422, body: { errors } });
    const after = world.sim.state();
    expect(after.writes).toEqual(before.writes);
    expect(after.tables.JCM_MASTER__COST_CODE).toEqual(before.tables.JCM_MASTER__COST_CODE);
  });

  it('refuses lines that are not a list', async () => {
    const response = await fetch(`${world.sim.url}/write`, {
      method: 'POST',
      body: JSON.stringify({ table: commitment, action: 'CreateOnly', row: header(), lines: {} }),
    });
    expect(await response.json()).toEqual({ errors: [{ column: 'lines', message: 'lines must be a list' }] });
  });

  it('refuses lines on a table written without them', async () => {
    const answer = await write(
      world.sim,
      'JCM_MASTER__JOB',
      'CreateOnly',
      { Job: '24-7000', Description: 'x' },
      [{}],
    );
    expect(answer.body.errors).toEqual([
      { column: 'lines', message: 'JCM_MASTER__JOB is written without lines' },
    ]);
  });
});

describe('Sage 300 simulator commitment change order writes', () => {
  const world = useSimulator({ seed: 'demo', now: () => Date.UTC(2026, 11, 4) });

  const seedCommitment = () =>
    write(world.sim, commitment, 'CreateOnly', header(), [
      { Item: '1', Cost_Code: '03-300', Category: 'S', Amount: 100_000 },
      { Item: '2', Cost_Code: '03-300', Category: 'M', Amount: 20_000 },
    ]);

  it('stores a change order with negative amounts, dated today by default', async () => {
    expect((await seedCommitment()).status).toBe(200);
    const answer = await write(
      world.sim,
      changeOrder,
      'CreateOnly',
      { Commitment: 'sc-100', Commitment_CO: '001', Description: 'Deduct' },
      [
        { Item: '1', Commitment_Item: '2', Cost_Code: '03-300', Category: 'M', Amount: -2_500 },
        { Item: '2', Commitment_Item: '', Cost_Code: '07500', Category: 'M', Amount: 4_000 },
      ],
    );
    expect(answer.status).toBe(200);
    expect(answer.body.stored).toMatchObject({
      Commitment: 'SC-100',
      Commitment_CO: '001',
      Date: '12/04/2026',
      Status: 'Approved',
      lines: [
        { Item: '1', Commitment_Item: '2', Cost_Code: '03-300', Category: 'M', Amount: -2_500 },
        { Item: '2', Commitment_Item: '', Cost_Code: '07-500', Category: 'M', Amount: 4_000 },
      ],
    });
    const added = await read(world.sim, 'JCM_MASTER__CATEGORY', {
      Job: '24-1001',
      Cost_Code: '07-500',
      Category: 'M',
    });
    expect(added.body.rows).toHaveLength(1);
  });

  it('answers 409 to a change order sent again, explaining how to correct it', async () => {
    const answer = await write(
      world.sim,
      changeOrder,
      'CreateOnly',
      { Commitment: 'SC-100', Commitment_CO: '001', Description: 'Deduct more' },
      [{ Item: '1', Commitment_Item: '2', Cost_Code: '03-300', Category: 'M', Amount: -3_000 }],
    );
    expect(answer.status).toBe(409);
    expect(answer.body.errors).toEqual([
      {
        column: 'Commitment_CO',
        message:
          'Change order 001 of commitment SC-100 already exists. A saved commitment change order cannot be changed or deleted: enter a new change order with negative amounts to correct it',
      },
    ]);
    expect(answer.body.stored.lines).toEqual([
      expect.objectContaining({ Amount: -2_500 }),
      expect.objectContaining({ Amount: 4_000 }),
    ]);
  });

  it.each([
    [{ Commitment: 'SC-999' }, [], [{ column: 'Commitment', message: 'Commitment SC-999 does not exist' }]],
    [
      { Commitment_CO: '000001' },
      [],
      [{ column: 'Commitment_CO', message: 'Commitment_CO exceeds 5 characters' }],
    ],
    [{ Date: '2026-12-04' }, [], [{ column: 'Date', message: 'Date 2026-12-04 is not a date (MM/DD/YYYY)' }]],
    [{ Commitment_CO: '' }, [], [{ column: 'Commitment_CO', message: 'Commitment_CO is required' }]],
    [{ Description: '' }, [], [{ column: 'Description', message: 'Description is required' }]],
    [
      {},
      [{ Item: '1', Commitment_Item: '1', Cost_Code: '03-300', Category: 'M', Amount: 1 }],
      [
        {
          column: 'Cost_Code',
          item: '1',
          message: 'Commitment item 1 is on cost code 03-300 category S, not 03-300 M',
        },
      ],
    ],
    [
      {},
      [{ Item: '1', Commitment_Item: '1', Cost_Code: '', Category: 'S', Amount: 1 }],
      [{ column: 'Cost_Code', item: '1', message: 'Cost_Code is required' }],
    ],
    [
      {},
      [
        { Item: '1', Commitment_Item: '1', Cost_Code: '03-300', Category: 'S', Amount: 100 },
        { Item: '1', Commitment_Item: '2', Cost_Code: '03-300', Category: 'M', Amount: 200 },
      ],
      [{ column: 'Item', item: '1', message: 'Item 1 appears twice in the change order' }],
    ],
    [
      {},
      [
        { Item: '1', Commitment_Item: '2', Cost_Code: '03-300', Category: 'M', Amount: 100 },
        { Item: '2', Commitment_Item: '2', Cost_Code: '03-300', Category: 'M', Amount: 200 },
      ],
      [
        {
          column: 'Commitment_Item',
          item: '2',
          message: 'Commitment item 2 is changed twice in change order 002',
        },
      ],
    ],
    [
      {},
      [{ Item: '1', Commitment_Item: '9', Cost_Code: '03-300', Category: 'M', Amount: 1 }],
      [{ column: 'Commitment_Item', item: '1', message: 'Commitment item 9 is not on commitment SC-100' }],
    ],
    [
      {},
      [{ Item: '1', Commitment_Item: '1', Cost_Code: '03-300', Category: 'S', Amount: -1_000_000 }],
      [{ column: 'Amount', item: '1', message: 'Amount exceeds 999,999.99' }],
    ],
    [
      {},
      [{ Item: '1', Commitment_Item: '', Cost_Code: '77-777', Category: 'S', Amount: 1 }],
      [
        {
          column: 'Cost_Code',
          item: '1',
          message: 'Cost code 77-777 is not on the job or the standard list',
        },
      ],
    ],
    [
      {},
      [{ Item: '1', Commitment_Item: '', Cost_Code: '03-300', Category: 'Q', Amount: 1 }],
      [{ column: 'Category', item: '1', message: 'Category Q is not a standard category' }],
    ],
  ])('refuses %j with lines %j', async (overrides, lines, errors) => {
    const answer = await write(
      world.sim,
      changeOrder,
      'CreateOnly',
      { Commitment: 'SC-100', Commitment_CO: '002', Description: 'Change', ...overrides },
      lines,
    );
    expect(answer).toEqual({ status: 422, body: { errors } });
  });
});
