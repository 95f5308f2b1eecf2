import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ApiError, errorDetail, unwrap, useApi } from '../../api/client.ts';
import { Button } from '../../ui/button.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { type ChangeOrder, changeOrderKeys } from './change-order-queries.ts';

/** UI.md §3's handler for the action's failure: a 403 says what was refused, else the server's words. */
function reverseError(error: unknown): string {
  if (error instanceof ApiError && error.status === 403)
    return `You don't have permission to reverse this change order. ${error.problem.detail}`;
  return errorDetail(error);
}

export interface ReverseChangeOrderProps {
  c: string;
  p: string;
  k: string;
  order: ChangeOrder;
  erp: string;
  /** Synced in the ERP: the only state the server reverses from. */
  reversible: boolean;
  /** After a 409 `invalid_state`: the change order moved on, so show it as it is now. */
  onStale: () => void;
}

/**
 * The correction of a synced change order, which the ERP (and our lock) never changes: a new draft
 * change order with the lines negated, opened at once so it can be checked and sent.
 */
export function ReverseChangeOrder({ c, p, k, order, erp, reversible, onStale }: ReverseChangeOrderProps) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const hintId = useId();
  const [open, setOpen] = useState(false);

  const reverse = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}/reverse', {
          params: { path: { c, p, k, o: order.id } },
          body: {},
        }),
      ),
    // Returned, so the dialog stays pending until the new change order's page is up.
    onSuccess: async (created) => {
      queryClient.setQueryData(changeOrderKeys.one(c, p, k, created.id), created);
      await queryClient.invalidateQueries({ queryKey: changeOrderKeys.list(c, p, k) });
      await navigate({
        to: '/companies/$c/projects/$p/commitments/$k/change-orders/$o',
        params: { c, p, k, o: created.id },
      });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) onStale();
    },
  });

  const close = () => {
    if (reverse.isPending) return;
    reverse.reset();
    setOpen(false);
  };

  return (
    <>
      {reversible && (
        <div className="flex flex-wrap items-center gap-3">
          <Button aria-describedby={hintId} onPress={() => setOpen(true)}>
            Reverse change order
          </Button>
          <p id={hintId} className="text-sm text-gray-800">
            {erp} never changes a synced change order: reverse it with a new change order, then send one with
            the right amounts.
          </p>
        </div>
      )}
      {/* Outside the condition: a 409's refetch may end `reversible`, and its detail must stay readable. */}
      <ConfirmDialog
        title={`Reverse change order ${order.number}`}
        isOpen={open}
        onClose={close}
        confirmLabel="Reverse change order"
        onConfirm={() => reverse.mutate()}
        isPending={reverse.isPending}
        error={reverse.isError ? reverseError(reverse.error) : null}
      >
        Create a draft change order that reverses {order.number}?
      </ConfirmDialog>
    </>
  );
}
