import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ComboBox, Input, Label, ListBox, ListBoxItem, Popover } from 'react-aria-components';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { costTypesQuery, standardCostCodesQuery } from '../../api/queries.ts';
import { Badge, type BadgeTone } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { inputClass } from '../../ui/form-field.tsx';
import { CheckIcon, ClockIcon, DotIcon } from '../../ui/icons.tsx';
import { ProjectFrame } from '../projects/project-page.tsx';
import {
  type Project,
  type ProjectCostCode,
  projectCostCodesQuery,
  projectKeys,
} from '../projects/project-queries.ts';
import { isLocked, lockedMessage, RecordErpPanel } from '../records/record-erp-panel.tsx';
import { useCompanyContext } from '../records/use-company.ts';

type CostTypeStatus = ProjectCostCode['costTypes'][number]['erpStatus'];

const chips: Record<CostTypeStatus, { label: string; tone: BadgeTone; icon: React.ReactNode }> = {
  not_sent: { label: 'Not sent', tone: 'grey', icon: <DotIcon /> },
  pending: { label: 'Pending', tone: 'blue', icon: <ClockIcon /> },
  synced: { label: 'Synced', tone: 'green', icon: <CheckIcon /> },
};

/** A cost type on a code, with its ERP status in words (UI.md §2: Not sent / Pending / Synced). */
export function CostTypeChip({ code, status }: { code: string; status: CostTypeStatus }) {
  const chip = chips[status];
  return (
    <Badge tone={chip.tone} icon={chip.icon}>
      {code} · {chip.label}
    </Badge>
  );
}

/** S12: the project's cost codes with their cost types, Add cost code, and S5 for the codes. */
export function CostCodesPage() {
  const { c, p } = useParams({ from: '/signed-in/companies/$c/projects/$p/cost-codes' });
  return (
    <ProjectFrame c={c} p={p}>
      {(project) => <CostCodes c={c} project={project} />}
    </ProjectFrame>
  );
}

function CostCodes({ c, project }: { c: string; project: Project }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { erp, dates, can } = useCompanyContext(c);
  const codes = useQuery(projectCostCodesQuery(api, c, project.id));
  const path = { c, p: project.id };

  const types = codes.data?.items.flatMap((code) => code.costTypes) ?? [];
  const notSent = types.filter((t) => t.erpStatus === 'not_sent').length;
  const pending = types.some((t) => t.erpStatus === 'pending');
  const projectInErp = project.erp.jobNumber !== undefined || project.erp.status === 'synced';
  const locked = pending || isLocked(project.erp.status);

  const statusText = !projectInErp
    ? `Cost codes go to ${erp} with the project when it is accepted.`
    : pending
      ? undefined
      : notSent > 0
        ? `${new Intl.NumberFormat(dates.locale).format(notSent)} new cost-type ${notSent === 1 ? 'assignment' : 'assignments'} not yet in ${erp}`
        : `All cost codes are in ${erp}.`;

  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.costCodes(c, project.id) });

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-4">
        {codes.isError ? (
          <ErrorState detail={errorDetail(codes.error)} onRetry={() => codes.refetch()} />
        ) : codes.data && codes.data.items.length === 0 ? (
          <EmptyState>No cost codes yet. Add one from the standard list with Add cost code.</EmptyState>
        ) : (
          <table className="w-full border-collapse text-left text-sm" aria-busy={codes.isPending}>
            <caption className="sr-only">Cost codes of the project</caption>
            <thead className="bg-gray-100">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium">
                  Cost code
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  Description
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  Cost types
                </th>
              </tr>
            </thead>
            <tbody>
              {codes.data?.items.map((code) => (
                <tr key={code.code} className="border-t border-gray-200 bg-white">
                  <td className="px-2 py-1 font-mono">{code.code}</td>
                  <td className="px-2 py-1">{code.description}</td>
                  <td className="flex flex-wrap gap-1 px-2 py-1">
                    {code.costTypes.map((t) => (
                      <CostTypeChip key={t.code} code={t.code} status={t.erpStatus} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can('editProjectRecords') &&
          (locked ? (
            <p className="text-sm text-gray-700">{lockedMessage}</p>
          ) : (
            <AddCostCode c={c} p={project.id} onAdded={refresh} />
          ))}
      </div>
      <RecordErpPanel
        companyId={c}
        erp={erp}
        status={pending ? 'ready_to_update' : notSent > 0 || !projectInErp ? 'not_sent' : 'synced'}
        statusText={statusText}
        syncedText={`All cost codes are in ${erp}.`}
        dates={dates}
        canSend={can('sendToErp')}
        canViewQueue={can('viewErpQueue')}
        sendable={projectInErp && !pending && notSent > 0}
        onSend={() =>
          api.POST('/api/v1/companies/{c}/projects/{p}/cost-codes/send-to-erp', {
            params: { path },
            body: {},
          })
        }
        onRetrieve={() =>
          api.POST('/api/v1/companies/{c}/projects/{p}/cost-codes/retrieve-from-erp', {
            params: { path },
            body: {},
          })
        }
        onChanged={refresh}
      />
    </div>
  );
}

/** Add cost code: one code of the standard list and the cost types to assign (only ever added). */
function AddCostCode({ c, p, onAdded }: { c: string; p: string; onAdded: () => void }) {
  const api = useApi();
  const id = useId();
  const standard = useQuery(standardCostCodesQuery(api, c));
  const costTypes = useQuery(costTypesQuery(api, c));
  const [code, setCode] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/companies/{c}/projects/{p}/cost-codes', {
          params: { path: { c, p } },
          body: { code: code ?? '', costTypes: chosen },
        }),
      ),
    onSuccess: () => {
      setCode(null);
      setChosen([]);
      setMessage(null);
      onAdded();
    },
    onError: (error) => setMessage(errorDetail(error)),
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!code) return setMessage('Choose a cost code from the standard list.');
    if (chosen.length === 0) return setMessage('Choose at least one cost type.');
    add.mutate();
  };

  return (
    <form
      onSubmit={submit}
      aria-labelledby={`${id}-heading`}
      className="space-y-3 rounded-md border border-gray-200 bg-white p-4"
    >
      <h2 id={`${id}-heading`} className="text-base font-semibold">
        Add cost code
      </h2>
      <ComboBox
        selectedKey={code}
        onSelectionChange={(key) => setCode(key === null ? null : String(key))}
        defaultItems={standard.data?.items ?? []}
        // Typing before the list arrives would leave it closed: the field waits for its choices.
        isDisabled={!standard.data}
      >
        <Label className="block text-sm font-medium">Cost code</Label>
        <Input className={inputClass} />
        <Popover className="max-h-72 w-(--trigger-width) overflow-auto rounded-md border border-gray-200 bg-white shadow-lg">
          <ListBox className="outline-none">
            {(item: { code: string; description: string }) => (
              <ListBoxItem
                id={item.code}
                textValue={`${item.code} ${item.description}`}
                className="cursor-default px-2 py-1 text-sm outline-none focus:bg-blue-50 selected:font-semibold"
              >
                {item.code} — {item.description}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <fieldset>
        <legend className="text-sm font-medium">Cost types</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {costTypes.data?.items.map((type) => (
            <label key={type.code} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4"
                checked={chosen.includes(type.code)}
                onChange={(e) =>
                  setChosen((now) =>
                    e.target.checked ? [...now, type.code] : now.filter((t) => t !== type.code),
                  )
                }
              />
              {type.code} — {type.description}
            </label>
          ))}
        </div>
      </fieldset>
      {message && (
        <p role="alert" className="text-sm text-red-800">
          {message}
        </p>
      )}
      <Button type="submit" variant="primary" isPending={add.isPending}>
        Add cost code
      </Button>
    </form>
  );
}
