import type { ReactNode } from 'react';
import { Button } from './button.tsx';
import { Dialog, DialogActions } from './dialog.tsx';

export interface ConfirmDialogProps {
  title: string;
  isOpen: boolean;
  onClose: () => void;
  /** The question, in full ("Create project 24-002 Oak Street Parking Deck, synced, with its cost codes?"). */
  children: ReactNode;
  /** The primary button repeats the action (UI.md §6, copy rule 3). */
  confirmLabel: string;
  onConfirm: () => void;
  isPending?: boolean;
  /** Why the last attempt failed, as the server said it. */
  error?: string | null | undefined;
  variant?: 'primary' | 'danger';
}

/** A yes/no question before an action that can't be undone from the UI; focus starts on the primary button. */
export function ConfirmDialog({
  title,
  isOpen,
  onClose,
  children,
  confirmLabel,
  onConfirm,
  isPending = false,
  error,
  variant = 'primary',
}: ConfirmDialogProps) {
  return (
    <Dialog title={title} isOpen={isOpen} onClose={onClose} isDismissable={!isPending}>
      <div className="space-y-3 text-sm">
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">
            {error}
          </p>
        )}
        <div>{children}</div>
      </div>
      <DialogActions>
        <Button onPress={onClose} isDisabled={isPending}>
          Cancel
        </Button>
        <Button variant={variant} autoFocus onPress={onConfirm} isPending={isPending}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
