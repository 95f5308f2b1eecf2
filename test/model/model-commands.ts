import fc from 'fast-check';
import { Accept, Bulk, Reject, Retrieve } from './approver-commands.ts';
import type { ModelCommand } from './command-helpers.ts';
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
/** An arbitrary that weighs `times` as much as one of its own (fc.commands draws them evenly). */
const times = <T>(count: number, arbitrary: fc.Arbitrary<T>) =>
  Array.from({ length: count }, () => arbitrary);

/** Every command, weighted towards sends and the approver's actions (where the keys collide). */
export const modelCommands: fc.Arbitrary<ModelCommand>[] = [
  n.map((k) => new CreateProject(k)),
  n.map((k) => new CreateVendor(k)),
  ...times(
    2,
    fc.tuple(n, n, n).map(([p, v, k]) => new CreateCommitment(p, v, k)),
  ),
  ...times(
    2,
    fc.tuple(n, n).map(([k, o]) => new CreateChangeOrder(k, o)),
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
 * the random commands start where commitments and change orders can reach the ERP.
 */
export function preludeCommands(setup: {
  projects: number[];
  vendors: number[];
  syncFirst: boolean;
  commitments: number[];
  changeOrders: number[];
  acceptChangeOrders: boolean;
}): ModelCommand[] {
  const first = setup.projects.length + setup.vendors.length;
  const indices = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const commitments = setup.commitments.map((k, i) => new CreateCommitment(0, i, k));
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
    new Bulk('accept', everyKnownRequest),
    new Settle(),
    ...commitments,
    ...indices(first, setup.commitments.length).map((i) => new Send(i)),
    new Bulk('accept', everyKnownRequest),
    new Settle(),
    ...setup.changeOrders.map((k, i) => new CreateChangeOrder(i, k)),
    ...indices(changeOrdersFrom, setup.changeOrders.length).map((i) => new Send(i)),
    ...(setup.acceptChangeOrders ? [new Bulk('accept', everyKnownRequest)] : []),
  ];
}
