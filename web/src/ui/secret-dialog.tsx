import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Button } from './button.tsx';
import { Dialog, DialogActions } from './dialog.tsx';

/** A secret the server shows this once (a webhook's signing secret, an API token), with Copy. */
export function SecretDialog({
  title,
  label,
  secret,
  onClose,
  children,
}: {
  title: string;
  label: string;
  secret: string;
  onClose: () => void;
  /** What else to know about it (until when a rotated secret's predecessor still works). */
  children?: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // Focus starts on the secret, selected, ready to copy (UI.md S3: the first field).
  useEffect(() => field.current?.focus(), []);
  return (
    <Dialog title={title} isOpen onClose={onClose}>
      <div className="space-y-3">
        <p className="text-sm font-medium">Store it now; it won't be shown again.</p>
        <label className="block text-sm font-medium">
          {label}
          <input
            ref={field}
            readOnly
            value={secret}
            onFocus={(event) => event.currentTarget.select()}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-gray-50 px-2 py-1.5 font-mono text-sm"
          />
        </label>
        {children}
        <p role="status" className="text-sm text-gray-700">
          {copied ? 'Copied to the clipboard.' : ''}
        </p>
      </div>
      <DialogActions>
        <Button
          onPress={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
        >
          Copy
        </Button>
        <Button variant="primary" onPress={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
