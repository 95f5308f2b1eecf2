import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useBlocker, useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorDetail, type ProblemError, unwrap, useApi } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { formatMoney, type MoneyFormat } from '../../format/money.ts';
import { Button } from '../../ui/button.tsx';
import { TableSkeleton } from '../../ui/data-table.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { LineGrid, type LineGridError, lineErrorsFrom, totalOf } from '../../ui/line-grid.tsx';
import { toast } from '../../ui/toasts.tsx';
import { ProjectFrame } from '../projects/project-page.tsx';
import { type Project, projectCostCodesQuery, projectKeys } from '../projects/project-queries.ts';
import { versionConflictMessage } from '../records/api-errors.ts';
import { isLocked, RecordErpPanel } from '../records/record-erp-panel.tsx';
import { useErpFacts } from '../records/request-facts.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { budgetAmount, budgetColumns, newBudgetLine } from './budget-columns.ts';
import { type Budget, type BudgetLine, budgetKeys, budgetQuery } from './budget-queries.ts';

const lockButtonId = 'budget-lock-button';
const unlockButtonId = 'budget-unlock-button';

/** S13: the project's budget lines in a LineGrid, Save, Lock Budget / Unlock Budget, Import from ERP and S5. */
export function BudgetPage() {
  const { c, p } = useParams({ from: '/signed-in/companies/$c/projects/$p/budget' });
  return (
    <ProjectFrame c={c} p={p}>
      {(project) => <BudgetLoader c={c} project={project} />}
    </ProjectFrame>
  );
}

function BudgetLoader({ c, project }: { c: string; project: Project }) {
  const query = useQuery(budgetQuery(useApi(), c, project.id));
  if (query.isError) return <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />;
  if (!query.data) return <TableSkeleton label="Loading the budget" />;
  return <BudgetEditor c={c} project={project} budget={query.data} />;
}

/** Unsaved edits: the lines, the version they were made on and how many edits they hold. */
interface Draft {
  lines: BudgetLine[];
  version: number;
  changes: number;
}

/** A failed save or action, as UI.md §3's handler shows it. */
interface Feedback {
  message: string;
  items?: string[] | undefined;
  reload?: boolean | undefined;
}

function BudgetEditor({ c, project, budget }: { c: string; project: Project; budget: Budget }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { company, erp, dates, can } = useCompanyContext(c);
  const path = { c, p: project.id };
  const key = budgetKeys.one(c, project.id);
  const costCodes = useQuery(projectCostCodesQuery(api, c, project.id));
  const columns = useMemo(() => budgetColumns(costCodes.data?.items ?? []), [costCodes.data]);
  const money: MoneyFormat = useMemo(
    () => ({ locale: company.settings.locale ?? 'en-US', currency: company.settings.currency ?? 'USD' }),
    [company.settings.locale, company.settings.currency],
  );
  const { status, facts } = useErpFacts(c, budget.erp, can('viewErpQueue'));

  const [draft, setDraft] = useState<Draft | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [lineErrors, setLineErrors] = useState<LineGridError[]>([]);
  const [importing, setImporting] = useState(false);
  const lines = draft?.lines ?? budget.lines;
  const total = useMemo(() => totalOf(lines, budgetAmount), [lines]);

  const waiting = isLocked(budget.erp.status);
  const mayEdit = can('editProjectRecords');
  const editable = mayEdit && !budget.locked && !waiting;
  const projectSynced = project.erp.jobNumber !== undefined || project.erp.status === 'synced';
  const canImport = editable && projectSynced && budget.erp.status === 'not_sent';

  const blocker = useBlocker({
    shouldBlockFn: () => draft !== null,
    enableBeforeUnload: () => draft !== null,
    withResolver: true,
  });

  const onChange = (next: BudgetLine[]) => {
    if (next.length !== lines.length) setLineErrors([]);
    setDraft((d) => ({ lines: next, version: d?.version ?? budget.version, changes: (d?.changes ?? 0) + 1 }));
  };

  // The pressed Lock Budget / Unlock Budget goes away with the change: focus moves to the other one.
  const lockToggled = useRef(false);
  useEffect(() => {
    if (!lockToggled.current) return;
    lockToggled.current = false;
    document.getElementById(budget.locked ? unlockButtonId : lockButtonId)?.focus();
  }, [budget.locked]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.one(c, project.id) });
  const saved = (next: Budget) => {
    queryClient.setQueryData(key, next);
    setDraft(null);
    setLineErrors([]);
  };
  const failed = (error: unknown) => {
    if (!(error instanceof ApiError)) return setFeedback({ message: errorDetail(error) });
    const { problem } = error;
    if (problem.status === 409 && problem.code === 'version_conflict')
      return setFeedback({ message: versionConflictMessage, reload: true });
    if (problem.status === 409) {
      void refresh();
      return setFeedback({ message: problem.detail });
    }
    if (problem.status === 403)
      return setFeedback({ message: `You don't have permission to change this budget. ${problem.detail}` });
    const errors = problem.errors ?? [];
    const marked = lineErrorsFrom(errors);
    setLineErrors(marked);
    setFeedback({
      message: problem.detail,
      items: errors.map((e) => {
        const [line] = lineErrorsFrom([e]);
        return line ? `Line ${line.line + 1}: ${e.message}` : e.message;
      }),
    });
  };
  const start = () => setFeedback(null);

  const putLines = (d: Draft) =>
    unwrap(
      api.PUT('/api/v1/companies/{c}/projects/{p}/budget/lines', {
        params: { path },
        body: { version: d.version, lines: d.lines },
      }),
    );

  const save = useMutation({
    mutationFn: putLines,
    onMutate: start,
    onSuccess: (next) => {
      saved(next);
      toast('Budget saved');
    },
    onError: failed,
  });
  // Locking saves unsaved edits first, so what is locked (and then sent) is what the grid shows.
  const lock = useMutation({
    mutationFn: async (d: Draft | null) => {
      let version = budget.version;
      if (d) {
        const next = await putLines(d);
        saved(next);
        version = next.version;
      }
      return unwrap(
        api.POST('/api/v1/companies/{c}/projects/{p}/budget/lock', { params: { path }, body: { version } }),
      );
    },
    onMutate: start,
    onSuccess: (next) => {
      lockToggled.current = true;
      saved(next);
    },
    onError: failed,
  });
  const unlock = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/companies/{c}/projects/{p}/budget/unlock', {
          params: { path },
          body: { version: budget.version },
        }),
      ),
    onMutate: start,
    onSuccess: (next) => {
      lockToggled.current = true;
      saved(next);
    },
    onError: failed,
  });
  const importFromErp = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/companies/{c}/projects/{p}/budget/import-from-erp', {
          params: { path },
          body: { version: budget.version },
        }),
      ),
    onMutate: start,
    onSuccess: (next) => {
      saved(next);
      setImporting(false);
      // The import adds the job's cost codes to the project.
      void queryClient.invalidateQueries({ queryKey: projectKeys.costCodes(c, project.id) });
    },
    onError: (error) => {
      setImporting(false);
      failed(error);
    },
  });

  const reload = () => {
    setDraft(null);
    setLineErrors([]);
    setFeedback(null);
    void queryClient.invalidateQueries({ queryKey: key });
  };

  const linkFor = (error: ProblemError) => {
    if (error.path === 'locked' || error.path.endsWith('.locked'))
      return (
        <a
          href={`#${lockButtonId}`}
          className="underline"
          onClick={(event) => {
            event.preventDefault();
            document.getElementById(lockButtonId)?.focus();
          }}
        >
          {copy.lockBudget}
        </a>
      );
    if (error.path.startsWith('lines[') || error.path.startsWith('costCodes'))
      return (
        <Link to="/companies/$c/projects/$p/cost-codes" params={path} className="underline">
          Open cost codes
        </Link>
      );
    if (error.path === 'project')
      return (
        <Link to="/companies/$c/projects/$p" params={path} className="underline">
          Open the project
        </Link>
      );
    return null;
  };

  const count = (n: number) => new Intl.NumberFormat(dates.locale).format(n);
  const busy = save.isPending || lock.isPending || unlock.isPending || importFromErp.isPending;
  const jobNumber = project.erp.jobNumber ?? project.number ?? '';

  const toolbar = (
    <>
      {editable && (
        <Button
          variant="primary"
          isDisabled={!draft || busy}
          isPending={save.isPending}
          onPress={() => save.mutate(draft as Draft)}
        >
          Save
        </Button>
      )}
      {mayEdit && !waiting && !budget.locked && (
        <Button
          id={lockButtonId}
          isDisabled={busy}
          isPending={lock.isPending}
          onPress={() => lock.mutate(draft)}
        >
          {copy.lockBudget}
        </Button>
      )}
      {mayEdit && !waiting && budget.locked && (
        <Button
          id={unlockButtonId}
          isDisabled={busy}
          isPending={unlock.isPending}
          onPress={() => unlock.mutate()}
        >
          {copy.unlockBudget}
        </Button>
      )}
      {canImport && (
        <Button isDisabled={busy} onPress={() => setImporting(true)}>
          {copy.importFromErp}
        </Button>
      )}
      {draft && (
        <span className="text-sm text-gray-700">
          {count(draft.changes)} unsaved {draft.changes === 1 ? 'change' : 'changes'}
        </span>
      )}
    </>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-4">
        <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
          <div>
            <dt className="text-gray-700">Total</dt>
            <dd className="text-lg font-semibold tabular-nums">{formatMoney(total, money)}</dd>
          </div>
          <div>
            <dt className="text-gray-700">Lines</dt>
            <dd className="text-lg font-semibold">{count(lines.length)}</dd>
          </div>
          <div>
            <dt className="text-gray-700">Budget</dt>
            <dd className="text-lg font-semibold">{budget.locked ? 'Locked' : 'Unlocked'}</dd>
          </div>
        </dl>
        {/* While a request is open the ERP panel says why nothing can be edited. */}
        {!waiting && budget.locked && mayEdit && (
          <p className="text-sm text-gray-700">
            The budget is locked. {copy.unlockBudget} to change its lines.
          </p>
        )}
        {feedback && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <p>{feedback.message}</p>
            {feedback.items && feedback.items.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {feedback.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            )}
            {feedback.reload && (
              <Button className="mt-2" onPress={reload}>
                Reload
              </Button>
            )}
          </div>
        )}
        <LineGrid
          caption="Budget lines"
          captionHidden
          columns={columns}
          lines={lines}
          onChange={onChange}
          amount={budgetAmount}
          newLine={newBudgetLine}
          readOnly={!editable}
          money={money}
          errors={lineErrors}
          toolbar={toolbar}
          empty={
            <EmptyState>
              No budget lines yet. Add lines, or {copy.importFromErp} when the project came from {erp}.
            </EmptyState>
          }
        />
      </div>
      <RecordErpPanel
        companyId={c}
        erp={erp}
        status={status}
        syncedText={`Synced with ${erp}${project.erp.jobNumber ? ` on job ${project.erp.jobNumber}` : ''}`}
        requestId={budget.erp.requestId}
        facts={facts}
        dates={dates}
        canSend={can('sendToErp')}
        canViewQueue={can('viewErpQueue')}
        onSend={() =>
          api.POST('/api/v1/companies/{c}/projects/{p}/budget/send-to-erp', { params: { path }, body: {} })
        }
        onRetrieve={() =>
          api.POST('/api/v1/companies/{c}/projects/{p}/budget/retrieve-from-erp', {
            params: { path },
            body: {},
          })
        }
        onChanged={refresh}
        linkFor={linkFor}
      />
      <Dialog
        title={copy.importFromErp}
        isOpen={importing}
        onClose={() => setImporting(false)}
        isDismissable={!importFromErp.isPending}
      >
        <p className="text-sm">
          {lines.length > 0
            ? `Replace these ${count(lines.length)} ${lines.length === 1 ? 'line' : 'lines'} with job ${jobNumber}'s original estimates from ${erp}?`
            : `Fill the budget with job ${jobNumber}'s original estimates from ${erp}?`}
        </p>
        <DialogActions>
          <Button onPress={() => setImporting(false)} isDisabled={importFromErp.isPending}>
            Cancel
          </Button>
          <Button
            variant="primary"
            autoFocus
            isPending={importFromErp.isPending}
            onPress={() => importFromErp.mutate()}
          >
            Import
          </Button>
        </DialogActions>
      </Dialog>
      <Dialog
        title={`Leave without saving ${count(draft?.changes ?? 0)} ${draft?.changes === 1 ? 'change' : 'changes'}?`}
        isOpen={blocker.status === 'blocked'}
        onClose={() => blocker.reset?.()}
      >
        <p className="text-sm">Your changes to the budget lines are lost if you leave.</p>
        <DialogActions>
          <Button autoFocus onPress={() => blocker.reset?.()}>
            Stay
          </Button>
          <Button variant="danger" onPress={() => blocker.proceed?.()}>
            Leave
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
