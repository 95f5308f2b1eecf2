import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorDetail } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { TextField } from '../../ui/text-field.tsx';

export const MAX_COMMENT = 2000;

export interface RejectDialogProps {
  /** "Reject Riverside Clinic", or "Reject 3 items" for bulk. */
  title: string;
  /** Who is emailed: the sender, and for projects also the project's creator. */
  help: string;
  onSubmit: (comment: string) => Promise<void>;
  onClose: () => void;
}

/** "{sender} is emailed your comment and the record becomes editable again" (S3 Reject). */
export function rejectHelp(sender: string, kind: string): string {
  return `${sender}${kind === 'project' ? " and the project's creator" : ''} ${kind === 'project' ? 'are' : 'is'} emailed your comment and the record becomes editable again.`;
}

/** Reject (S3): Enter a Comment, required, ≤ 2000 characters with a live counter; Reject stays enabled. */
export function RejectDialog({ title, help, onSubmit, onClose }: RejectDialogProps) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  // Focus starts in the comment (S3; E25's R puts focus there).
  useEffect(() => ref.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (comment.trim() === '') {
      setError('Enter a comment to reject.');
      ref.current?.focus();
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      await onSubmit(comment.trim());
    } catch (e) {
      setError(errorDetail(e));
      ref.current?.focus();
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog title={title} isOpen onClose={onClose} isDismissable={!pending}>
      <form onSubmit={submit} noValidate>
        <TextField
          label={copy.enterAComment}
          value={comment}
          onChange={(value) => {
            setComment(value);
            if (error) setError(undefined);
          }}
          isRequired
          multiline
          autoFocus
          maxLength={MAX_COMMENT}
          error={error}
          description={help}
          inputRef={ref}
        />
        <p className="mt-1 text-right text-xs text-gray-600" aria-live="polite">
          {comment.length.toLocaleString('en-US')} / {MAX_COMMENT.toLocaleString('en-US')} characters
        </p>
        <DialogActions>
          <Button onPress={onClose} isDisabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" isPending={pending}>
            {copy.reject}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
