import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorDetail, useApi } from '../../api/client.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { toast } from '../../ui/toasts.tsx';
import { type Webhook, webhookKeys } from './webhook-queries.ts';

/** Confirms `DELETE …/webhooks/{w}`: the webhook stops; its deliveries stay readable. */
export function DeleteWebhookDialog({
  c,
  webhook,
  onClose,
}: {
  c: string;
  webhook: Webhook;
  onClose: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      api.DELETE('/api/v1/companies/{c}/webhooks/{w}', { params: { path: { c, w: webhook.id } } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: webhookKeys.list(c) });
      toast(`Deleted the webhook to ${webhook.url}`);
      onClose();
    },
  });
  return (
    <Dialog title="Delete webhook?" isOpen onClose={onClose} isDismissable={!remove.isPending}>
      <p className="text-sm">
        Delete the webhook to <span className="font-mono">{webhook.url}</span>? Stops deliveries; past
        deliveries stay readable.
      </p>
      {remove.isError && (
        <p role="alert" className="mt-3 text-sm text-red-800">
          {errorDetail(remove.error)}
        </p>
      )}
      <DialogActions>
        <Button onPress={onClose}>Cancel</Button>
        <Button variant="danger" isPending={remove.isPending} onPress={() => remove.mutate()}>
          Delete webhook
        </Button>
      </DialogActions>
    </Dialog>
  );
}
