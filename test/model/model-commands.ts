import fc from 'fast-check';
import { Accept, Bulk, Reject, Retrieve } from './approver-commands.ts';
import type { ModelCommand } from './command-helpers.ts';
import { EditLines, PhantomCostCode, Rework } from './line-commands.ts';
import type { LineEdit } from './model-lines.ts';
import type { RunSetup } from './model-state.ts';
import { RacingAccepts } from './racing-accepts.ts';
import {
  CreateChangeOrder,
  CreateCommitment,
  CreateProject,
  CreateVendor,
  Edit,
  Send,
} from './record-commands.ts';
import { CrashWorker, ErpFault, Settle } from './world-commands.ts';

const n = fc.nat({ max: 11 });
const choice = fc.nat({ max: 3 });
/** True one time in six: a new record with a line on the phantom pair. */
const rarely = fc.nat({ max: 5 }).map((k) => k === 0);
/** An edit of a record's lines; `pairMax` 7 lets it reach the phantom pair (model-lines.ts pairOf). */
const lineEdit = (pairMax: number, ops: LineEdit['op'][]): fc.Arbitrary<LineEdit> =>
  fc.record({
    op: fc.constantFrom(...ops),
    line: n,
    pair: fc.nat({ max: pairMax }),
    amount: n,
  });
/** An arbitrary that weighs `times` as much as one of its own (fc.commands draws them evenly). */
const times = <T>(count: number, arbitrary: fc.Arbitrary<T>) =>
  Array.from({ length: count }, () => arbitrary);

/** Every command, weighted towards sends and the approver's actions (where the keys collide). */
export const modelCommands: fc.Arbitrary<ModelCommand>[] = [
  n.map((k) => new CreateProject(k)),
  n.map((k) => new CreateVendor(k)),
  ...times(
    2,
    fc.tuple(n, n, n, rarely).map(([p, v, k, phantom]) => new CreateCommitment(p, v, k, phantom)),
  ),
  ...times(
    2,
    fc.tuple(n, n, rarely).map(([k, o, phantom]) => new CreateChangeOrder(k, o, phantom)),
  ),
  ...times(
    4,
    n.map((k) => new Send(k)),
  ),
  ...times(
    2,
    fc.tuple(n, n, fc.boolean()).map(([k, v, stale]) => new Edit(k, v, stale && v % 3 === 0)),
  ),
  ...times(
    3,
    fc
      .tuple(n, choice, fc.boolean())
      .map(([k, c, stale]) => new Accept(k, c, 'accept', stale && k % 4 === 3)),
  ),
  fc.tuple(n, choice).map(([k, c]) => new Accept(k, c, 'retry', false)),
  ...times(
    2,
    fc
      .tuple(n, fc.constantFrom(2 as const, 3 as const), choice)
      .map(([g, count, c]) => new RacingAccepts(g, count, c)),
  ),
  n.map((k) => new Reject(k)),
  n.map((k) => new Retrieve(k)),
  ...times(
    2,
    fc
      .tuple(
        fc.constantFrom('accept' as const, 'accept' as const, 'reject' as const),
        fc.array(n, { minLength: 1, maxLength: 4 }),
      )
      .map(([action, picks]) => new Bulk(action, picks)),
  ),
  ...times(
    2,
    fc
      .tuple(n, lineEdit(7, ['remove', 'add', 'move', 'amount']), fc.boolean())
      .map(([k, edit, stale]) => new EditLines(k, edit, stale && k % 3 === 0)),
  ),
  // The rework fixes lines: it never moves one onto the phantom pair. It removes or moves one: what may
  // leave a line an earlier export stored under a key the record no longer has.
  ...times(
    3,
    fc.tuple(n, lineEdit(6, ['remove', 'move'])).map(([k, edit]) => new Rework(k, edit)),
  ),
  n.map((p) => new PhantomCostCode(p)),
  fc.constant(new CrashWorker()),
  fc.constantFrom('transient' as const, 'truncated' as const, 'outage' as const).map((f) => new ErpFault(f)),
  ...times(3, fc.constant(new Settle())),
];

/** Bulk picks that cover every request the model knows (up to 12): pick() takes them modulo the count. */
const everyKnownRequest = Array.from({ length: 12 }, (_, i) => i);

/**
 * The commands a run starts with, from its setup: its first projects and vendors; when the setup says so,
 * they are sent, accepted in bulk and settled (collisions included: a second project on one number is
 * refused), then commitments of the first project with each vendor go the same way, then change orders
 * on them (one number on two commitments of one job: finding 1) are sent and maybe accepted — so that
 * the random commands start where commitments and change orders can reach the ERP. A racing setup
 * accepts the first projects, vendors, commitments (then with one vendor, on two projects) and
 * change orders competing for a key in races before the bulk accepts (finding 6). With a phantom setup,
 * the first project believes the phantom cost code × type synced once it is, and the first
 * commitments or change orders carry a line on it: their exports fail half-way (finding 9).
 */
export function preludeCommands(setup: Omit<RunSetup, 'foreign'>): ModelCommand[] {
  const first = setup.projects.length + setup.vendors.length;
  const indices = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const racing = setup.firstRace !== undefined;
  // Racing, all are with the first vendor, two on the first project and the third on the next: the third
  // competes with the others for their subcontract number, the change orders on the first two for
  // their change request number on the job.
  const commitments = setup.commitments.map(
    (k, i) =>
      new CreateCommitment(
        racing ? Math.floor(i / 2) : 0,
        racing ? 0 : i,
        k,
        setup.phantom === 'commitments',
      ),
  );
  if (!setup.syncFirst)
    return [
      ...setup.projects.map((k) => new CreateProject(k)),
      ...setup.vendors.map((k) => new CreateVendor(k)),
      ...commitments,
    ];
  const changeOrdersFrom = first + setup.commitments.length;
  return [
    ...setup.projects.map((k) => new CreateProject(k)),
    ...setup.vendors.map((k) => new CreateVendor(k)),
    ...indices(0, first).map((i) => new Send(i)),
    // The first group of records competing for a key races, then the next (the groups left shift up).
    ...(racing ? [new RacingAccepts(0, 3, setup.firstRace!), new RacingAccepts(0, 3, setup.firstRace!)] : []),
    new Bulk('accept', everyKnownRequest),
    new Settle(),
    ...(setup.phantom === 'none' ? [] : [new PhantomCostCode(0)]),
    ...commitments,
    ...indices(first, setup.commitments.length).map((i) => new Send(i)),
    ...(racing ? [new RacingAccepts(0, 3, 0, 'commitment')] : []),
    new Bulk('accept', everyKnownRequest),
    new Settle(),
    ...setup.changeOrders.map((k, i) => new CreateChangeOrder(i, k, setup.phantom === 'change orders')),
    ...indices(changeOrdersFrom, setup.changeOrders.length).map((i) => new Send(i)),
    ...(setup.acceptChangeOrders
      ? [
          ...(racing ? [new RacingAccepts(0, 3, 0, 'change_order')] : []),
          new Bulk('accept', everyKnownRequest),
        ]
      : []),
  ];
}
