import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { Button } from '../../ui/button.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { SettingsNav } from '../../ui/settings-nav.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { SageAgentPanel } from './sage-agent-panel.tsx';
import { connectionQuery, type ErpConnection, settingsKeys } from './settings-queries.ts';

/** S16 ERP connection: the company's ERP settings (secrets write-only), Test connection and, for Sage, its agent. */
export function ErpConnectionPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/erp/connection' });
  const { company, erp, can } = useCompanyContext(c);
  const query = useQuery({ ...connectionQuery(useApi(), c), enabled: can('manageErpConnection') });
  // No connection yet: the form starts empty.
  const missing = query.data === null;
  const connection = query.data ?? undefined;
  return (
    <section className="max-w-3xl space-y-4">
      <SettingsNav c={c} />
      <h1 className="text-xl font-semibold">ERP connection</h1>
      {!can('manageErpConnection') ? (
        <p>You don't have permission to change the ERP connection. Ask an ERP admin of this company.</p>
      ) : query.isError ? (
        <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <div aria-busy="true" className="h-64 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
      ) : (
        <>
          <p className="text-sm text-gray-700">
            {company.name} uses {erp}.{' '}
            {missing ? `Enter how Ledgergate reaches ${erp}, then test the connection.` : null}
          </p>
          {company.erpSystem === 'spectrum' ? (
            <SpectrumForm c={c} connection={connection} />
          ) : (
            <Sage300Form c={c} connection={connection} />
          )}
          <TestConnection c={c} />
          {company.erpSystem === 'sage300' && <SageAgentPanel c={c} />}
        </>
      )}
    </section>
  );
}

interface SpectrumValues {
  baseUrl: string;
  authorizationId: string;
  companyCode: string;
  standardJob: string;
  phaseMask: string;
  glAccount: string;
}

const spectrumFields = [
  'baseUrl',
  'authorizationId',
  'companyCode',
  'standardJob',
  'phaseMask',
  'glAccount',
] as const;

type ConnectionBody =
  paths['/api/v1/companies/{c}/erp/connection']['put']['requestBody']['content']['application/json'];

const setting = (connection: ErpConnection | undefined, name: string): string => {
  const value = connection?.settings[name];
  return typeof value === 'string' ? value : '';
};

/** Saves the connection and keeps the answer, which never carries a secret. */
function useSaveConnection(c: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return async (body: ConnectionBody) => {
    const saved = await unwrap(
      api.PUT('/api/v1/companies/{c}/erp/connection', { params: { path: { c } }, body }),
    );
    queryClient.setQueryData(settingsKeys.connection(c), saved);
    toast('ERP connection saved');
  };
}

function SpectrumForm({ c, connection }: { c: string; connection: ErpConnection | undefined }) {
  const save = useSaveConnection(c);
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, resetField, formState } = useForm<SpectrumValues>({
    values: {
      baseUrl: setting(connection, 'baseUrl'),
      authorizationId: '',
      companyCode: setting(connection, 'companyCode'),
      standardJob: setting(connection, 'standardJob'),
      phaseMask: setting(connection, 'phaseMask'),
      glAccount: setting(connection, 'glAccount'),
    },
    resetOptions: { keepDirtyValues: true },
  });
  const errors = formState.errors;
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const defaultTaxable = connection?.settings.defaultTaxable;
  const clientId = connection?.settings.clientId;

  const submit = handleSubmit(async (values) => {
    setMessage(null);
    try {
      await save({
        system: 'spectrum',
        baseUrl: values.baseUrl.trim(),
        // Left blank, the stored Authorization ID is kept (the server keeps a secret left out).
        ...(values.authorizationId !== '' && { authorizationId: values.authorizationId }),
        companyCode: values.companyCode.trim(),
        standardJob: values.standardJob.trim(),
        ...(optional(values.phaseMask) && { phaseMask: optional(values.phaseMask) }),
        ...(optional(values.glAccount) && { glAccount: optional(values.glAccount) }),
        // Settings this form does not show are kept as they are.
        ...(typeof defaultTaxable === 'boolean' && { defaultTaxable }),
        ...(typeof clientId === 'string' && { clientId }),
      });
      resetField('authorizationId', { defaultValue: '' });
    } catch (error) {
      setMessage(applySaveError(error, setError, spectrumFields) ?? null);
    }
  });

  const text = (name: keyof SpectrumValues, label: string, hint?: string, required?: string) => (
    <FormField label={label} hint={hint} error={errors[name]?.message}>
      {(field) => (
        <input
          {...field}
          {...register(name, required ? { required } : {})}
          autoComplete="off"
          className={inputClass}
        />
      )}
    </FormField>
  );

  return (
    <form noValidate onSubmit={submit} aria-label="Spectrum connection" className="space-y-4">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {text('baseUrl', 'Server URL', 'Such as https://spectrum.example.com', 'Enter the server URL.')}
        <FormField
          label="Authorization ID"
          hint={connection?.hasCredentials ? 'Saved — type a new value to replace it' : undefined}
          error={errors.authorizationId?.message}
        >
          {(field) => (
            <input
              {...field}
              {...register('authorizationId', {
                required: connection?.hasCredentials ? false : 'Enter the Authorization ID.',
              })}
              type="password"
              autoComplete="off"
              className={inputClass}
            />
          )}
        </FormField>
        {text('companyCode', 'Company code', undefined, 'Enter the company code.')}
        {text(
          'standardJob',
          'Standard cost code job',
          'The job whose phases are the standard cost codes and cost types',
          'Enter the standard cost code job.',
        )}
        {text('phaseMask', 'Phase mask', 'Such as ##-###')}
        {text('glAccount', 'GL account', 'Charged by new subcontracts')}
      </div>
      <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
        Save connection
      </Button>
    </form>
  );
}

function Sage300Form({ c, connection }: { c: string; connection: ErpConnection | undefined }) {
  const save = useSaveConnection(c);
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<{ jobMask: string }>({
    values: { jobMask: setting(connection, 'jobMask') },
    resetOptions: { keepDirtyValues: true },
  });
  const submit = handleSubmit(async ({ jobMask }) => {
    setMessage(null);
    try {
      await save({ system: 'sage300', ...(jobMask.trim() && { jobMask: jobMask.trim() }) });
    } catch (error) {
      setMessage(applySaveError(error, setError, ['jobMask']) ?? null);
    }
  });
  return (
    <form noValidate onSubmit={submit} aria-label="Sage 300 CRE connection" className="space-y-4">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <FormField label="Job mask" hint="Such as ##-###" error={formState.errors.jobMask?.message}>
        {(field) => <input {...field} {...register('jobMask')} className={inputClass} />}
      </FormField>
      <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
        Save connection
      </Button>
    </form>
  );
}

/** Tries the saved connection; the answer (or why it failed) is announced in a status region. */
function TestConnection({ c }: { c: string }) {
  const api = useApi();
  const test = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/companies/{c}/erp/connection/test', { params: { path: { c } }, body: {} })),
  });
  return (
    <div className="space-y-2 border-t border-gray-200 pt-4">
      <div className="flex items-center gap-3">
        <Button onPress={() => test.mutate()} isPending={test.isPending}>
          Test connection
        </Button>
        <span className="text-xs text-gray-600">Tests the saved connection.</span>
      </div>
      <div role="status" aria-label="Connection test" className="text-sm">
        {test.data?.ok && (
          <p className="text-status-green">
            <strong>Connected</strong> — {test.data.message}
          </p>
        )}
        {test.data && !test.data.ok && <p className="text-red-800">{test.data.message}</p>}
        {test.isError && <p className="text-red-800">{errorDetail(test.error)}</p>}
      </div>
    </div>
  );
}
