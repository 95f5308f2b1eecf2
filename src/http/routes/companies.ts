import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { syncSchedules } from '../../domain/company.ts';
import { createCompany } from '../../workflows/companies/create-company.ts';
import { listCompanies } from '../../workflows/companies/list-companies.ts';
import { setCompanyFeatures } from '../../workflows/companies/set-company-features.ts';
import { updateCompanySettings } from '../../workflows/companies/update-company-settings.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { loadCompany } from '../../workflows/shared/companies.ts';
import { actorAndCompany, actorOf } from '../plugins/access.ts';
import {
  Body,
  CompanyParams,
  ErpPermission,
  Id,
  Name,
  named,
  Page,
  PageQuery,
  ProjectPermission,
  pageOf,
  problemResponses,
  Timestamp,
  Version,
} from '../schemas.ts';

const ErpSystem = Type.Union([Type.Literal('spectrum'), Type.Literal('sage300')]);
const TimeZone = Type.String({ minLength: 1, maxLength: 64 });
const SyncSchedule = Type.Enum(syncSchedules);
const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const JobNumber = Type.String({ minLength: 1, maxLength: 20 });
const Locale = Type.String({ minLength: 2, maxLength: 35, description: 'A BCP 47 language tag, e.g. en-US' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'An ISO 4217 currency code, e.g. USD' });

const Company = named(
  'Company',
  Type.Object({
    id: Id,
    name: Type.String(),
    timeZone: Type.String(),
    erpSystem: ErpSystem,
    features: Type.Object({ customCcoTitle: Type.Boolean() }),
    settings: Type.Object({
      syncSchedule: SyncSchedule,
      dailySummaryTime: Type.String(),
      timeZone: Type.String(),
      defaultJobTemplate: Type.Union([Type.String(), Type.Null()]),
      locale: Type.String(),
      currency: Type.String(),
    }),
    version: Type.Integer(),
    createdAt: Timestamp,
  }),
);

/** A company in the list: the caller's grants are there for a company they are a member of. */
const CompanyEntry = named(
  'CompanyEntry',
  Type.Object({
    id: Id,
    name: Type.String(),
    timeZone: Type.String(),
    erpSystem: ErpSystem,
    erpPermission: Type.Optional(ErpPermission),
    projectPermission: Type.Optional(ProjectPermission),
    canPushToAccounting: Type.Optional(Type.Boolean()),
    subscribeDailySummary: Type.Optional(Type.Boolean()),
  }),
);

/** The API shows the time zone among the settings too, since that is where an admin changes it. */
const present = (company: Awaited<ReturnType<typeof loadCompany>>) => ({
  ...company,
  settings: { ...company.settings, timeZone: company.timeZone },
});

export const companyRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (app, { ctx }) => {
  app.post(
    '/companies',
    {
      config: { access: 'createCompany' },
      schema: {
        tags: ['administration'],
        operationId: 'createCompany',
        summary: 'Create a company (operator)',
        body: Body({ name: Name, timeZone: TimeZone, erpSystem: ErpSystem }),
        response: { 201: Company, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(present(await createCompany(ctx, { actor: actorOf(request), ...request.body }))),
  );

  app.get(
    '/companies',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['administration'],
        operationId: 'listCompanies',
        summary:
          'The companies you may open, oldest first: every company for an operator, else your memberships',
        querystring: PageQuery({}),
        response: { 200: Page(CompanyEntry), ...problemResponses },
      },
    },
    async (request) => listCompanies(ctx.database.db, { actor: actorOf(request), ...pageOf(request.query) }),
  );

  app.get(
    '/companies/:c',
    {
      config: { access: 'viewCompany' },
      schema: {
        tags: ['administration'],
        operationId: 'getCompany',
        summary: 'A company with its features and settings',
        params: CompanyParams,
        response: { 200: Company, ...problemResponses },
      },
    },
    async (request) => present(await loadCompany(ctx.database.db, request.params.c)),
  );

  app.patch(
    '/companies/:c/features',
    {
      config: { access: 'setCompanyFeatures' },
      schema: {
        tags: ['administration'],
        operationId: 'setCompanyFeatures',
        summary: 'Switch company feature flags (operator)',
        params: CompanyParams,
        body: Body({ customCcoTitle: Type.Optional(Type.Boolean()), version: Type.Optional(Version) }),
        response: { 200: Company, ...problemResponses },
      },
    },
    async (request) => {
      const { version, ...features } = request.body;
      return present(await setCompanyFeatures(ctx, { ...actorAndCompany(request), version, features }));
    },
  );

  app.put(
    '/companies/:c/settings',
    {
      config: { access: 'updateCompanySettings' },
      schema: {
        tags: ['administration'],
        operationId: 'updateCompanySettings',
        summary:
          'Change sync schedule, daily summary time, time zone, default job template, locale and currency (ERP admin)',
        params: CompanyParams,
        body: Body({
          syncSchedule: Type.Optional(SyncSchedule),
          dailySummaryTime: Type.Optional(LocalTime),
          timeZone: Type.Optional(TimeZone),
          defaultJobTemplate: Type.Optional(Type.Union([JobNumber, Type.Null()])),
          locale: Type.Optional(Locale),
          currency: Type.Optional(Currency),
          version: Type.Optional(Version),
        }),
        response: { 200: Company, ...problemResponses },
      },
    },
    async (request) => {
      const { version, timeZone, ...settings } = request.body;
      return present(
        await updateCompanySettings(ctx, { ...actorAndCompany(request), version, timeZone, settings }),
      );
    },
  );
};
