import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * The Sage 300 CRE agent's side of the hub (ERP.md §3, issue 15):
 * - `sage_agents`: the one agent paired with a company, its key stored as a hash only, and what its
 *   heartbeats last said (version, Sage's state);
 * - `agent_activation_codes`: one-time pairing codes, hashed, valid 15 minutes;
 * - `agent_commands`: what the hub asked the agent to do, durable and idempotent by key (request id,
 *   step and the key it writes), with the agent's answer; a pending command of a request that is
 *   rejected or retrieved is cancelled before it is ever sent;
 * - `erp_connections.sync_token`: what the ERP's data looked like at the last sync that read it whole
 *   (Sage's newest modification stamp, and the jobs linked then), so an unchanged ERP is not read again.
 */
export function sageAgent(caps: Capabilities) {
  const { timestamp, json } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sage_agents')
        .addColumn('company_id', 'text', (c) => c.primaryKey().references('companies.id'))
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hostname', 'text')
        .addColumn('version', 'text')
        .addColumn('sage_state', json)
        .addColumn('paired_at', timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', timestamp)
        .addColumn('connected', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('agent_activation_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .addColumn('used_at', timestamp)
        .execute();
      await db.schema
        .createTable('agent_commands')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('command', json, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', json)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('agent_commands_key', ['company_id', 'key'])
        .execute();
      await db.schema
        .createIndex('agent_commands_open')
        .on('agent_commands')
        .columns(['company_id', 'status', 'created_at'])
        .execute();
      await db.schema
        .createIndex('agent_commands_request')
        .on('agent_commands')
        .column('request_id')
        .execute();
      await db.schema.alterTable('erp_connections').addColumn('sync_token', 'text').execute();
    },
  };
}
