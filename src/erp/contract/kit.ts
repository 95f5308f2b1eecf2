/**
 * The connector contract test kit (ERP.md §1): one Vitest suite that proves a connector against its
 * ERP's simulator — a round trip for every read and write, idempotent re-runs counted in the ERP's own
 * state, every field rule the connector describes enforced by the ERP, the cost-code merge rules, job
 * templates, and each fault class. A connector is done when this suite passes against its simulator.
 *
 * Call `connectorContract(target)` from a test file; `target.start()` gives a fresh ERP per test (the
 * field-rule tests share one, each writing records under fresh keys).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CostCodeWrite,
  type ErpConnector,
  type ErpJobCost,
  type ExportKind,
  RejectedErpError,
  TransientErpError,
} from '../connector.ts';
import type { ContractHarness, ContractTarget, ErpFaults, JobField, KitIds, RecordKind } from './control.ts';
import {
  defaultIds,
  eventually,
  exportScenario,
  type Prepared,
  recordKinds,
  type Scenario,
  sampleOf,
  scenario,
  toJobWrite,
} from './samples.ts';
import { violationsOf, withValueAt } from './violations.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Pair = { code: string; costType: string };
const byPair = (a: Pair, b: Pair) => `${a.code} ${a.costType}`.localeCompare(`${b.code} ${b.costType}`);

export function connectorContract(target: ContractTarget): void {
  const ids: KitIds = { ...defaultIds, ...target.ids };
  const commitmentsImmutable = target.description.immutableOnceCreated.includes('commitment');
  const erpCode = target.refusalCodes === false ? {} : { erpCode: expect.any(String) };
  const jobFields: JobField[] = target.jobFields ?? [
    'division',
    'customerCode',
    'costCenter',
    'priceMethod',
    'address',
  ];
  /** The fields of `job` the ERP keeps. */
  const kept = (job: Partial<Record<JobField, unknown>>) =>
    Object.fromEntries(jobFields.filter((field) => field in job).map((field) => [field, job[field]]));
  const supports = (fault: keyof ErpFaults) => !target.faults || target.faults.includes(fault);

  describe(`${target.name} connector contract`, () => {
    let harness: ContractHarness;
    let connector: ErpConnector;
    let costTypes: string[];

    /** A fresh ERP per test: no test sees another's records or faults. */
    function freshErp(options?: { timeoutMs?: number }) {
      beforeEach(async () => {
        harness = await target.start(options);
        connector = harness.connector;
        costTypes = (await connector.listCostTypes()).map((type) => type.code);
      });
      afterEach(async () => {
        await harness.stop();
      });
    }

    const totals = () =>
      Object.fromEntries(recordKinds.map((kind) => [kind, harness.control.total(kind)])) as Record<
        RecordKind,
        number
      >;

    /** Every record of the scenario stored exactly once, and nothing else added since `before`. */
    function expectStoredOnce(s: Scenario, before: Record<RecordKind, number>) {
      for (const ref of s.records) expect(harness.control.count(ref), JSON.stringify(ref)).toBe(1);
      const added = Object.fromEntries(
        recordKinds.map((kind) => [kind, s.records.filter((r) => r.kind === kind).length]),
      );
      const after = totals();
      expect(Object.fromEntries(recordKinds.map((kind) => [kind, after[kind] - before[kind]]))).toEqual(
        added,
      );
    }

    /** The scenario's job and its cost codes read back as written. */
    async function expectScenarioReadBack(s: Scenario) {
      expect(await connector.getJob(s.job.jobNumber)).toMatchObject({
        jobNumber: s.job.jobNumber,
        description: s.job.name,
        status: 'active',
        ...kept(s.job),
      });
      // The first export's estimate is the current one too (an ERP may not report the original).
      const costs = (await connector.listJobCosts(s.job.jobNumber)).sort(byPair);
      const expected = s.estimates.map(({ code, costType, amount }) => ({
        code,
        costType,
        description: s.costCodes.find((c) => c.code === code)!.description,
        currentEstimate: amount,
      }));
      expect(costs).toMatchObject(expected.sort(byPair));
    }

    describe('reads', () => {
      freshErp();

      it('describes itself as the target says, exporting and importing every kind', () => {
        expect(connector.describe()).toEqual(target.description);
        expect([...target.description.exports].sort()).toEqual(
          ['budget', 'change_order', 'commitment', 'cost_codes', 'project', 'vendor'].sort(),
        );
        expect([...target.description.imports].sort()).toEqual(
          ['cost_types', 'job_costs', 'job_templates', 'jobs', 'standard_cost_codes', 'vendors'].sort(),
        );
      });

      it('tests the connection', async () => {
        expect(await connector.testConnection()).toMatchObject({ ok: true });
      });

      it('lists jobs, and gets each of them alone', async () => {
        const jobs = await connector.listJobs();
        expect(jobs.length).toBeGreaterThan(0);
        expect(new Set(jobs.map((job) => job.jobNumber)).size).toBe(jobs.length);
        for (const job of jobs) {
          expect(['active', 'inactive', 'complete']).toContain(job.status);
          expect(await connector.getJob(job.jobNumber)).toEqual(job);
        }
        expect(await connector.getJob('NO-SUCH')).toBeUndefined();
      });

      it('lists job templates among the open jobs', async () => {
        const templates = await connector.listJobTemplates();
        const jobs = new Map((await connector.listJobs()).map((job) => [job.jobNumber, job]));
        expect(templates.length).toBeGreaterThan(0);
        for (const template of templates) {
          expect(jobs.get(template.jobNumber)).toEqual(template);
          expect(template.status).not.toBe('complete');
        }
      });

      it('lists standard cost codes whose cost types are all listed cost types', async () => {
        const codes = await connector.listStandardCostCodes();
        const types = await connector.listCostTypes();
        expect(codes.length).toBeGreaterThan(0);
        expect(new Set(codes.map((code) => code.code)).size).toBe(codes.length);
        for (const type of types) {
          expect(['labor', 'material', 'subcontract', 'equipment', 'overhead', 'other']).toContain(type.kind);
          expect(type.description).not.toBe('');
        }
        const known = new Set(types.map((type) => type.code));
        for (const code of codes) {
          expect(code.description).not.toBe('');
          expect(code.costTypes.length).toBeGreaterThan(0);
          for (const costType of code.costTypes) expect(known).toContain(costType);
        }
      });

      it('lists vendors', async () => {
        const vendors = await connector.listVendors();
        expect(vendors.length).toBeGreaterThan(0);
        expect(new Set(vendors.map((vendor) => vendor.vendorCode)).size).toBe(vendors.length);
        for (const vendor of vendors) expect(vendor.name).not.toBe('');
      });

      it("lists a job's costs in minor units", async () => {
        const all = await Promise.all(
          (await connector.listJobs()).map((job) => connector.listJobCosts(job.jobNumber)),
        );
        const costs = all.flat();
        expect(costs.length).toBeGreaterThan(0);
        for (const cost of costs) {
          for (const amount of [cost.currentEstimate, cost.jobToDateActual]) {
            expect(Number.isSafeInteger(amount)).toBe(true);
          }
          for (const amount of [cost.originalEstimate, cost.projectedCost]) {
            if (amount !== undefined) expect(Number.isSafeInteger(amount)).toBe(true);
          }
        }
        expect(costs.some((cost) => cost.jobToDateActual !== 0)).toBe(true);
      });
    });

    describe('writes', () => {
      freshErp();

      it('round-trips a whole project export: job, cost codes, budget, vendor, commitment, change order', async () => {
        const before = totals();
        const s = scenario(ids, 1, costTypes);
        await exportScenario(connector, s);
        expectStoredOnce(s, before);
        await expectScenarioReadBack(s);
        expect(await connector.listVendors()).toContainEqual(s.vendor);
        expect((await connector.listJobs()).map((job) => job.jobNumber)).toContain(s.job.jobNumber);
      });

      it('leaves one record of each when every write runs twice (a re-run holds its claims)', async () => {
        const s = scenario(ids, 2, costTypes);
        const claims = new Set<string>();
        await exportScenario(connector, s, undefined, claims);
        const once = totals();
        await exportScenario(connector, s, undefined, claims);
        for (const ref of s.records) {
          expect(harness.control.count(ref), JSON.stringify(ref)).toBe(1);
          expect(harness.control.writeCount(ref), JSON.stringify(ref)).toBeGreaterThanOrEqual(1);
        }
        expect(totals()).toEqual(once);
        await expectScenarioReadBack(s);
      });

      it('revises a budget: the current estimate of the lines sent changes, no record is added', async () => {
        const s = scenario(ids, 3, costTypes);
        await exportScenario(connector, s);
        const before = totals();
        const [changed, ...others] = s.estimates;
        const revised = { ...changed!, amount: changed!.amount + 5_000 };
        await connector.setEstimates(s.job.jobNumber, [revised], { revision: true });
        await expectScenarioReadBack({ ...s, estimates: [revised, ...others] });
        expect(totals()).toEqual(before);
      });

      it('refuses a job number the ERP has, without claiming it or writing', async () => {
        const [taken] = await connector.listJobs();
        const calls = harness.control.writeCalls('job');
        let claimed = false;
        const job = {
          jobNumber: taken!.jobNumber,
          name: 'Not ours',
          taxable: true,
          priceMethod: 'F' as const,
        };
        await expect(
          connector.createJob(toJobWrite(job), [], {
            claimed: false,
            claim: async () => {
              claimed = true;
            },
          }),
        ).rejects.toMatchObject({ name: 'DuplicateErpError', field: 'jobNumber' });
        expect(claimed).toBe(false);
        expect(harness.control.writeCalls('job')).toBe(calls);
        expect(await connector.getJob(taken!.jobNumber)).toEqual(taken);
      });

      it('claims a free job number before its first write; a re-run holding the claim completes that job', async () => {
        const s = scenario(ids, 18, costTypes);
        const ref = { kind: 'job', jobNumber: s.job.jobNumber } as const;
        let storedAtClaim: number | undefined;
        const claim = async () => {
          storedAtClaim = harness.control.count(ref);
        };
        await connector.createJob(toJobWrite(s.job), [], { claimed: false, claim });
        expect(storedAtClaim).toBe(0);
        expect(harness.control.count(ref)).toBe(1);
        // The interrupted run stored the job: the claim says it is ours, and its cost codes follow.
        await connector.createJob(toJobWrite(s.job), s.costCodes, { claimed: true, claim });
        expect(harness.control.count(ref)).toBe(1);
        expect((await connector.listJobCosts(s.job.jobNumber)).length).toBe(4);
      });

      it('creates a vendor in one write after checking its code, claimed before the write', async () => {
        const s = scenario(ids, 16, costTypes);
        const ref = { kind: 'vendor', vendorCode: s.vendor.vendorCode } as const;
        const calls = harness.control.writeCalls('vendor');
        let storedAtClaim: number | undefined;
        await connector.createVendor(s.vendor, {
          claimed: false,
          claim: async () => {
            storedAtClaim = harness.control.count(ref);
          },
        });
        expect(storedAtClaim).toBe(0);
        expect(harness.control.writeCalls('vendor') - calls).toBe(1);
        expect(await connector.listVendors()).toContainEqual(s.vendor);
        const stored = harness.control.stored(ref);
        expect(stored).toHaveLength(1);
        // A re-run after a crash, holding the claim, finds the vendor its first run stored.
        await connector.createVendor(s.vendor, { claimed: true, claim: async () => {} });
        expect(harness.control.stored(ref)).toEqual(stored);
      });

      it('refuses a vendor code the ERP has, without claiming it or writing', async () => {
        const [taken] = await connector.listVendors();
        const calls = harness.control.writeCalls('vendor');
        let claimed = false;
        await expect(
          connector.createVendor(
            { vendorCode: taken!.vendorCode, name: 'Not ours' },
            {
              claimed: false,
              claim: async () => {
                claimed = true;
              },
            },
          ),
        ).rejects.toMatchObject({ name: 'DuplicateErpError', field: 'vendorCode' });
        expect(claimed).toBe(false);
        expect(harness.control.writeCalls('vendor')).toBe(calls);
        expect((await connector.listVendors()).find((v) => v.vendorCode === taken!.vendorCode)).toEqual(
          taken,
        );
      });

      it('updates a vendor field by field, in one call; the fields not given keep their values', async () => {
        const s = scenario(ids, 4, costTypes);
        await connector.createVendor(s.vendor);
        const calls = harness.control.writeCalls('vendor');
        await connector.updateVendor({ vendorCode: s.vendor.vendorCode, name: `${s.vendor.name} Two` });
        expect(harness.control.writeCalls('vendor') - calls).toBe(1);
        expect(await connector.listVendors()).toContainEqual({ ...s.vendor, name: `${s.vendor.name} Two` });
        expect(harness.control.count({ kind: 'vendor', vendorCode: s.vendor.vendorCode })).toBe(1);
      });

      it('refuses an update of a vendor the ERP lacks, creating nothing', async () => {
        const s = scenario(ids, 17, costTypes);
        await expect(
          connector.updateVendor({ vendorCode: s.vendor.vendorCode, name: s.vendor.name }),
        ).rejects.toBeInstanceOf(RejectedErpError);
        expect(harness.control.count({ kind: 'vendor', vendorCode: s.vendor.vendorCode })).toBe(0);
      });

      it(
        commitmentsImmutable
          ? 'refuses a changed commitment, which the ERP never lets change, and changes no line'
          : 'keys commitment lines by their item: a removed line never shifts another line',
        async () => {
          const s = scenario(ids, 19, costTypes);
          await exportScenario(connector, s);
          const before = totals();
          const [, second] = s.commitment.lines;
          const changed = connector.upsertCommitment({
            ...s.commitment,
            lines: [{ ...second!, amount: second!.amount + 1 }],
          });
          if (commitmentsImmutable) await expect(changed).rejects.toBeInstanceOf(RejectedErpError);
          else await changed;
          expect(totals()).toEqual(before);
          const { vendorCode, number } = s.commitment;
          for (const { code, costType } of s.commitment.lines) {
            const ref = { kind: 'commitment_line', vendorCode, number, code, costType } as const;
            expect(harness.control.count(ref), JSON.stringify(ref)).toBe(1);
          }
        },
      );

      it('keeps two change orders of one job apart under their own numbers', async () => {
        const s = scenario(ids, 20, costTypes);
        await exportScenario(connector, s);
        const line = s.changeOrder.lines[0]!;
        const other = { ...s.changeOrder, number: 'OTHER', erpNumber: ids.changeOrder(2001), lines: [line] };
        await connector.upsertChangeOrder(other);
        const ref = (number: string) =>
          ({
            kind: 'change_order_line',
            jobNumber: s.job.jobNumber,
            number,
            code: line.code,
            costType: line.costType,
          }) as const;
        expect(harness.control.count(ref(s.changeOrder.erpNumber))).toBe(1);
        expect(harness.control.count(ref(other.erpNumber))).toBe(1);
        expect(harness.control.writeCount(ref(s.changeOrder.erpNumber))).toBe(1);
      });

      it(
        target.description.immutableOnceCreated.includes('change_order')
          ? 'refuses a changed change order, which the ERP never lets change'
          : 'updates a change order by re-sending it changed',
        async () => {
          const s = scenario(ids, 5, costTypes);
          await exportScenario(connector, s);
          const changed = {
            ...s.changeOrder,
            lines: s.changeOrder.lines.map((l) => ({ ...l, amount: l.amount + 100 })),
          };
          if (target.description.immutableOnceCreated.includes('change_order')) {
            await expect(connector.upsertChangeOrder(changed)).rejects.toBeInstanceOf(RejectedErpError);
          } else {
            await connector.upsertChangeOrder(changed);
          }
          for (const ref of s.records) expect(harness.control.count(ref), JSON.stringify(ref)).toBe(1);
        },
      );
    });

    describe('cost-code merge rules', () => {
      freshErp();

      it("keeps the ERP's description when a second cost type is added to a code", async () => {
        const s = scenario(ids, 6, costTypes);
        await connector.createJob(toJobWrite(s.job), []);
        const code = ids.costCode(601);
        await connector.addCostCodes(s.job.jobNumber, [
          { code, description: 'First words', costTypes: [costTypes[0]!] },
        ]);
        await connector.addCostCodes(s.job.jobNumber, [
          { code, description: 'Other words', costTypes: [costTypes[1]!] },
        ]);
        const rows = (await connector.listJobCosts(s.job.jobNumber)).filter((row) => row.code === code);
        expect(rows.map((row) => [row.costType, row.description]).sort()).toEqual(
          [
            [costTypes[0], 'First words'],
            [costTypes[1], 'First words'],
          ].sort(),
        );
      });

      it("never overwrites an existing code's description, whatever ours says", async () => {
        // A code on a job that lacks one of the cost types, so adding that one sends a write.
        let existing: { jobNumber: string; cost: ErpJobCost; extra: string } | undefined;
        for (const job of (await connector.listJobs()).filter((j) => j.status === 'active')) {
          const costs = await connector.listJobCosts(job.jobNumber);
          for (const cost of costs) {
            const has = new Set(costs.filter((row) => row.code === cost.code).map((row) => row.costType));
            const extra = costTypes.find((type) => !has.has(type));
            if (extra) existing ??= { jobNumber: job.jobNumber, cost, extra };
          }
        }
        if (!existing)
          throw new Error('the demo data has no active job with a cost code lacking a cost type');
        const { jobNumber, cost, extra } = existing;
        const ours: CostCodeWrite = {
          code: cost.code,
          description: 'Renamed by us',
          costTypes: [cost.costType, extra],
        };
        await connector.addCostCodes(jobNumber, [ours]);
        const rows = (await connector.listJobCosts(jobNumber)).filter((row) => row.code === cost.code);
        expect(rows.map((row) => row.costType)).toEqual(expect.arrayContaining([cost.costType, extra]));
        for (const row of rows) expect(row.description).toBe(cost.description);
        expect(
          harness.control.count({ kind: 'cost_code', jobNumber, code: cost.code, costType: extra }),
        ).toBe(1);
      });
    });

    describe('job templates', () => {
      freshErp();

      it('fills every field the project leaves blank from the template, and keeps what it sets', async () => {
        const templates = await connector.listJobTemplates();
        const filled = (job: (typeof templates)[number]) =>
          jobFields.filter((field) => job[field] !== undefined).length;
        const template = templates.sort((a, b) => filled(b) - filled(a))[0]!;
        expect(filled(template)).toBe(jobFields.length);

        // No ERP read gives a job's taxable flag: the project (or the connection) always does.
        const blank = {
          jobNumber: ids.job(701),
          name: 'From template',
          template: template.jobNumber,
          taxable: true,
        };
        const codes = [{ code: ids.costCode(701), description: 'Template code', costTypes: [costTypes[0]!] }];
        await connector.createJob(toJobWrite(blank), codes);
        expect(await connector.getJob(blank.jobNumber)).toMatchObject(kept(template));
        expect((await connector.listJobCosts(blank.jobNumber)).map((row) => row.code)).toEqual([
          codes[0]!.code,
        ]);

        const own = {
          ...blank,
          jobNumber: ids.job(702),
          division: '77',
          customerCode: ids.customer,
          priceMethod: 'T' as const,
        };
        await connector.createJob(toJobWrite(own), []);
        expect(await connector.getJob(own.jobNumber)).toMatchObject(
          kept({ ...template, division: '77', customerCode: ids.customer, priceMethod: 'T' }),
        );
      });

      it('refuses a template the ERP does not have', async () => {
        const job = { jobNumber: ids.job(703), name: 'No template', template: 'NO-SUCH', taxable: false };
        await expect(connector.createJob(toJobWrite(job), [])).rejects.toMatchObject({
          name: 'RejectedErpError',
          field: 'template',
        });
        expect(harness.control.count({ kind: 'job', jobNumber: job.jobNumber })).toBe(0);
      });
    });

    describe('field rules, enforced by the ERP', () => {
      let prepared: Prepared;
      let next = 100;

      beforeAll(async () => {
        harness = await target.start();
        connector = harness.connector;
        costTypes = (await connector.listCostTypes()).map((type) => type.code);
        const s = scenario(ids, 9, costTypes);
        await exportScenario(connector, s);
        prepared = {
          jobNumber: s.job.jobNumber,
          vendorCode: s.vendor.vendorCode,
          commitmentNumber: s.commitment.number,
          code: s.costCodes[0]!.code,
          costTypes: s.costCodes[0]!.costTypes,
        };
      });
      afterAll(async () => {
        await harness.stop();
      });

      const kinds = Object.keys(target.description.fields) as ExportKind[];

      it.each(kinds)('accepts the sample %s', async (kind) => {
        const sample = sampleOf(kind, ids, next++, prepared);
        await sample.write(connector, sample.record);
      });

      const cases = kinds.flatMap((kind) =>
        target.description.fields[kind].flatMap((rule) =>
          violationsOf(rule).map((violation) => ({ kind, rule, violation })),
        ),
      );
      it.each(cases.map((c) => [`${c.kind} ${c.rule.path}: ${c.violation.breaks}`, c] as const))(
        'refuses %s, naming the field (or takes it with a warning where the rule says so)',
        async (_name, { kind, rule, violation }) => {
          const sample = sampleOf(kind, ids, next++, prepared);
          const writing = sample.write(connector, withValueAt(sample.record, rule.path, violation.value));
          if (rule.severity === 'warning') {
            // The ERP takes it, altered, and says so.
            expect((await writing).warnings?.length, 'a warning').toBeGreaterThan(0);
            return;
          }
          const failure = await writing.then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(failure, `${JSON.stringify(violation.value)} was accepted`).toBeInstanceOf(RejectedErpError);
          expect(failure).toMatchObject({ field: rule.path, ...erpCode });
        },
      );
    });

    describe('refused data', () => {
      freshErp();

      it('refuses a commitment line or a budget line on a cost code the job does not have', async () => {
        const s = scenario(ids, 10, costTypes);
        await exportScenario(connector, s);
        const stranger = ids.costCode(999);
        const line = { code: stranger, costType: costTypes[0]!, amount: 1_000 };
        // An ERP that never changes a commitment gets the line on a new one.
        const number = commitmentsImmutable ? ids.commitment(1010) : s.commitment.number;
        await expect(
          connector.upsertCommitment({
            ...s.commitment,
            number,
            lines: [{ ...line, item: '9', description: 'Not on the job' }],
          }),
        ).rejects.toMatchObject({ name: 'RejectedErpError', field: 'lines[].code', ...erpCode });
        await expect(connector.setEstimates(s.job.jobNumber, [line])).rejects.toMatchObject({
          name: 'RejectedErpError',
          field: 'lines[].code',
        });
        const ref = {
          vendorCode: s.vendor.vendorCode,
          number,
          code: stranger,
          costType: line.costType,
        };
        expect(harness.control.count({ kind: 'commitment_line', ...ref })).toBe(0);
        expect(harness.control.count({ kind: 'cost_code', jobNumber: s.job.jobNumber, ...line })).toBe(0);
      });
    });

    describe('faults', () => {
      describe.runIf(supports('transientRate'))('transient failures', () => {
        freshErp();

        it('stores every record exactly once when 30 % of calls fail, by retrying', async () => {
          const before = totals();
          const s = scenario(ids, 11, costTypes);
          harness.control.setFaults({ transientRate: 0.3 });
          await exportScenario(connector, s, eventually);
          const jobs = await eventually(() => connector.listJobs());
          harness.control.setFaults({});
          expect(jobs).toEqual(await connector.listJobs());
          expectStoredOnce(s, before);
          await expectScenarioReadBack(s);
        });
      });

      describe.runIf(supports('truncateRate'))('cut-off answers', () => {
        freshErp();

        it('reads complete data when half the answers are cut off', async () => {
          const jobNumbers = (await connector.listJobs()).map((job) => job.jobNumber);
          const reads: Record<string, () => Promise<unknown>> = {
            jobs: () => connector.listJobs(),
            standard: () => connector.listStandardCostCodes(),
            ...Object.fromEntries(
              jobNumbers.map((job) => [`costs of ${job}`, () => connector.listJobCosts(job)]),
            ),
          };
          const whole = new Map<string, unknown>();
          for (const [name, read] of Object.entries(reads)) whole.set(name, await read());
          harness.control.setFaults({ truncateRate: 0.5 });
          for (let round = 0; round < 3; round++) {
            for (const [name, read] of Object.entries(reads))
              expect(await eventually(read), name).toEqual(whole.get(name));
          }
        });
      });

      describe.runIf(supports('maxRows'))('row limits', () => {
        freshErp();

        it('reads whole lists from an ERP that cuts answers at a row limit', async () => {
          const jobNumbers = (await connector.listJobs()).map((job) => job.jobNumber);
          const reads: Record<string, () => Promise<unknown>> = {
            jobs: () => connector.listJobs(),
            standard: () => connector.listStandardCostCodes(),
            types: () => connector.listCostTypes(),
            ...Object.fromEntries(
              jobNumbers.map((job) => [`costs of ${job}`, () => connector.listJobCosts(job)]),
            ),
          };
          const whole = new Map<string, unknown>();
          for (const [name, read] of Object.entries(reads)) whole.set(name, await read());
          harness.control.setFaults({ maxRows: 30 });
          for (const [name, read] of Object.entries(reads))
            expect(await read(), name).toEqual(whole.get(name));
        });
      });

      describe.runIf(supports('sessionExpiryMs'))('expired sessions', () => {
        freshErp();

        it('keeps working across idle gaps longer than the session timeout', async () => {
          harness.control.setFaults({ sessionExpiryMs: 40 });
          const s = scenario(ids, 12, costTypes);
          await connector.listJobs();
          await sleep(120);
          await connector.createJob(toJobWrite(s.job), s.costCodes);
          await sleep(120);
          await connector.createVendor(s.vendor);
          await sleep(120);
          expect((await connector.listJobCosts(s.job.jobNumber)).length).toBe(4);
          expect(harness.control.count({ kind: 'job', jobNumber: s.job.jobNumber })).toBe(1);
        });
      });

      describe.runIf(supports('outage'))('outage', () => {
        freshErp();

        it('fails as transient while the ERP is down, and works once it is back', async () => {
          const s = scenario(ids, 13, costTypes);
          harness.control.setFaults({ outage: true });
          await expect(connector.listJobs()).rejects.toBeInstanceOf(TransientErpError);
          await expect(connector.createVendor(s.vendor)).rejects.toBeInstanceOf(TransientErpError);
          expect((await connector.testConnection()).ok).toBe(false);
          expect(harness.control.count({ kind: 'vendor', vendorCode: s.vendor.vendorCode })).toBe(0);
          harness.control.setFaults({});
          await connector.createVendor(s.vendor);
          expect(harness.control.count({ kind: 'vendor', vendorCode: s.vendor.vendorCode })).toBe(1);
        });
      });

      describe.runIf(supports('latencyMs'))('slow answers', () => {
        const timeoutMs = 150;
        freshErp({ timeoutMs });

        it('waits for a slow ERP within the timeout', async () => {
          harness.control.setFaults({ latencyMs: 40 });
          const s = scenario(ids, 14, costTypes);
          await connector.createVendor(s.vendor);
          expect(harness.control.count({ kind: 'vendor', vendorCode: s.vendor.vendorCode })).toBe(1);
        });

        it('fails as transient past the timeout, and a re-run once the ERP is fast again leaves one record', async () => {
          const s = scenario(ids, 15, costTypes);
          await connector.createJob(toJobWrite(s.job), s.costCodes);
          await connector.createVendor(s.vendor);
          const latencyMs = timeoutMs * 3;
          harness.control.setFaults({ latencyMs });
          await expect(connector.upsertCommitment(s.commitment)).rejects.toBeInstanceOf(TransientErpError);
          harness.control.setFaults({});
          // Let the calls the connector gave up on end inside the ERP (stored there or not, as it does).
          await sleep(latencyMs * 2);
          const header = {
            kind: 'commitment',
            vendorCode: s.vendor.vendorCode,
            number: s.commitment.number,
          } as const;
          expect(harness.control.count(header)).toBeLessThanOrEqual(1);
          await connector.upsertCommitment(s.commitment);
          for (const ref of s.records.filter((r) => r.kind.startsWith('commitment'))) {
            expect(harness.control.count(ref), JSON.stringify(ref)).toBe(1);
          }
        });
      });
    });
  });
}
