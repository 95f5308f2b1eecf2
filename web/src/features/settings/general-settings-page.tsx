import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import { formatWallClock } from '../../format/dates.ts';
import { type SyncSchedule, scheduleLabel, syncSchedules } from '../../format/schedule.ts';
import { Button } from '../../ui/button.tsx';
import { ComboBox } from '../../ui/combo-box.tsx';
import { FormField, inputClass } from '../../ui/form-field.tsx';
import { SettingsNav } from '../../ui/settings-nav.tsx';
import { Switch } from '../../ui/switch.tsx';
import { toast } from '../../ui/toasts.tsx';
import { applySaveError } from '../records/api-errors.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { type Company, jobTemplatesQuery } from './settings-queries.ts';

/** S16 General: the company's settings (ERP admin) and, for operators, its features. */
export function GeneralSettingsPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/settings' });
  const { company, erp, can } = useCompanyContext(c);
  return (
    <section className="max-w-3xl space-y-4">
      <SettingsNav c={c} />
      <h1 className="text-xl font-semibold">General settings</h1>
      {can('updateCompanySettings') ? (
        <SettingsForm company={company} />
      ) : (
        <SettingsSummary company={company} />
      )}
      {can('setCompanyFeatures') && <OperatorSection company={company} erp={erp} />}
    </section>
  );
}

interface SettingsValues {
  timeZone: string;
  dailySummaryTime: string;
  syncSchedule: SyncSchedule;
  defaultJobTemplate: string | null;
  locale: string;
  currency: string;
}

const settingsFields = [
  'timeZone',
  'dailySummaryTime',
  'syncSchedule',
  'defaultJobTemplate',
  'locale',
  'currency',
] as const;

/** The "None" entry of the template picker: no template key can contain a colon (they are job numbers). */
const noTemplate = 'none:';

/** Every IANA zone the browser knows, plus the saved one should the browser not list it. */
function zoneItems(current: string) {
  const zones = Intl.supportedValuesOf('timeZone');
  return (zones.includes(current) ? zones : [current, ...zones]).map((zone) => ({ id: zone, label: zone }));
}

function SettingsForm({ company }: { company: Company }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const c = company.id;
  const templates = useQuery(jobTemplatesQuery(api, c));
  const [message, setMessage] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, watch, formState } = useForm<SettingsValues>({
    values: {
      timeZone: company.settings.timeZone,
      dailySummaryTime: company.settings.dailySummaryTime,
      syncSchedule: company.settings.syncSchedule,
      defaultJobTemplate: company.settings.defaultJobTemplate,
      locale: company.settings.locale,
      currency: company.settings.currency,
    },
    resetOptions: { keepDirtyValues: true },
  });
  const errors = formState.errors;
  const zone = watch('timeZone');
  const time = watch('dailySummaryTime');
  const saved = company.settings.defaultJobTemplate;
  const templateItems = [
    { id: noTemplate, label: 'None' },
    ...(templates.data ?? []).map((t) => ({ id: t.jobNumber, label: `${t.jobNumber} — ${t.description}` })),
    // The saved template stays selectable while the list loads or after it left the ERP.
    ...(saved && !templates.data?.some((t) => t.jobNumber === saved) ? [{ id: saved, label: saved }] : []),
  ];

  const submit = handleSubmit(async (values) => {
    setMessage(null);
    try {
      const next = await unwrap(
        api.PUT('/api/v1/companies/{c}/settings', {
          params: { path: { c } },
          body: { ...values, version: company.version },
        }),
      );
      queryClient.setQueryData(keys.company(c), next);
      toast('Settings saved');
    } catch (error) {
      setMessage(applySaveError(error, setError, settingsFields) ?? null);
    }
  });

  return (
    <form noValidate onSubmit={submit} aria-label="General settings" className="space-y-4">
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Controller
          control={control}
          name="timeZone"
          render={({ field }) => (
            <ComboBox
              label="Time zone"
              items={zoneItems(company.settings.timeZone)}
              selectedKey={field.value}
              onSelectionChange={(key) => key && field.onChange(key)}
              error={errors.timeZone?.message}
              inputRef={field.ref}
            />
          )}
        />
        <FormField
          label="Daily summary time"
          hint={`HH:MM, sent at ${formatWallClock(time, zone)}`}
          error={errors.dailySummaryTime?.message}
        >
          {(field) => (
            <input
              {...field}
              {...register('dailySummaryTime')}
              inputMode="numeric"
              placeholder="07:00"
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Sync schedule" error={errors.syncSchedule?.message}>
          {(field) => (
            <select {...field} {...register('syncSchedule')} className={inputClass}>
              {syncSchedules.map((schedule) => (
                <option key={schedule} value={schedule}>
                  {scheduleLabel(schedule, schedule === 'daily' ? zone : undefined)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <Controller
          control={control}
          name="defaultJobTemplate"
          render={({ field }) => (
            <ComboBox
              label="Default job template"
              items={templateItems}
              selectedKey={field.value ?? noTemplate}
              onSelectionChange={(key) => key && field.onChange(key === noTemplate ? null : key)}
              error={errors.defaultJobTemplate?.message}
              description={
                templates.isError
                  ? `Can't load the job templates: ${errorDetail(templates.error)}`
                  : 'Accept uses it for new jobs unless the approver picks another.'
              }
              inputRef={field.ref}
            />
          )}
        />
        <FormField label="Locale" hint="A language tag such as en-US" error={errors.locale?.message}>
          {(field) => <input {...field} {...register('locale')} className={inputClass} />}
        </FormField>
        <FormField label="Currency" hint="An ISO 4217 code such as USD" error={errors.currency?.message}>
          {(field) => <input {...field} {...register('currency')} className={inputClass} />}
        </FormField>
      </div>
      <Button type="submit" variant="primary" isPending={formState.isSubmitting}>
        Save settings
      </Button>
    </form>
  );
}

/** What an operator who is no ERP admin here sees: the settings, which only an ERP admin changes. */
function SettingsSummary({ company }: { company: Company }) {
  const { settings } = company;
  const rows: [string, string][] = [
    ['Time zone', settings.timeZone],
    ['Daily summary time', formatWallClock(settings.dailySummaryTime, settings.timeZone)],
    ['Sync schedule', scheduleLabel(settings.syncSchedule, settings.timeZone)],
    ['Default job template', settings.defaultJobTemplate ?? 'None'],
  ];
  return (
    <div className="space-y-2">
      <p className="text-sm text-gray-700">Only an ERP admin of this company changes these settings.</p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The operator's company features (`PATCH …/features`), taking effect at once. */
function OperatorSection({ company, erp }: { company: Company; erp: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // The switch follows the click at once and gives way to the server's answer.
  const [draft, setDraft] = useState<boolean | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const c = company.id;
  const setCustomCcoTitle = async (customCcoTitle: boolean) => {
    setDraft(customCcoTitle);
    setMessage(null);
    // A read already under way would land after the answer and undo the switch on screen.
    await queryClient.cancelQueries({ queryKey: keys.company(c) });
    try {
      const next = await unwrap(
        api.PATCH('/api/v1/companies/{c}/features', {
          params: { path: { c } },
          body: { customCcoTitle, version: company.version },
        }),
      );
      queryClient.setQueryData(keys.company(c), next);
      toast(customCcoTitle ? 'Custom CCO title/description is on' : 'Custom CCO title/description is off');
    } catch (error) {
      setMessage(errorDetail(error));
      await queryClient.invalidateQueries({ queryKey: keys.company(c) });
    } finally {
      setDraft(null);
    }
  };
  return (
    <section
      aria-labelledby="operator-heading"
      className="space-y-3 rounded-md border border-gray-200 bg-white p-4"
    >
      <h2 id="operator-heading" className="font-semibold">
        Operator
      </h2>
      <Switch isSelected={draft ?? company.features.customCcoTitle} onChange={setCustomCcoTitle}>
        {`Enable custom CCO title/description when exporting to ${erp}`}
      </Switch>
      {message && (
        <p role="alert" className="text-sm text-red-800">
          {message}
        </p>
      )}
    </section>
  );
}
