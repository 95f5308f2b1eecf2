import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from './button.tsx';

export interface DialogProps {
  title: string;
  isOpen: boolean;
  onClose: () => void;
  children: ReactNode;
  /** Wider for tables (View Requested Updates, bulk results). */
  wide?: boolean;
  /** While a request is in flight the dialog stays open (Esc and outside clicks do nothing). */
  isDismissable?: boolean;
}

/**
 * React Aria's `Modal` + `Dialog` with a visible title and a close (×) button (UI.md S3): focus moves in,
 * stays inside, Esc closes, and focus returns to what had it before (the row or the trigger).
 */
export function Dialog({
  title,
  isOpen,
  onClose,
  children,
  wide = false,
  isDismissable = true,
}: DialogProps) {
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      isDismissable={isDismissable}
      isKeyboardDismissDisabled={!isDismissable}
      className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-black/30 p-4 pt-[10vh]"
    >
      <Modal
        className={`w-full ${wide ? 'max-w-3xl' : 'max-w-lg'} rounded-lg bg-white shadow-xl outline-none`}
      >
        <AriaDialog className="relative p-5 outline-none">
          <div className="mb-4 flex items-start justify-between gap-4">
            <Heading slot="title" className="text-lg font-semibold">
              {title}
            </Heading>
            <Button variant="quiet" aria-label="Close" onPress={onClose} className="-mr-2 -mt-1">
              <span aria-hidden="true">×</span>
            </Button>
          </div>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

/** A dialog's buttons, primary last. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="mt-5 flex justify-end gap-2">{children}</div>;
}
