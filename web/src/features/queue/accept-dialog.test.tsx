import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { AcceptDialog, type AcceptDialogProps } from './accept-dialog.tsx';
import { requestDetail } from './test-fixtures.ts';

const templates = [
  { jobNumber: 'TEMPLATE1', description: 'Commercial Job Template' },
  { jobNumber: 'TEMPLATE2', description: 'Residential Job Template' },
];

function renderDialog(props: Partial<AcceptDialogProps> = {}) {
  const onSubmit = props.onSubmit ?? vi.fn(async () => {});
  render(
    <AcceptDialog
      request={requestDetail()}
      erp="Spectrum"
      customCcoTitle={false}
      templates={templates}
      defaultTemplate="TEMPLATE1"
      mode="accept"
      onClose={() => {}}
      {...props}
      onSubmit={onSubmit}
    />,
  );
  return onSubmit;
}

const unprocessable = (errors: { path: string; message: string }[]) =>
  new ApiError({
    type: 'urn:test',
    title: 'Unprocessable',
    status: 422,
    detail: 'The request does not meet the rules',
    code: 'precondition_failed',
    errors,
  });

describe('AcceptDialog', () => {
  it('defaults the job number to the project number, pre-selected, and the template to the company default', async () => {
    renderDialog();
    const jobId = screen.getByRole('textbox', { name: /Spectrum Job ID/ }) as HTMLInputElement;
    expect(jobId.value).toBe('J1001');
    await waitFor(() => expect(document.activeElement).toBe(jobId));
    expect(jobId.selectionStart).toBe(0);
    expect(jobId.selectionEnd).toBe(5);
    const template = screen.getByRole('combobox', { name: /Select a Job Template/ }) as HTMLInputElement;
    expect(template.value).toBe('TEMPLATE1 — Commercial Job Template');
    expect(screen.getByText('Fields the project leaves blank are taken from the template.')).toBeTruthy();
  });

  it('sends the options with the version when Enter submits', async () => {
    const onSubmit = renderDialog();
    const jobId = screen.getByRole('textbox', { name: /Spectrum Job ID/ });
    await userEvent.clear(jobId);
    await userEvent.type(jobId, '24-010{Enter}');
    expect(onSubmit).toHaveBeenCalledWith({ version: 3, jobNumber: '24-010', jobTemplate: 'TEMPLATE1' });
  });

  it('shows Title and Description for a change order only with the custom CCO feature', () => {
    const cco = requestDetail({
      kind: 'change_order',
      subject: { id: 'o1', label: 'SC-001 / CCO-001 Extra footing' },
      snapshot: {
        id: 'o1',
        projectId: 'p1',
        jobNumber: 'J1001',
        commitment: { id: 'k1', number: 'SC-001', vendorCode: 'ACME' },
        number: 'CCO-001',
        title: 'Extra footing',
        description: 'Deeper footings',
        status: 'approved',
        lines: [],
        total: '0.00',
      },
    });
    const { unmount } = render(
      <AcceptDialog
        request={cco}
        erp="Spectrum"
        customCcoTitle
        templates={[]}
        defaultTemplate={null}
        mode="accept"
        onClose={() => {}}
        onSubmit={async () => {}}
      />,
    );
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Extra footing');
    expect((screen.getByRole('textbox', { name: 'Description' }) as HTMLTextAreaElement).value).toBe(
      'Deeper footings',
    );
    unmount();
    render(
      <AcceptDialog
        request={cco}
        erp="Spectrum"
        customCcoTitle={false}
        templates={[]}
        defaultTemplate={null}
        mode="accept"
        onClose={() => {}}
        onSubmit={async () => {}}
      />,
    );
    expect(screen.queryByRole('textbox', { name: 'Title' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Description' })).toBeNull();
  });

  it('puts a 422 path on its field, focuses it, and lists any other path on top', async () => {
    renderDialog({
      onSubmit: vi.fn(async () => {
        throw unprocessable([
          { path: 'jobNumber', message: 'Job 24-011 already exists in Spectrum' },
          { path: 'costCodes[0]', message: 'Cost code 03-300 is not in Spectrum' },
        ]);
      }),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    const jobId = screen.getByRole('textbox', { name: /Spectrum Job ID/ });
    await waitFor(() => expect(jobId.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = jobId.getAttribute('aria-describedby') ?? '';
    const descriptions = describedBy.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(descriptions).toContain('Job 24-011 already exists in Spectrum');
    expect(document.activeElement).toBe(jobId);
    expect(screen.getByRole('alert').textContent).toContain(
      'costCodes[0]: Cost code 03-300 is not in Spectrum',
    );
  });

  it('shows the pending state while the request is in flight', async () => {
    let finish: () => void = () => {};
    renderDialog({ onSubmit: vi.fn(() => new Promise<void>((resolve) => (finish = resolve))) });
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    const exportButton = screen.getByRole('button', { name: /Export/ });
    expect(
      exportButton.getAttribute('aria-disabled') ?? exportButton.getAttribute('data-pending'),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' }).hasAttribute('disabled')).toBe(true);
    finish();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Cancel' }).hasAttribute('disabled')).toBe(false),
    );
  });

  it('on Retry pre-fills from acceptOptions and marks and focuses the field the ERP named', async () => {
    renderDialog({
      mode: 'retry',
      request: requestDetail({
        status: 'failed',
        acceptOptions: { jobNumber: '24-011', jobTemplate: 'TEMPLATE2' },
        error: { message: 'Job 24-011 already exists', field: 'jobNumber' },
      }),
    });
    const jobId = screen.getByRole('textbox', { name: /Spectrum Job ID/ }) as HTMLInputElement;
    expect(jobId.value).toBe('24-011');
    expect(jobId.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(jobId));
    expect(screen.getAllByRole('alert')[0]?.textContent).toContain('Job 24-011 already exists');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
