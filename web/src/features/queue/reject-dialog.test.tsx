import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RejectDialog, rejectHelp } from './reject-dialog.tsx';

const renderDialog = (onSubmit = vi.fn(async (_comment: string) => {})) => {
  render(
    <RejectDialog
      title="Reject J1001 Riverside Clinic"
      help={rejectHelp('pm@demo.test', 'project')}
      onSubmit={onSubmit}
      onClose={() => {}}
    />,
  );
  return onSubmit;
};

describe('RejectDialog', () => {
  it('starts with focus in the comment', async () => {
    renderDialog();
    const comment = screen.getByRole('textbox', { name: /Enter a Comment/ });
    await waitFor(() => expect(document.activeElement).toBe(comment));
    expect(screen.getByText(/pm@demo.test and the project's creator are emailed your comment/)).toBeTruthy();
  });

  it('refuses an empty comment with the button still enabled', async () => {
    const onSubmit = renderDialog();
    const reject = screen.getByRole('button', { name: 'Reject' });
    expect(reject.hasAttribute('disabled')).toBe(false);
    await userEvent.click(reject);
    expect(await screen.findByText('Enter a comment to reject.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: /Enter a Comment/ }).getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it('counts characters up to 2,000 and sends the comment', async () => {
    const onSubmit = renderDialog();
    expect(screen.getByText('0 / 2,000 characters')).toBeTruthy();
    const comment = screen.getByRole('textbox', { name: /Enter a Comment/ });
    expect(comment.getAttribute('maxlength')).toBe('2000');
    await userEvent.type(comment, 'Wrong job');
    expect(screen.getByText('9 / 2,000 characters')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(onSubmit).toHaveBeenCalledWith('Wrong job');
  });
});
