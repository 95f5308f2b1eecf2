import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../../db/json.ts';
import type { DB } from '../../../db/schema.ts';
import { offlineAfterMs, type SageFormat, type SageState } from '../protocol.ts';

export type AgentStatusName = 'awaiting_setup' | 'online' | 'degraded' | 'offline';

export interface AgentStatus {
  status: AgentStatusName;
  lastSeenAt: string | null;
  version: string | null;
  hostname: string | null;
  pairedAt: string | null;
  sage: SageState | null;
}

export interface Presence {
  version: string;
  sage: SageState;
  format?: SageFormat;
}

/**
 * The company's agent as a person reads it: `awaiting_setup` until one is paired, `offline` once no
 * channel has been heard from for 30 s, `degraded` while it is linked but Sage cannot be read or
 * written (a backup lock, Sage's database down), else `online`.
 */
export async function readAgentStatus(db: Kysely<DB>, companyId: string, now: Date): Promise<AgentStatus> {
  const row = await db
    .selectFrom('sage_agents')
    .selectAll()
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (!row) {
    return {
      status: 'awaiting_setup',
      lastSeenAt: null,
      version: null,
      hostname: null,
      pairedAt: null,
      sage: null,
    };
  }
  const sage = fromJson<SageState>(row.sage_state);
  const heard = row.last_seen_at !== null && now.getTime() - Date.parse(row.last_seen_at) < offlineAfterMs;
  const status: AgentStatusName =
    row.connected !== 1 || !heard ? 'offline' : sage?.reachable && sage.writable ? 'online' : 'degraded';
  return {
    status,
    lastSeenAt: row.last_seen_at,
    version: row.version,
    hostname: row.hostname,
    pairedAt: row.paired_at,
    sage,
  };
}

/**
 * Records a hello, heartbeat or poll. The format Sage reports (job and cost code masks, commitment id
 * length) goes into the connection's settings when it changed, so preflight checks what this company's
 * Sage will take.
 */
export async function recordPresence(
  db: Kysely<DB>,
  companyId: string,
  presence: Presence,
  now: Date,
): Promise<void> {
  await db
    .updateTable('sage_agents')
    .set({
      version: presence.version,
      sage_state: toJson(presence.sage),
      last_seen_at: now.toISOString(),
      connected: 1,
    })
    .where('company_id', '=', companyId)
    .execute();
  if (!presence.format) return;
  const connection = await db
    .selectFrom('erp_connections')
    .select(['settings', 'version'])
    .where('company_id', '=', companyId)
    .where('system', '=', 'sage300')
    .executeTakeFirst();
  if (!connection) return;
  const settings = fromJson<Record<string, unknown>>(connection.settings);
  const { jobMask, costCodeMask, commitmentIdLength } = presence.format;
  if (
    settings.jobMask === jobMask &&
    settings.costCodeMask === costCodeMask &&
    settings.commitmentIdLength === commitmentIdLength
  )
    return;
  await db
    .updateTable('erp_connections')
    .set({
      settings: toJson({ ...settings, jobMask, costCodeMask, commitmentIdLength }),
      version: connection.version + 1,
      updated_at: now.toISOString(),
    })
    .where('company_id', '=', companyId)
    .where('version', '=', connection.version)
    .execute();
}

/** The agent's last channel closed on this process. */
export async function recordDisconnect(db: Kysely<DB>, companyId: string): Promise<void> {
  await db.updateTable('sage_agents').set({ connected: 0 }).where('company_id', '=', companyId).execute();
}
