import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentCommand, SageFormat, SageState } from '../protocol.ts';
import { loadAgentConfig } from './activate.ts';
import { createExecutor } from './executor.ts';
import { type AgentLog, type LinkState, openHubChannel, type Transport } from './hub-channel.ts';
import { Journal } from './journal.ts';
import { simulatedSageBackend } from './simulated-sage-backend.ts';

export interface AgentOptions {
  /** Holds `agent.json` (the pairing) and `journal.sqlite`. */
  dataDir: string;
  /** The Sage company's local interface (the simulated company's URL). */
  sageUrl: string;
  /** Default `auto`: WebSocket, falling back to long polling. */
  transport?: Transport;
  /** How long a Sage call may take; default 30 s. */
  sageTimeoutMs?: number;
  /** Commands run at the same time; default 4. */
  concurrency?: number;
  log?: AgentLog;
  /** Default every 10 s (protocol.ts); shorter in tests. */
  heartbeatMs?: number;
}

export interface AgentStatus {
  hub: string;
  companyName: string;
  link: LinkState;
  /** Sage's state at the last hello or heartbeat. */
  sage: SageState | undefined;
  running: number;
  queued: number;
}

export interface RunningAgent {
  /** Takes no new commands, lets running ones finish (up to 10 s), then closes the link and the journal. */
  stop(): Promise<void>;
  status(): AgentStatus;
  /** Settles when the agent has stopped: `unpaired` when the hub refused its key. */
  ended: Promise<'stopped' | 'unpaired'>;
}

/** How long a heartbeat waits for Sage's state: a hung Sage must not stop the agent saying it is alive. */
const stateTimeoutMs = 5_000;
const drainMs = 10_000;

/** `ledgergate agent run`, startable in-process (the demo and tests run it so). */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const log = options.log ?? consoleLog;
  const config = loadAgentConfig(options.dataDir);
  const concurrency = options.concurrency ?? 4;
  const journal = new Journal(options.dataDir);
  const backend = simulatedSageBackend(options.sageUrl, options.sageTimeoutMs);
  const executor = createExecutor(backend, journal);

  let sage: SageState | undefined;
  async function sageStatus(): Promise<{ sage: SageState; format?: SageFormat }> {
    const state = await executor.sageState(stateTimeoutMs);
    if (sage?.reachable !== state.reachable || sage?.writable !== state.writable) {
      log.info(`Sage at ${options.sageUrl}: ${describeState(state)}`);
    }
    sage = state;
    return { sage: state, format: state.reachable ? await executor.sageFormat() : undefined };
  }

  const queue: AgentCommand[] = [];
  /** Ids queued or running: a command the hub sends again meanwhile is answered once, when it ends. */
  const pending = new Set<string>();
  const running = new Set<Promise<void>>();
  let accepting = true;

  function pump(): void {
    while (accepting && running.size < concurrency && queue.length) {
      const command = queue.shift()!;
      const run = executor
        .run(command)
        .then((result) => {
          log.info(`${command.op} ${command.table ?? ''} ${command.key}: ${result.status}`);
          channel.send({ id: command.id, key: command.key, result });
        })
        .finally(() => {
          pending.delete(command.id);
          running.delete(run);
          pump();
        });
      running.add(run);
    }
  }

  const channel = openHubChannel({
    hub: config.hub,
    agentKey: config.agentKey,
    transport: options.transport ?? 'auto',
    status: sageStatus,
    heartbeatMs: options.heartbeatMs,
    log,
    onCommand(command) {
      if (!accepting || pending.has(command.id)) return;
      pending.add(command.id);
      queue.push(command);
      pump();
    },
  });
  log.info(`agent for ${config.companyName} started; hub ${config.hub}`);

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      accepting = false;
      // Not started: the hub sends them again on the next connection.
      queue.length = 0;
      await Promise.race([Promise.all(running), sleep(drainMs, undefined, { ref: false })]);
      await channel.close();
      journal.close();
    })();
    return stopping;
  }

  const ended = channel.ended.then(async (how) => {
    await stop();
    return how === 'unpaired' ? ('unpaired' as const) : ('stopped' as const);
  });

  return {
    stop,
    ended,
    status: () => ({
      hub: config.hub,
      companyName: config.companyName,
      link: channel.state(),
      sage,
      running: running.size,
      queued: queue.length,
    }),
  };
}

function describeState(state: SageState): string {
  if (!state.reachable) return `not reachable (${state.reason ?? 'no reason given'})`;
  return state.writable
    ? 'reachable and writable'
    : `reachable, not writable (${state.reason ?? 'no reason given'})`;
}

const consoleLog: AgentLog = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};
