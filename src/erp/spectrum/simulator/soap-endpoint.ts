import { checkAccess } from './access.ts';
import { checkValues, type ErrorRecord, inParameterOrder, type Params, truncateTexts } from './checks.ts';
import {
  buildFault,
  buildGetAnswer,
  buildPutAnswer,
  EnvelopeError,
  type PutRecord,
  readRequest,
  truncateAfterLastResponse,
} from './envelope.ts';
import type { FaultSwitches } from './faults.ts';
import { answerNumber, processingDate } from './formats.ts';
import { sdxServices } from './services/index.ts';
import {
  companyParameter,
  type GetService,
  type PutService,
  type SdxService,
  type ServiceRequest,
} from './services/service.ts';
import type { GuidSessions } from './sessions.ts';
import type { SimSettings } from './settings.ts';
import type { SpectrumStore } from './store.ts';
import type { WriteLog } from './write-log.ts';

export interface SoapEndpointContext {
  store: SpectrumStore;
  settings: SimSettings;
  sessions: GuidSessions;
  faults: FaultSwitches;
  now: () => number;
  /** Where each stored Put is noted, when the simulator keeps a write log. */
  writeLog?: WriteLog;
}

export interface SoapAnswer {
  status: number;
  xml: string;
}

const transientFault = 'Error executing Web Service';
const errorFields = ['Error_Code', 'Error_Description', 'Error_Column'] as const;

/**
 * Answers one `POST /ws/{Service}` (brief §1): read the envelope (every documented parameter present,
 * else a `SOAP-ENV:Client` fault naming the missing ones), cut a Put's over-long text, then validate in
 * Spectrum's order (spectrum-sdx §3) and answer the first level that finds errors: level 1 the
 * authorization and required values, level 2 the form of each value, level 3 the service's own rules.
 */
export function answerSoapCall(
  serviceName: string,
  requestXml: string,
  context: SoapEndpointContext,
): SoapAnswer {
  const service = sdxServices.get(serviceName);
  if (!service) return { status: 404, xml: buildFault('Client', `Unknown service ${serviceName}`) };

  let received: Params;
  try {
    received = readParams(service, requestXml);
  } catch (error) {
    if (error instanceof EnvelopeError) return { status: 500, xml: buildFault('Client', error.message) };
    throw error;
  }
  const fault = context.faults.transient(service.kind);
  if (fault === 'before') return { status: 500, xml: buildFault('Server', transientFault) };

  if (service.kind === 'get') {
    const xml = answerGet(service, received, context);
    return { status: 200, xml: context.faults.truncates() ? truncateAfterLastResponse(xml) : xml };
  }
  // Only stored values are cut (a Get filter is matched as sent: a SuperSelect list may exceed a code's Max).
  const { params, truncated } = truncateTexts(service.elements, received);
  for (const element of truncated) context.store.countTruncation(`${service.name}.${element}`);
  const records = context.store.transaction(() => answerPut(service, params, context));
  // The record is committed, but the client only sees the fault: a re-send must not duplicate it.
  if (fault === 'after-commit') return { status: 500, xml: buildFault('Server', transientFault) };
  return { status: 200, xml: buildPutAnswer(service.name, records) };
}

/** The documented parameters by name; a documented name may also arrive under its alias. */
function readParams(service: SdxService, xml: string): Params {
  const request = readRequest(xml);
  if (request.service !== service.name) {
    throw new EnvelopeError(`The body calls ${request.service}, but this endpoint is ${service.name}`);
  }
  const aliases = service.kind === 'put' ? (service.aliases ?? {}) : {};
  const params: Record<string, string> = {};
  const missing: string[] = [];
  for (const { name } of service.elements) {
    const value = request.params.get(name) ?? request.params.get(aliases[name] ?? '');
    if (value === undefined) missing.push(name);
    else params[name] = value;
  }
  if (missing.length) throw new EnvelopeError(`Missing parameter: ${missing.join(', ')}`);
  return params;
}

/** Levels 1 and 2; answers the first level's errors, or the request as the service sees it. */
function validate(
  service: SdxService,
  sent: Params,
  context: SoapEndpointContext,
): { errors: ErrorRecord[] } | { request: ServiceRequest } {
  const { store, settings, sessions } = context;
  const ignored = service.kind === 'put' ? (service.ignored?.(sent) ?? []) : [];
  const params = ignored.length
    ? { ...sent, ...Object.fromEntries(ignored.map((name) => [name, ''])) }
    : sent;
  const company = companyParameter(service);
  const access = checkAccess(service.name, service.kind, company, params, store, sessions);
  if (access.aborted) return { errors: access.errors };
  const request: ServiceRequest = {
    params: { ...params, [company]: access.companyCode },
    store,
    settings,
    companyCode: access.companyCode,
    today: processingDate(context.now()),
  };

  const level1 = [...access.errors];
  for (const element of service.elements) {
    if (element.required && !params[element.name]) {
      level1.push({ code: 'M', desc: `${element.name} is required`, column: element.name });
    }
  }
  if (service.kind === 'put') level1.push(...(service.required?.(request) ?? []));
  if (level1.length) return { errors: answerable(service, level1) };

  const { errors, values } = checkValues(service.elements, request.params);
  const checked = { ...request, params: values };
  if (service.kind === 'put') errors.push(...(service.formats?.(checked) ?? []));
  if (errors.length) return { errors: answerable(service, errors) };
  return { request: checked };
}

/** One record per column (its first problem), in parameter order. */
function answerable(service: SdxService, errors: ErrorRecord[]): ErrorRecord[] {
  const seen = new Set<string>();
  const first = errors.filter((error) => !seen.has(error.column) && seen.add(error.column));
  return inParameterOrder(service.elements, first);
}

function answerPut(service: PutService, params: Params, context: SoapEndpointContext): PutRecord[] {
  const validated = validate(service, params, context);
  if ('errors' in validated) return validated.errors;
  const outcome = service.execute(validated.request);
  if ('errors' in outcome) return answerable(service, outcome.errors);
  context.store.countWrite(service.name);
  context.writeLog?.note(
    service.name,
    validated.request.params,
    'information' in outcome ? 'information' : outcome.stored,
  );
  return 'information' in outcome ? [outcome.information] : [{ code: '', desc: outcome.stored, column: '' }];
}

/**
 * One `response` per row, or one with empty data fields carrying the error: a parameter's `A` or `I`
 * (the first in parameter order), or `W` "No records found". With the `maxRows` fault on, at most that
 * many rows and then a `W` "Maximum rows exceeded" row, when more matched.
 */
function answerGet(service: GetService, params: Params, context: SoapEndpointContext): string {
  const fields = [...service.returnFields.map((field) => field.name), ...errorFields];
  const validated = validate(service, params, context);
  const outcome =
    'errors' in validated
      ? { error: validated.errors[0] as ErrorRecord }
      : service.execute(validated.request);
  if ('error' in outcome) return buildGetAnswer(service.name, fields, [errorRow(outcome.error)]);

  const companyCode = 'request' in validated ? validated.request.companyCode : '';
  const { maxRows } = context.faults.current;
  const matched = outcome.rows;
  const rows = (maxRows > 0 ? matched.slice(0, maxRows) : matched).map((row) => {
    const answer: Record<string, string> = { Company_Code: companyCode };
    for (const field of service.returnFields) {
      if (field.name === 'Company_Code') continue;
      const value = String(row[field.name] ?? '');
      answer[field.name] = field.numeric ? answerNumber(value) : value.slice(0, field.max);
    }
    answer.Error_Code = '';
    answer.Error_Description = '';
    answer.Error_Column = '';
    return answer;
  });
  if (maxRows > 0 && matched.length > maxRows) {
    rows.push(errorRow({ code: 'W', desc: 'Maximum rows exceeded', column: '' }));
  }
  return buildGetAnswer(service.name, fields, rows);
}

function errorRow(error: ErrorRecord): Record<string, string> {
  return { Error_Code: error.code, Error_Description: error.desc, Error_Column: error.column };
}
