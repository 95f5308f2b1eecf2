import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorDetail, unwrap, useApi } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { type Webhook, webhookKeys } from './webhook-queries.ts';

export type RotatedSecret =
  paths['/api/v1/companies/{c}/webhooks/{w}/rotate-secret']['post']['responses'][200]['content']['application/json'];

/**
 * Confirms `POST …/webhooks/{w}/rotate-secret`; the answer (the new secret, shown once, and until when the
 * old one still signs) goes to `onRotated`.
 */
export function RotateSecretDialog({
  c,
  webhook,
  onClose,
  onRotated,
}: {
  c: string;
  webhook: Webhook;
  onClose: () => void;
  onRotated: (rotated: RotatedSecret) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const rotate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/companies/{c}/webhooks/{w}/rotate-secret', {
          params: { path: { c, w: webhook.id } },
          body: {},
        }),
      ),
    onSuccess: onRotated,
    onError: (error) => {
      // Deleted meanwhile: the page then shows it as deleted, without this action.
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: webhookKeys.list(c) });
    },
  });
  return (
    <ConfirmDialog
      title="Rotate secret?"
      isOpen
      onClose={() => !rotate.isPending && onClose()}
      confirmLabel="Rotate secret"
      onConfirm={() => rotate.mutate()}
      isPending={rotate.isPending}
      error={rotate.isError ? errorDetail(rotate.error) : null}
    >
      <p>
        Rotate the signing secret of <span className="font-mono">{webhook.url}</span>? Deliveries are signed
        with a new secret from now on. For 24 hours they also carry a signature made with the old secret, so
        your receiver keeps verifying them while you switch it to the new one. Only the last two secrets sign:
        a secret older than that stops at once.
      </p>
    </ConfirmDialog>
  );
}
