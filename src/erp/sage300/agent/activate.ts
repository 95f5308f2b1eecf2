import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type Activation, agentPaths } from '../protocol.ts';
import { agentVersion } from './version.ts';

/** `{dataDir}/agent.json`: the pairing. It holds the agent key, so only its owner may read it. */
export interface AgentConfig {
  hub: string;
  agentKey: string;
  companyId: string;
  companyName: string;
  pairedAt: string;
}

export interface ActivateAgentProps {
  /** The hub's base URL, e.g. `https://ledgergate.example.com`. */
  hub: string;
  /** The one-time activation code an ERP admin created. */
  code: string;
  dataDir: string;
}

/** Exchanges an activation code for an agent key and keeps the pairing in the data directory. */
export async function activateAgent({ hub, code, dataDir }: ActivateAgentProps): Promise<AgentConfig> {
  const base = hub.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}${agentPaths.activate}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, version: agentVersion, hostname: hostname() }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`could not reach the hub at ${base} (${cause})`);
  }
  if (response.status !== 201) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
    const why = problem.detail ?? problem.title ?? `it answered ${response.status}`;
    throw new Error(`the hub did not accept the activation code: ${why}`);
  }
  const activation = (await response.json()) as Activation;
  const config: AgentConfig = {
    hub: base,
    agentKey: activation.agentKey,
    companyId: activation.companyId,
    companyName: activation.companyName,
    pairedAt: new Date().toISOString(),
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // A fresh file renamed into place: it is created 0600 even when an older pairing was readable.
  const path = agentConfigPath(dataDir);
  rmSync(`${path}.tmp`, { force: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return config;
}

export function loadAgentConfig(dataDir: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(agentConfigPath(dataDir), 'utf8');
  } catch {
    throw new Error(
      `this agent is not paired (no ${agentConfigPath(dataDir)}): run \`ledgergate agent activate --hub URL --code CODE\` first`,
    );
  }
  return JSON.parse(text) as AgentConfig;
}

function agentConfigPath(dataDir: string): string {
  return join(dataDir, 'agent.json');
}
