import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, errorDetail, type ProblemError } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { formatMoney, type MoneyFormat } from '../../format/money.ts';
import { Button } from '../../ui/button.tsx';
import { ComboBox } from '../../ui/combo-box.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { PreflightProblems } from './preflight-list.tsx';
import type { RequestDetail } from './queue-queries.ts';
import { type AcceptOptions, snapshotLines, updateSummary } from './request-shapes.ts';

type FieldName = 'jobNumber' | 'jobTemplate' | 'vendorCode' | 'title' | 'description';
const fieldNames = new Set<string>(['jobNumber', 'jobTemplate', 'vendorCode', 'title', 'description']);

export interface JobTemplate {
  jobNumber: string;
  description: string;
}

export interface AcceptDialogProps {
  request: RequestDetail;
  erp: string;
  customCcoTitle: boolean;
  templates: JobTemplate[];
  defaultTemplate: string | null;
  money?: MoneyFormat;
  /** `retry`: the fields pre-filled from `acceptOptions`, the ERP's message on top (S3 Retry). */
  mode: 'accept' | 'retry';
  onSubmit: (options: AcceptOptions & { version: number }) => Promise<void>;
  onClose: () => void;
  onViewRequestedUpdates?: () => void;
}

/**
 * Accept (button Export), Update for `ready_to_update`, and Retry (S3): the fields by kind, the
 * preflight problems above them, and a 422's `errors[].path` on its field (any other path on top).
 */
export function AcceptDialog({
  request,
  erp,
  customCcoTitle,
  templates,
  defaultTemplate,
  money,
  mode,
  onSubmit,
  onClose,
  onViewRequestedUpdates,
}: AcceptDialogProps) {
  const options: AcceptOptions = (mode === 'retry' && request.acceptOptions) || {};
  const order = request.kind === 'change_order' ? request.snapshot : undefined;
  const isUpdate = request.status === 'ready_to_update';
  const kind = request.kind;
  const showProject = kind === 'project' && !isUpdate;
  const showVendor = kind === 'vendor' && !isUpdate;
  const showCco = kind === 'change_order' && customCcoTitle;

  const [jobNumber, setJobNumber] = useState(
    options.jobNumber ?? (request.kind === 'project' ? request.snapshot.number : null) ?? '',
  );
  const [jobTemplate, setJobTemplate] = useState<string | null>(options.jobTemplate ?? defaultTemplate);
  const [vendorCode, setVendorCode] = useState(options.vendorCode ?? '');
  const [title, setTitle] = useState(options.title ?? order?.title ?? '');
  const [description, setDescription] = useState(options.description ?? order?.description ?? '');
  const erpField =
    mode === 'retry' && request.error?.field && fieldNames.has(request.error.field)
      ? (request.error.field as FieldName)
      : undefined;
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>(
    erpField ? { [erpField]: request.error?.message ?? '' } : {},
  );
  const [topErrors, setTopErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const jobNumberRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const vendorRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const titleRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const descriptionRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const templateRef = useRef<HTMLInputElement>(null);
  const refs: Record<FieldName, { current: HTMLElement | null }> = {
    jobNumber: jobNumberRef,
    jobTemplate: templateRef,
    vendorCode: vendorRef,
    title: titleRef,
    description: descriptionRef,
  };

  // Focus starts in the first field, its value pre-selected; on Retry, in the field the ERP named.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the dialog opens.
  useEffect(() => {
    const first = erpField
      ? refs[erpField].current
      : (jobNumberRef.current ?? vendorRef.current ?? titleRef.current);
    if (first) {
      first.focus();
      if (first instanceof HTMLInputElement) first.select();
    }
  }, []);

  // A field error is the input's native validity too (`:invalid`), not only `aria-invalid` (E7).
  useEffect(() => {
    for (const name of Object.keys(refs) as FieldName[]) {
      const field = refs[name].current;
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)
        field.setCustomValidity(fieldErrors[name] ?? '');
    }
  });

  const focusFirstInvalid = (errors: Partial<Record<FieldName, string>>) => {
    const first = (Object.keys(refs) as FieldName[]).find((name) => errors[name] !== undefined);
    if (first) refs[first].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const body: AcceptOptions & { version: number } = { version: request.version };
    if (showProject) {
      if (jobNumber.trim()) body.jobNumber = jobNumber.trim();
      if (jobTemplate) body.jobTemplate = jobTemplate;
    }
    if (showVendor && vendorCode.trim()) body.vendorCode = vendorCode.trim();
    if (showCco) {
      body.title = title;
      body.description = description;
    }
    setPending(true);
    setTopErrors([]);
    try {
      await onSubmit(body);
    } catch (error) {
      const errors: ProblemError[] = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      const onFields: Partial<Record<FieldName, string>> = {};
      const elsewhere: string[] = [];
      for (const e of errors) {
        if (fieldNames.has(e.path) && refs[e.path as FieldName].current)
          onFields[e.path as FieldName] = e.message;
        else elsewhere.push(e.path ? `${e.path}: ${e.message}` : e.message);
      }
      setFieldErrors(onFields);
      setTopErrors(errors.length === 0 || elsewhere.length > 0 ? [errorDetail(error), ...elsewhere] : []);
      focusFirstInvalid(onFields);
    } finally {
      setPending(false);
    }
  };

  const label = request.subject.label;
  const dialogTitle = isUpdate
    ? `Update ${label} in ${erp}?`
    : mode === 'retry'
      ? `Retry ${label}`
      : `Accept ${label}`;
  const primary = isUpdate ? copy.update : mode === 'retry' ? copy.retry : copy.export;
  const lines = snapshotLines(request);
  const total = 'total' in request.snapshot ? formatMoney(request.snapshot.total, money) : undefined;

  return (
    <Dialog title={dialogTitle} isOpen onClose={onClose} isDismissable={!pending}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {mode === 'retry' && request.error && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <p>{request.error.message}</p>
            {request.error.field && <p>Field: {request.error.field}</p>}
          </div>
        )}
        {topErrors.length > 0 && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <ul className="ml-5 list-disc">
              {topErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        )}
        {!isUpdate && <PreflightProblems preflight={request.preflight} erp={erp} />}
        {isUpdate && (
          <div className="space-y-2 text-sm">
            <p>{updateSummary(request)}</p>
            {onViewRequestedUpdates && (
              <Button
                variant="quiet"
                className="px-0 text-blue-800 underline"
                onPress={onViewRequestedUpdates}
              >
                {copy.viewRequestedUpdates}
              </Button>
            )}
          </div>
        )}
        {showProject && (
          <>
            <TextField
              label={`${erp} Job ID`}
              value={jobNumber}
              onChange={setJobNumber}
              isRequired
              error={fieldErrors.jobNumber}
              inputRef={jobNumberRef}
            />
            <ComboBox
              label={copy.selectAJobTemplate}
              items={templates.map((t) => ({ id: t.jobNumber, label: `${t.jobNumber} — ${t.description}` }))}
              selectedKey={jobTemplate}
              onSelectionChange={setJobTemplate}
              error={fieldErrors.jobTemplate}
              description="Fields the project leaves blank are taken from the template."
              inputRef={templateRef}
            />
          </>
        )}
        {showVendor && (
          <TextField
            label={`${erp} vendor code`}
            value={vendorCode}
            onChange={setVendorCode}
            error={fieldErrors.vendorCode}
            description="Leave blank to derive it from the name (capital letters and digits)."
            inputRef={vendorRef}
          />
        )}
        {showCco && (
          <>
            <TextField
              label="Title"
              value={title}
              onChange={setTitle}
              error={fieldErrors.title}
              inputRef={titleRef}
            />
            <TextField
              label="Description"
              value={description}
              onChange={setDescription}
              error={fieldErrors.description}
              multiline
              inputRef={descriptionRef}
            />
          </>
        )}
        {!isUpdate && kind === 'budget' && (
          <p className="text-sm">
            {lines.length.toLocaleString('en-US')} {lines.length === 1 ? 'line' : 'lines'}
            {total && ` · total ${total}`}
          </p>
        )}
        {!isUpdate && request.kind === 'commitment' && (
          <p className="text-sm">
            {[request.snapshot.vendor.name, request.snapshot.number, total && `total ${total}`]
              .filter(Boolean)
              .join(' · ')}
          </p>
        )}
        <DialogActions>
          <Button onPress={onClose} isDisabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={pending}>
            {primary}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
