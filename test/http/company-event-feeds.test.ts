import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/db/ids.ts';
import { toJson } from '../../src/db/json.ts';
import { CompanyEventFeeds } from '../../src/http/company-event-feeds.ts';
import type { TailedEvent } from '../../src/workflows/notify/company-event-tail.ts';
import { testContext } from '../support/context.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeOperator } from '../support/factories.ts';

const pollMs = 20;

/** Counts the statements that read the event table. */
function statementCounter(): KyselyPlugin & { reads: number } {
  return {
    reads: 0,
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode') this.reads++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

describe.each(dialects)("a process's live event feed on %s", (dialect) => {
  const database = useTestDatabase(dialect);
  const companies: string[] = [];
  let feeds: CompanyEventFeeds | undefined;
  beforeAll(async () => {
    const ctx = testContext(database.current);
    const operator = await makeOperator(ctx);
    for (let n = 0; n < 3; n++) companies.push((await makeCompany(ctx, operator)).id);
  });
  afterEach(() => feeds?.close());

  const insert = (companyId: string, id = newId()) =>
    database.current.db
      .insertInto('company_events')
      .values({
        id,
        company_id: companyId,
        type: 'sync.finished',
        data: toJson({}),
        at: new Date().toISOString(),
      })
      .execute()
      .then(() => id);

  it("polls once for every stream of every company, and hands each stream its company's events only", async () => {
    const counter = statementCounter();
    feeds = new CompanyEventFeeds(database.current.db.withPlugin(counter), pollMs, (error) => {
      throw error;
    });
    // Five streams on each of the first two companies; the third has none.
    const received = companies.slice(0, 2).map(() => Array.from({ length: 5 }, () => [] as string[]));
    const stops = received.flatMap((streams, c) =>
      streams.map((ids) =>
        feeds!.subscribe(companies[c]!, (events: TailedEvent[]) => ids.push(...events.map((e) => e.id))),
      ),
    );
    const sent: string[][] = [[], [], []];
    for (let n = 0; n < 6; n++) sent[n % 3]!.push(await insert(companies[n % 3]!));
    await until(() => received.every((streams, c) => streams.every((ids) => ids.length === sent[c]!.length)));
    for (const [c, streams] of received.entries()) for (const ids of streams) expect(ids).toEqual(sent[c]);

    // Ten streams, three companies: still one tail, so at most its statements per poll (a count, a page,
    // and a read of late ones when there are), not ten times that.
    const before = counter.reads;
    const began = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20 * pollMs));
    const polls = (Date.now() - began) / pollMs + 1;
    expect(counter.reads - before).toBeLessThanOrEqual(2 * polls);

    // Once no stream listens, the feed reads nothing.
    for (const stop of stops) stop();
    // A poll under way as the last stream left still ends its statements (its page after its count).
    await new Promise((resolve) => setTimeout(resolve, 5 * pollMs));
    const idle = counter.reads;
    await new Promise((resolve) => setTimeout(resolve, 5 * pollMs));
    expect(counter.reads).toBe(idle);
  });

  it('brings an event committed late with an older id to its company, once', async () => {
    feeds = new CompanyEventFeeds(database.current.db, pollMs, (error) => {
      throw error;
    });
    const ids: string[] = [];
    feeds.subscribe(companies[0]!, (events) => ids.push(...events.map((e) => e.id)));
    await new Promise((resolve) => setTimeout(resolve, 3 * pollMs)); // the tail has started
    const older = newId(); // made first (its transaction still open)…
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await insert(companies[0]!); // …but the other commits first
    await insert(companies[1]!); // another company's, meanwhile
    await until(() => ids.length === 1);
    await insert(companies[0]!, older);
    await until(() => ids.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 5 * pollMs));
    expect(ids).toEqual([newer, older]);
  });
});
