import fc from 'fast-check';
import { describe, it } from 'vitest';
import { dialects } from '../support/databases.ts';
import { Mismatch } from './api-answers.ts';
import { erpLineViolations } from './erp-line-invariants.ts';
import { modelCommands, preludeCommands } from './model-commands.ts';
import { type ForeignRecord, initialModel, type Model, pools, type RunSetup } from './model-state.ts';
import { type ModelRun, useModelWorld } from './model-world.ts';
import { settle } from './settle.ts';
import { writeLogViolations } from './write-log-invariants.ts';

/**
 * Issue 13's model-based test: random interleavings of send, edit (of lines too), accept, racing
 * accepts, reject, retrieve, retry, bulk actions, half-failing exports, worker crashes and ERP faults,
 * against a model of the rules (model-state.ts), with the simulator's write log proving that no ERP
 * record was written that the model did not allow, no key was written for two records, nothing over a
 * record made in Spectrum behind our back, and every accepted request ended synced or failed with its
 * reason; and Spectrum's lines of every synced commitment and change order are exactly its lines, the
 * ones it no longer has at zero.
 *
 * CI runs MODEL_RUNS (default 300) runs per database within MODEL_BUDGET_MS (default 45 s: fast-check
 * stops starting runs then); `npm run test:model` runs many more. MODEL_SEED (and MODEL_PATH) replay a
 * failure that fast-check printed.
 */
const runs = Number(process.env.MODEL_RUNS ?? 300);
const budgetMs = Number(process.env.MODEL_BUDGET_MS ?? 45_000);
const maxCommands = Number(process.env.MODEL_COMMANDS ?? 20);
const seed = process.env.MODEL_SEED === undefined ? undefined : Number(process.env.MODEL_SEED);
const path = process.env.MODEL_PATH;

/** Jobs and vendors made in Spectrum, not by us, under keys our records will want: before our sync or after. */
const pickOf = fc.nat({ max: 11 });
const setups: fc.Arbitrary<RunSetup> = fc.record({
  projects: fc.array(pickOf, { minLength: 1, maxLength: 3 }),
  vendors: fc.array(pickOf, { minLength: 1, maxLength: 3 }),
  syncFirst: fc.boolean(),
  commitments: fc.array(pickOf, { maxLength: 3 }),
  changeOrders: fc.array(pickOf, { maxLength: 3 }),
  acceptChangeOrders: fc.boolean(),
  firstRace: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
  phantom: fc.constantFrom('none' as const, 'commitments' as const, 'change orders' as const),
  foreign: fc.oneof(
    { weight: 1, arbitrary: fc.constant<ForeignRecord[]>([]) },
    {
      weight: 1,
      arbitrary: fc.uniqueArray(
        fc
          .record({
            kind: fc.constantFrom('job' as const, 'vendor' as const),
            n: fc.nat({ max: 1 }),
            mirrored: fc.boolean(),
          })
          .map(({ kind, n, mirrored }) => ({
            kind,
            key: kind === 'job' ? pools.jobNumbers[n]! : pools.vendorCodes[n]!,
            mirrored,
          })),
        { minLength: 1, maxLength: 2, selector: (f) => `${f.kind}:${f.key}` },
      ),
    },
  ),
});

/**
 * After the last command: every export ended, then the write log holds only what the model allowed, and
 * every synced commitment's and change order's lines in Spectrum are exactly its lines.
 */
async function finalCheck(model: Model, run: ModelRun): Promise<void> {
  await settle(model, run);
  const violations = writeLogViolations(model, run.sim.writes());
  if (violations.length) throw new Mismatch(`the ERP's write log:\n${violations.join('\n')}`);
  const lines = erpLineViolations(model, run.sim.state());
  if (lines.length) throw new Mismatch(`the ERP's lines:\n${lines.join('\n')}`);
}

describe.each(dialects)('the export engine against a model of its rules on %s', (dialect) => {
  const world = useModelWorld(dialect);

  it(
    'writes to the ERP only what the rules allow, through random interleavings, crashes and faults',
    async () => {
      const started = Date.now();
      let executed = 0;
      /** What the runs did, so that a green test shows it tested something: requests per end state, writes. */
      const tally = new Map<string, number>();
      const count = (what: string, n = 1) => tally.set(what, (tally.get(what) ?? 0) + n);
      await fc.assert(
        fc.asyncProperty(
          setups,
          fc.commands(modelCommands, { maxCommands, size: 'max' }),
          async (setup, commands) => {
            executed++;
            const run = await world.current.startRun(setup);
            const model = initialModel(run.c, setup);
            await fc.asyncModelRun(() => ({ model, real: run }), [...preludeCommands(setup), ...commands]);
            await finalCheck(model, run);
            for (const [what, n] of model.seen) count(what, n);
            count('ERP writes', run.sim.writes().length);
          },
        ),
        {
          numRuns: runs,
          interruptAfterTimeLimit: budgetMs,
          seed,
          path,
          endOnFailure: process.env.MODEL_SHRINK === '0',
        },
      );
      console.log(
        `[model ${dialect}] ${executed} runs in ${Date.now() - started} ms, ${world.current.crashes()} worker crashes; ${[...tally].map(([what, n]) => `${what}: ${n}`).join(', ')}`,
      );
    },
    budgetMs + 120_000,
  );
});
