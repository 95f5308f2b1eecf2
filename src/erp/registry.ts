import DataLoader from 'dataloader';
import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../db/json.ts';
import type { DB, ErpConnectionsTable } from '../db/schema.ts';
import type { SpectrumConnectionSecrets, SpectrumConnectionSettings } from '../domain/erp-connection.ts';
import type { OutboundRules } from '../security/outbound-policy.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { type ErpConnector, NotConnectedErpError } from './connector.ts';
import { createSage300Connector } from './sage300/connector.ts';
import type { AgentHub } from './sage300/hub/agent-hub.ts';
import type { Sage300Settings } from './sage300/rules.ts';
import { createAnswerMemory } from './spectrum/answer-memory.ts';
import { createSpectrumConnector } from './spectrum/connector.ts';

/** How workflows reach a company's ERP: through its stored connection, never a global. */
export interface ErpConnectors {
  /**
   * The connector for the company's connection; NotConnectedErpError when there is none yet. A caller
   * that read the connection's version along with its own data passes it: the connector of that
   * version, when kept, is answered without reading the connection again.
   */
  forCompany(companyId: string, knownVersion?: number | null): Promise<ErpConnector>;
}

/**
 * Builds connectors from the stored connections (secrets opened here, in memory only) and keeps one per
 * company and connection version, so keep-alive sockets are reused across exports. The connection is
 * read on every call (it may have changed) unless the caller knows its version; calls made together
 * share one read. Their Get answers are remembered in one memory, whatever the number of companies.
 */
export function createErpConnectors(
  db: Kysely<DB>,
  secrets: SecretBox,
  agents: { hub: AgentHub; timeoutMs?: number },
  outbound: OutboundRules,
): ErpConnectors {
  const cache = new Map<string, { version: number; connector: ErpConnector }>();
  const answers = createAnswerMemory();
  const connections = new DataLoader<string, Selectable<ErpConnectionsTable> | undefined>(
    async (companyIds) => {
      const rows = await db
        .selectFrom('erp_connections')
        .selectAll()
        .where('company_id', 'in', companyIds)
        .execute();
      return companyIds.map((id) => rows.find((row) => row.company_id === id));
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );
  /** The connector kept for the company's connection at `version`, if any. */
  const kept = (companyId: string, version: number | null | undefined) => {
    const entry = cache.get(companyId);
    return entry !== undefined && entry.version === version ? entry.connector : undefined;
  };
  return {
    async forCompany(companyId, knownVersion) {
      const known = kept(companyId, knownVersion);
      if (known) return known;
      const row = await connections.load(companyId);
      if (!row) throw new NotConnectedErpError('No ERP connection is set for this company');
      const current = kept(companyId, row.version);
      if (current) return current;
      if (row.system === 'sage300') {
        const connector = createSage300Connector({
          hub: agents.hub,
          companyId,
          settings: fromJson<Sage300Settings>(row.settings),
          timeoutMs: agents.timeoutMs,
        });
        cache.set(companyId, { version: row.version, connector });
        return connector;
      }
      const { clientId, ...settings } = fromJson<SpectrumConnectionSettings>(row.settings);
      const { authorizationId, clientSecret } = fromJson<SpectrumConnectionSecrets>(
        secrets.open(row.secrets),
      );
      const connector = createSpectrumConnector({
        ...settings,
        authorizationId,
        answers,
        outbound,
        ...(clientId && clientSecret ? { oauth: { clientId, clientSecret } } : {}),
      });
      cache.set(companyId, { version: row.version, connector });
      return connector;
    },
  };
}
