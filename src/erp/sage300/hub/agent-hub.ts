import type { Kysely } from 'kysely';
import { newId } from '../../../db/ids.ts';
import { fromJson, toJson } from '../../../db/json.ts';
import type { DB } from '../../../db/schema.ts';
import type { Clock } from '../../../domain/clock.ts';
import { NotConnectedErpError, TransientErpError } from '../../connector.ts';
import { type AgentCommand, type CommandResult, offlineAfterMs, type ResultMessage } from '../protocol.ts';
import { type Presence, readAgentStatus, recordDisconnect, recordPresence } from './agent-presence.ts';
import { type CommandSpec, storeResult, takeCommands } from './command-store.ts';

/** A live channel to an agent on this process (its WebSocket). */
export interface AgentChannel {
  send(commands: AgentCommand[]): void;
  close(code: number, reason: string): void;
}

export interface RunOptions {
  /**
   * A write's idempotency key (request id, step, natural key): issued again, the command is the same
   * one, and a command the agent answered finally is answered from the hub without asking again.
   * Reads have none: each is asked afresh.
   */
  key?: string;
  requestId?: string;
  timeoutMs: number;
}

/**
 * The hub: the agents' channels held by this process, and the commands run through them. Commands are
 * rows of `agent_commands`: issued by any process (an export worker), delivered by the process holding
 * the company's channel (at once on this process, within a second from another), answered into the row.
 */
export interface AgentHub {
  /** Runs a command through the company's agent and answers the agent's result (see RunOptions). */
  run(companyId: string, spec: CommandSpec, options: RunOptions): Promise<CommandResult>;
  /** Whether the company's agent is linked (on any process) and was heard from within 30 s. */
  isOnline(companyId: string): Promise<boolean>;

  // The channel side, used by the agent routes.
  /** A WebSocket opened: it takes the commands from now on, and every command not yet answered. */
  attach(companyId: string, channel: AgentChannel): Promise<() => Promise<void>>;
  /** A long poll: the commands to run, waiting up to `holdMs` for some. */
  poll(companyId: string, presence: Presence, holdMs: number, signal: AbortSignal): Promise<AgentCommand[]>;
  heard(companyId: string, presence: Presence): Promise<void>;
  deliver(companyId: string, results: Omit<ResultMessage, 'type'>[]): Promise<void>;
  /** The company's agent was unpaired: its channel closes at once. */
  detach(companyId: string): Promise<void>;
  close(): void;
}

/** How often commands issued on another process are looked for, and waiters re-read their row. */
const sweepMs = 500;
const rowCheckMs = 1000;

const wentOfflineWriting =
  'The Sage agent went offline while it was writing; the write is checked when the agent is back';

/** A command row as issued, before any agent took it. */
const pendingRow = (
  id: string,
  companyId: string,
  key: string,
  requestId: string | undefined,
  spec: CommandSpec,
  now: string,
) => ({
  id,
  company_id: companyId,
  key,
  request_id: requestId ?? null,
  command: toJson(spec),
  status: 'pending' as const,
  result: null,
  created_at: now,
  updated_at: now,
});

/** Reads are keyed by this and their id: each is asked afresh. */
const readKeyPrefix = 'read:';

/** The agent dropped while a waiter waited: the command's row tells what that means. */
class AgentGone extends Error {}

interface Waiter {
  companyId: string;
  resolve(result: CommandResult): void;
  reject(error: Error): void;
}

interface PollHolder {
  lastAt: number;
  take?: () => void;
}

export function createAgentHub(db: Kysely<DB>, clock: Clock): AgentHub {
  const channels = new Map<string, AgentChannel>();
  const polls = new Map<string, PollHolder>();
  const waiters = new Map<string, Waiter>();
  const scheduled = new Set<string>();
  let sweeper: NodeJS.Timeout | undefined;

  const pollLive = (companyId: string) => {
    const holder = polls.get(companyId);
    return holder !== undefined && clock.now().getTime() - holder.lastAt < offlineAfterMs;
  };
  const linkedHere = (companyId: string) => channels.has(companyId) || pollLive(companyId);

  /** Hands the company's pending commands to its channel here, once per turn of the event loop. */
  function push(companyId: string): void {
    if (scheduled.has(companyId)) return;
    scheduled.add(companyId);
    setImmediate(() => {
      scheduled.delete(companyId);
      const channel = channels.get(companyId);
      if (channel) {
        void takeCommands(db, companyId, clock.now()).then(
          (commands) => commands.length > 0 && channel.send(commands),
          () => undefined, // taken again at the next sweep
        );
        return;
      }
      polls.get(companyId)?.take?.();
    });
  }

  /** Pushes what other processes issued for the agents linked here; ends polls that went silent. */
  function sweep(): void {
    const now = clock.now().getTime();
    for (const [companyId, holder] of polls) {
      if (holder.take === undefined && now - holder.lastAt >= offlineAfterMs) {
        polls.delete(companyId);
        if (!channels.has(companyId)) void recordDisconnect(db, companyId).catch(() => undefined);
      }
    }
    for (const companyId of new Set([...channels.keys(), ...polls.keys()])) push(companyId);
    if (channels.size === 0 && polls.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }
  const startSweeping = () => {
    sweeper ??= setInterval(sweep, sweepMs).unref();
  };

  /** The agent left: waiters of its commands learn it now rather than at their timeout. */
  function agentGone(companyId: string): void {
    for (const waiter of waiters.values()) if (waiter.companyId === companyId) waiter.reject(new AgentGone());
  }

  async function offlineMessage(companyId: string): Promise<string> {
    const status = await readAgentStatus(db, companyId, clock.now());
    if (status.status === 'awaiting_setup')
      return 'Waiting for the Sage agent: none is paired with this company yet (an ERP admin creates an activation code under Settings → ERP connection)';
    return status.lastSeenAt
      ? `Waiting for the Sage agent: it has been offline since ${status.lastSeenAt}`
      : 'Waiting for the Sage agent: it has not connected yet';
  }

  async function isOnline(companyId: string): Promise<boolean> {
    if (linkedHere(companyId)) return true;
    const status = await readAgentStatus(db, companyId, clock.now());
    return status.status === 'online' || status.status === 'degraded';
  }

  /** Resolves with the command's answer; its row is read now and then for answers given on another process. */
  function waitFor(companyId: string, id: string, timeoutMs: number): Promise<CommandResult> {
    return new Promise<CommandResult>((resolve, reject) => {
      const done = () => {
        waiters.delete(id);
        clearTimeout(timer);
        clearInterval(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new TransientErpError(
            `The Sage agent did not answer within ${Math.round(timeoutMs / 1000)} s; the export will ask again`,
          ),
        );
      }, timeoutMs);
      const check = setInterval(async () => {
        const row = await db
          .selectFrom('agent_commands')
          .select(['status', 'result'])
          .where('id', '=', id)
          .executeTakeFirst()
          .catch(() => undefined);
        if (row?.result && (row.status === 'done' || row.status === 'retry')) {
          done();
          resolve(fromJson<CommandResult>(row.result));
        }
      }, rowCheckMs);
      waiters.set(id, {
        companyId,
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  }

  /** A write's command row: reused under its key (answered → that answer), else issued anew. */
  async function issueWrite(
    companyId: string,
    spec: CommandSpec,
    key: string,
    requestId: string | undefined,
  ): Promise<{ id: string; answer?: CommandResult; inFlight: boolean }> {
    const now = clock.now().toISOString();
    await db
      .insertInto('agent_commands')
      .values(pendingRow(newId(), companyId, key, requestId, spec, now))
      .onConflict((oc) => oc.columns(['company_id', 'key']).doNothing())
      .execute();
    const row = await db
      .selectFrom('agent_commands')
      .select(['id', 'status', 'result', 'command'])
      .where('company_id', '=', companyId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    const same = row.command === toJson(spec);
    if (row.status === 'done' && same)
      return { id: row.id, answer: fromJson<CommandResult>(row.result!), inFlight: false };
    if (row.status === 'cancelled')
      throw new TransientErpError('The command was cancelled: its request was rejected or retrieved');
    // Issued again after an answer to try later, or with other values (the agent then answers what Sage
    // holds under the key, for the connector to compare): it goes to the agent again.
    if (row.status === 'retry' || row.status === 'done') {
      await db
        .updateTable('agent_commands')
        .set({ status: 'pending', result: null, command: toJson(spec), updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .execute();
    }
    return { id: row.id, inFlight: row.status === 'sent' };
  }

  return {
    isOnline,

    async run(companyId, spec, { key, requestId, timeoutMs }) {
      const online = await isOnline(companyId);
      let id: string;
      if (key !== undefined) {
        const issued = await issueWrite(companyId, spec, key, requestId);
        if (issued.answer) return issued.answer;
        if (!online) {
          // A write the agent may be applying cannot wait as "not connected" (a waiting request can be
          // rejected): it is retried, and settled by the agent's journal once the agent is back.
          if (issued.inFlight) throw new TransientErpError(wentOfflineWriting);
          throw new NotConnectedErpError(await offlineMessage(companyId));
        }
        id = issued.id;
      } else {
        if (!online) throw new NotConnectedErpError(await offlineMessage(companyId));
        id = newId();
        const now = clock.now().toISOString();
        await db
          .insertInto('agent_commands')
          .values(pendingRow(id, companyId, `${readKeyPrefix}${id}`, undefined, spec, now))
          .execute();
      }
      const answer = waitFor(companyId, id, timeoutMs);
      push(companyId);
      try {
        return await answer;
      } catch (error) {
        if (!(error instanceof AgentGone)) throw error;
        const row = await db
          .selectFrom('agent_commands')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirst();
        if (row?.status === 'pending') throw new NotConnectedErpError(await offlineMessage(companyId));
        throw new TransientErpError(wentOfflineWriting);
      } finally {
        if (key === undefined) await db.deleteFrom('agent_commands').where('id', '=', id).execute();
      }
    },

    async attach(companyId, channel) {
      channels.get(companyId)?.close(4000, 'replaced by a newer connection of the agent');
      channels.set(companyId, channel);
      startSweeping();
      const commands = await takeCommands(db, companyId, clock.now(), { resend: true });
      if (commands.length > 0) channel.send(commands);
      return async () => {
        if (channels.get(companyId) !== channel) return;
        channels.delete(companyId);
        if (!pollLive(companyId)) {
          await recordDisconnect(db, companyId);
          agentGone(companyId);
        }
      };
    },

    async poll(companyId, presence, holdMs, signal) {
      const now = clock.now();
      const holder = polls.get(companyId);
      // The first poll after a silence is a reconnect: what was sent before may never have arrived.
      const resend = holder === undefined || now.getTime() - holder.lastAt >= offlineAfterMs;
      const current: PollHolder = { lastAt: now.getTime() };
      polls.set(companyId, current);
      startSweeping();
      await recordPresence(db, companyId, presence, now);
      const first = await takeCommands(db, companyId, now, { resend });
      if (first.length > 0 || holdMs <= 0) return first;
      return new Promise<AgentCommand[]>((resolve) => {
        const finish = (commands: AgentCommand[]) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          current.take = undefined;
          current.lastAt = clock.now().getTime();
          resolve(commands);
        };
        const onAbort = () => finish([]);
        const timer = setTimeout(() => finish([]), holdMs);
        signal.addEventListener('abort', onAbort);
        current.take = () => {
          void takeCommands(db, companyId, clock.now()).then(
            (commands) => commands.length > 0 && finish(commands),
            () => undefined,
          );
        };
      });
    },

    async heard(companyId, presence) {
      await recordPresence(db, companyId, presence, clock.now());
    },

    async deliver(companyId, results) {
      const now = clock.now();
      for (const { id, key, result } of results) {
        const waiter = waiters.get(id);
        // A read's answer (whole tables, megabytes) goes straight to its waiter here; only a write's
        // is kept, and a read's waited for on another process.
        if (waiter?.companyId === companyId && key.startsWith(readKeyPrefix)) {
          waiter.resolve(result);
          continue;
        }
        await storeResult(db, companyId, id, result, now);
        if (waiter?.companyId === companyId) waiter.resolve(result);
      }
    },

    async detach(companyId) {
      channels.get(companyId)?.close(4001, 'the agent was unpaired');
      channels.delete(companyId);
      polls.get(companyId)?.take?.();
      polls.delete(companyId);
      agentGone(companyId);
    },

    close() {
      clearInterval(sweeper);
      sweeper = undefined;
      for (const channel of channels.values()) channel.close(1001, 'the hub is stopping');
      channels.clear();
    },
  };
}
