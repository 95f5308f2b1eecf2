import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { copy } from '../../copy.ts';
import { erpName } from '../../format/erp.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { toast } from '../../ui/toasts.tsx';
import { AcceptDialog } from './accept-dialog.tsx';
import { useQueueActions } from './queue-actions.ts';
import { jobTemplatesQuery, requestQuery } from './queue-queries.ts';
import { RejectDialog, rejectHelp } from './reject-dialog.tsx';
import { RequestedUpdatesDialog } from './requested-updates.tsx';

type Company = paths['/api/v1/companies/{c}']['get']['responses'][200]['content']['application/json'];
export type QueueDialogType = 'accept' | 'retry' | 'reject' | 'view';
export interface OpenDialog {
  type: QueueDialogType;
  id: string;
}

/** The S3 dialog open in the queue or S4, loading the request's detail first. */
export function QueueDialogs({
  company,
  open,
  onOpen,
  onClose,
}: {
  company: Company;
  open: OpenDialog;
  onOpen: (dialog: OpenDialog) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const c = company.id;
  const erp = erpName(company.erpSystem);
  // Always this request as it is now: a cached detail may predate its failure (no `error` for Retry to
  // mark, E7) or carry an old version; a failed refetch falls back to the cached one.
  const [openedAt] = useState(() => Date.now());
  const request = useQuery({ ...requestQuery(api, c, open.id), refetchOnMount: 'always' });
  const templates = useQuery({
    ...jobTemplatesQuery(api, c),
    enabled: open.type === 'accept' || open.type === 'retry',
  });
  const actions = useQueueActions(c);
  const queryClient = useQueryClient();
  const money = { locale: company.settings.locale, currency: company.settings.currency };

  const detail = request.dataUpdatedAt >= openedAt || request.isError ? request.data : undefined;
  if (
    !detail ||
    ((open.type === 'accept' || open.type === 'retry') && templates.isPending && detail.kind === 'project')
  ) {
    return (
      <Dialog title="Loading…" isOpen onClose={onClose}>
        <p aria-busy="true" className="text-sm text-gray-700">
          {request.error ? request.error.message : 'Loading the request…'}
        </p>
      </Dialog>
    );
  }
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['c', c, 'erp-requests'] });

  if (open.type === 'accept' || open.type === 'retry') {
    return (
      <AcceptDialog
        request={detail}
        erp={erp}
        customCcoTitle={company.features.customCcoTitle}
        templates={templates.data ?? []}
        defaultTemplate={company.settings.defaultJobTemplate}
        money={money}
        mode={open.type}
        onClose={onClose}
        onViewRequestedUpdates={() => onOpen({ type: 'view', id: open.id })}
        onSubmit={async (body) => {
          try {
            await (open.type === 'retry' ? actions.retry(detail, body) : actions.accept(detail, body));
          } catch (error) {
            void refresh();
            throw error;
          }
          toast(
            detail.status === 'ready_to_update'
              ? `Updating ${detail.subject.label} in ${erp}`
              : `Accepted — exporting to ${erp}`,
          );
          onClose();
        }}
      />
    );
  }
  if (open.type === 'reject') {
    return (
      <RejectDialog
        title={`${copy.reject} ${detail.subject.label}`}
        help={rejectHelp(detail.sender.email, detail.kind)}
        onClose={onClose}
        onSubmit={async (comment) => {
          try {
            await actions.reject(detail, comment);
          } catch (error) {
            void refresh();
            throw error;
          }
          toast(`Rejected ${detail.subject.label}`);
          onClose();
        }}
      />
    );
  }
  return <RequestedUpdatesDialog request={detail} erp={erp} money={money} onClose={onClose} />;
}
