import type { ReactNode } from 'react';
import { type ErpStatus, statusLabels } from '../format/erp.ts';
import { CheckIcon, ClockIcon, DotIcon, ErrorIcon, ReturnIcon, SpinnerIcon } from './icons.tsx';

const tones = {
  grey: 'bg-status-grey-bg text-status-grey',
  blue: 'bg-status-blue-bg text-status-blue',
  red: 'bg-status-red-bg text-status-red',
  green: 'bg-status-green-bg text-status-green',
  yellow: 'bg-status-yellow-bg text-status-yellow',
} as const;

export type BadgeTone = keyof typeof tones;

/** A label with an icon: colour is never the only signal (UI.md §2). */
export function Badge({ tone, icon, children }: { tone: BadgeTone; icon: ReactNode; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[tone]}`}
    >
      {icon}
      {children}
    </span>
  );
}

const looks: Record<ErpStatus, { tone: BadgeTone; icon: ReactNode }> = {
  not_sent: { tone: 'grey', icon: <DotIcon /> },
  ready_to_export: { tone: 'blue', icon: <ClockIcon /> },
  ready_to_update: { tone: 'blue', icon: <ClockIcon /> },
  // The spinner stops under reduced motion; the label still says Exporting….
  exporting: { tone: 'blue', icon: <SpinnerIcon className="animate-spin motion-reduce:animate-none" /> },
  failed: { tone: 'red', icon: <ErrorIcon /> },
  synced: { tone: 'green', icon: <CheckIcon /> },
  rejected: { tone: 'yellow', icon: <ReturnIcon /> },
  retrieved: { tone: 'yellow', icon: <ReturnIcon /> },
};

/** The ERP status of a request or record, as UI.md §2's table shows it. */
export function StatusBadge({ status }: { status: ErpStatus }) {
  const { tone, icon } = looks[status];
  return (
    <Badge tone={tone} icon={icon}>
      {statusLabels[status]}
    </Badge>
  );
}
