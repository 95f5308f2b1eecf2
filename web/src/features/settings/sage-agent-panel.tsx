import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { ApiError, errorDetail, unwrap, useApi } from '../../api/client.ts';
import { type DateFormat, formatInstant } from '../../format/dates.ts';
import { Badge, type BadgeTone } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { CheckIcon, DotIcon, ErrorIcon } from '../../ui/icons.tsx';
import { toast } from '../../ui/toasts.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { agentQuery, type SageAgent, settingsKeys } from './settings-queries.ts';

/** UI.md §3's handler for a failed action: a 403 says what was refused, else the server's words as written. */
function actionError(error: unknown, what: string): string {
  if (!(error instanceof ApiError)) return errorDetail(error);
  const { problem } = error;
  if (problem.status === 403) return `You don't have permission to ${what}. ${problem.detail}`;
  return [problem.detail, ...(problem.errors ?? []).map((e) => e.message)].join(' ');
}

function Instant({ iso, dates }: { iso: string; dates: DateFormat }) {
  const text = formatInstant(iso, dates);
  return (
    <time dateTime={iso} title={text}>
      {text}
    </time>
  );
}

const looks: Record<SageAgent['status'], { tone: BadgeTone; icon: ReactNode }> = {
  awaiting_setup: { tone: 'grey', icon: <DotIcon /> },
  online: { tone: 'green', icon: <CheckIcon /> },
  degraded: { tone: 'yellow', icon: <ErrorIcon /> },
  offline: { tone: 'red', icon: <ErrorIcon /> },
};

/** What the agent last said of Sage: the agent's own reason when Sage is not fully usable. */
function sageWords(sage: NonNullable<SageAgent['sage']>, erp: string): string {
  if (sage.reachable && sage.writable) return `${erp} reachable, takes writes`;
  if (sage.reason) return sage.reason;
  return sage.reachable ? `${erp} is reachable but takes no writes` : `${erp} can't be reached`;
}

function StatusWords({ agent, erp, dates }: { agent: SageAgent; erp: string; dates: DateFormat }) {
  switch (agent.status) {
    case 'awaiting_setup':
      return 'Awaiting setup';
    case 'online':
      return 'Online';
    case 'degraded':
      return `Degraded: ${agent.sage ? sageWords(agent.sage, erp) : `${erp} can't be reached`}`;
    case 'offline':
      return agent.lastSeenAt ? (
        <>
          Offline since <Instant iso={agent.lastSeenAt} dates={dates} />
        </>
      ) : (
        'Offline, never connected'
      );
  }
}

/**
 * The Sage 300 CRE agent of ERP.md §3 on the ERP connection page: its status (polled, as nothing else
 * tells the page of an agent coming or going), pairing by a one-time activation code, and unpairing.
 */
export function SageAgentPanel({ c }: { c: string }) {
  const { erp, dates } = useCompanyContext(c);
  const agent = useQuery(agentQuery(useApi(), c));
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="sage-agent-heading" className="space-y-3 border-t border-gray-200 pt-4">
      <h2 id="sage-agent-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
        Sage agent
      </h2>
      <p className="text-sm text-gray-700">
        {erp} runs on your own server, so Ledgergate reaches it through an agent installed beside it that
        connects out to Ledgergate.
      </p>
      {agent.data ? (
        <AgentStatus agent={agent.data} erp={erp} dates={dates} />
      ) : agent.isError ? (
        <ErrorState detail={errorDetail(agent.error)} onRetry={() => agent.refetch()} />
      ) : (
        <div aria-busy="true" className="h-16 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
      )}
      <ActivationCode c={c} dates={dates} />
      {agent.data && agent.data.status !== 'awaiting_setup' && (
        <Unpair c={c} agent={agent.data} erp={erp} heading={heading} />
      )}
    </section>
  );
}

function AgentStatus({ agent, erp, dates }: { agent: SageAgent; erp: string; dates: DateFormat }) {
  const { tone, icon } = looks[agent.status];
  return (
    <div className="space-y-1 text-sm">
      {/* A live region kept mounted across polls, so a change the 5 s poll sees (Online → Offline) is announced. */}
      <p role="status" aria-label="Sage agent status">
        <Badge tone={tone} icon={icon}>
          <StatusWords agent={agent} erp={erp} dates={dates} />
        </Badge>
      </p>
      {agent.status === 'awaiting_setup' ? (
        <p className="text-gray-700">
          No agent is paired. Create an activation code, then run the commands it shows on the server where{' '}
          {erp} runs.
        </p>
      ) : (
        <ul className="space-y-0.5 text-gray-700">
          {agent.hostname && <li>Server: {agent.hostname}</li>}
          {agent.version && <li>Agent version: {agent.version}</li>}
          {agent.pairedAt && (
            <li>
              Paired <Instant iso={agent.pairedAt} dates={dates} />
            </li>
          )}
          {agent.sage && <li>{sageWords(agent.sage, erp)}</li>}
        </ul>
      )}
    </div>
  );
}

/** Creates a one-time code and shows it, with the agent's commands, this once: the server keeps only its hash. */
function ActivationCode({ c, dates }: { c: string; dates: DateFormat }) {
  const api = useApi();
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/companies/{c}/erp/agent/activation-codes', { params: { path: { c } }, body: {} }),
      ),
    onSuccess: () => setCopied(false),
  });
  const commands = create.data
    ? [
        // The agent dials out to this very server, by the address the admin reached it at.
        `ledgergate agent activate --hub ${window.location.origin} --code ${create.data.code}`,
        'ledgergate agent run --sage <Sage company URL>',
      ].join('\n')
    : '';
  return (
    <div className="space-y-2">
      {create.isError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {actionError(create.error, 'create an activation code')}
        </p>
      )}
      <Button onPress={() => create.mutate()} isPending={create.isPending}>
        Create activation code
      </Button>
      <div role="status" aria-label="Activation code" className="space-y-2 text-sm">
        {create.data && (
          <>
            <p>
              Activation code <strong className="font-mono">{create.data.code}</strong>, valid until{' '}
              <Instant iso={create.data.expiresAt} dates={dates} />.
            </p>
            <p>
              The code works once, for 15 minutes, and won't be shown again: run these commands on the Sage
              server now.
            </p>
            <pre className="overflow-x-auto rounded-md border border-gray-300 bg-gray-50 p-2 font-mono text-xs">
              {commands}
            </pre>
            <div className="flex items-center gap-3">
              <Button
                onPress={async () => {
                  await navigator.clipboard.writeText(commands);
                  setCopied(true);
                }}
              >
                Copy
              </Button>
              {copied && <span className="text-gray-700">Copied to the clipboard.</span>}
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * Unpair agent, behind a confirmation. Unpairing removes this control with the paired agent, so the
 * heading takes the focus the dialog would have given back to it.
 */
function Unpair({
  c,
  agent,
  erp,
  heading,
}: {
  c: string;
  agent: SageAgent;
  erp: string;
  heading: RefObject<HTMLHeadingElement | null>;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unpair = useMutation({
    mutationFn: async () => {
      try {
        await api.DELETE('/api/v1/companies/{c}/erp/agent', { params: { path: { c } } });
      } catch (error) {
        // 404: another admin unpaired it meanwhile, which is what was asked.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      await queryClient.invalidateQueries({ queryKey: settingsKeys.agent(c) });
    },
    onSuccess: () => {
      setOpen(false);
      toast('Sage agent unpaired');
    },
  });
  useEffect(
    () => () => {
      // After React Aria's own restore (scheduled as the modal unmounts) to a trigger that is gone.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (heading.current?.isConnected && (active === null || active === document.body))
          heading.current.focus();
      });
    },
    [heading],
  );
  return (
    <>
      <Button variant="danger" onPress={() => setOpen(true)}>
        Unpair agent
      </Button>
      <ConfirmDialog
        title="Unpair the Sage agent?"
        isOpen={open}
        onClose={() => {
          if (unpair.isPending) return;
          unpair.reset();
          setOpen(false);
        }}
        confirmLabel="Unpair"
        variant="danger"
        onConfirm={() => unpair.mutate()}
        isPending={unpair.isPending}
        error={unpair.isError ? actionError(unpair.error, 'unpair the Sage agent') : null}
      >
        The agent{agent.hostname ? ` on ${agent.hostname}` : ''} stops working at once. Exports to {erp} wait
        until an agent is paired again with a new activation code.
      </ConfirmDialog>
    </>
  );
}
