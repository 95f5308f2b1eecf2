import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../../db/json.ts';
import type { AgentCommandsTable, DB } from '../../../db/schema.ts';
import type { AgentCommand, CommandResult } from '../protocol.ts';

/** A command as the hub keeps it: what to do, without the id and key it travels with. */
export type CommandSpec = Omit<AgentCommand, 'id' | 'key'>;

/** Answers that end a command; the others (Sage unavailable, outcome unknown) are tried again. */
export const isFinal = (result: CommandResult): boolean =>
  result.status === 'ok' || result.status === 'exists' || result.status === 'refused';

const toCommand = (row: Pick<AgentCommandsTable, 'id' | 'key' | 'command'>): AgentCommand => ({
  ...fromJson<CommandSpec>(row.command),
  id: row.id,
  key: row.key,
});

/**
 * Takes the company's pending commands for delivery (pending → sent) and answers them oldest first, so
 * an export's steps and the exports queued while the agent was away reach it in the order they were
 * issued. Each command is taken by one delivery only; a cancelled one never is. With `resend`, commands
 * sent before (to a channel that has since closed) go again: the agent answers a repeat from its journal.
 */
export async function takeCommands(
  db: Kysely<DB>,
  companyId: string,
  now: Date,
  { resend = false } = {},
): Promise<AgentCommand[]> {
  const taken = await db
    .updateTable('agent_commands')
    .set({ status: 'sent', updated_at: now.toISOString() })
    .where('company_id', '=', companyId)
    .where('status', 'in', resend ? ['pending', 'sent'] : ['pending'])
    .returning(['id', 'key', 'command', 'created_at'])
    .execute();
  return taken
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
    .map(toCommand);
}

/** Stores an answer of a command still out; a final one ends it, another leaves it to be issued again. */
export async function storeResult(
  db: Kysely<DB>,
  companyId: string,
  id: string,
  result: CommandResult,
  now: Date,
): Promise<void> {
  await db
    .updateTable('agent_commands')
    .set({
      status: isFinal(result) ? 'done' : 'retry',
      result: toJson(result),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .where('company_id', '=', companyId)
    .where('status', '=', 'sent')
    .execute();
}

/**
 * Cancels the commands of a request that no agent has received yet (it was rejected or retrieved while
 * it waited), in the caller's transaction; answers whether one is out at the agent, being written now.
 */
export async function cancelRequestCommands(
  trx: Kysely<DB>,
  requestId: string,
  now: Date,
): Promise<{ inFlight: boolean }> {
  await trx
    .updateTable('agent_commands')
    .set({ status: 'cancelled', updated_at: now.toISOString() })
    .where('request_id', '=', requestId)
    .where('status', 'in', ['pending', 'retry'])
    .execute();
  const sent = await trx
    .selectFrom('agent_commands')
    .select('id')
    .where('request_id', '=', requestId)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return { inFlight: sent !== undefined };
}
