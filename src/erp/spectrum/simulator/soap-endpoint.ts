import { checkAccess } from './access.ts';
import type { ErrorRecord, Params } from './checks.ts';
import { buildFault, buildResponse, EnvelopeError, readRequest, truncateAfterResponse } from './envelope.ts';
import type { FaultSwitches } from './faults.ts';
import type { SimSettings } from './records.ts';
import { sdxServices } from './services/index.ts';
import type { GetService, PutService, ServiceContext } from './services/service.ts';
import type { GuidSessions } from './sessions.ts';
import type { SpectrumStore } from './store.ts';

export interface SoapEndpointContext {
  store: SpectrumStore;
  settings: () => SimSettings;
  sessions: GuidSessions;
  faults: FaultSwitches;
}

export interface SoapAnswer {
  status: number;
  xml: string;
}

const transientFault = 'Error executing Web Service';

/** Answers one `POST /ws/{Service}`: read the envelope, check access, run the service, inject faults. */
export function answerSoapCall(
  serviceName: string,
  requestXml: string,
  context: SoapEndpointContext,
): SoapAnswer {
  const service = sdxServices.get(serviceName);
  if (!service) return { status: 404, xml: buildFault('Client', `Unknown service ${serviceName}`) };

  let params: Params;
  try {
    params = readParams(service.name, service.parameters, requestXml);
  } catch (error) {
    if (error instanceof EnvelopeError) return { status: 500, xml: buildFault('Client', error.message) };
    throw error;
  }

  const fault = context.faults.transient(service.kind);
  if (fault === 'before') return { status: 500, xml: buildFault('Server', transientFault) };

  const settings = context.settings();
  const serviceContext: ServiceContext = { store: context.store, settings };
  const companyParameter = service.kind === 'put' ? 'Company_Code' : 'pCompany_Code';
  const denied = checkAccess(params, companyParameter, settings, context.sessions);

  if (service.kind === 'get') {
    const responses = getResponses(
      service,
      denied ? { error: denied } : service.execute(params, serviceContext),
    );
    const xml = buildResponse(service.name, responses);
    const keep = context.faults.truncation(responses.length);
    return { status: 200, xml: keep === undefined ? xml : truncateAfterResponse(xml, keep) };
  }

  const responses = denied ? [putResponse(denied)] : runPut(service, params, serviceContext);
  // The record is committed, but the client only sees the fault: a re-send must not duplicate it.
  if (fault === 'after-commit') return { status: 500, xml: buildFault('Server', transientFault) };
  return { status: 200, xml: buildResponse(service.name, responses) };
}

function readParams(serviceName: string, parameters: readonly string[], xml: string): Params {
  const request = readRequest(xml);
  if (request.service !== serviceName) {
    throw new EnvelopeError(`The body calls ${request.service}, but this endpoint is ${serviceName}`);
  }
  const missing = parameters.filter((name) => !request.params.has(name));
  if (missing.length) throw new EnvelopeError(`Missing parameter: ${missing.join(', ')}`);
  return Object.fromEntries(request.params);
}

/** Validates and stores in one transaction; the stored record's answer has an empty error code. */
function runPut(service: PutService, params: Params, context: ServiceContext): Record<string, string>[] {
  return context.store.transaction(() => {
    const outcome = service.execute(params, context);
    if ('errors' in outcome) {
      // In parameter order, whichever check found the problem: a stable answer clients can match on.
      const position = (record: ErrorRecord) => service.parameters.indexOf(record.column);
      return outcome.errors.toSorted((a, b) => position(a) - position(b)).map(putResponse);
    }
    context.store.countWrite(service.name);
    return [{ error_code: '', desc: outcome.stored, column: '' }];
  });
}

function putResponse(record: ErrorRecord): Record<string, string> {
  return { error_code: record.code, desc: record.desc, column: record.column };
}

/** One `response` per row, or one with empty fields carrying the error (e.g. `W` no records found). */
function getResponses(
  service: GetService,
  outcome: ReturnType<GetService['execute']>,
): Record<string, string>[] {
  const rows: Readonly<Record<string, string | number>>[] = 'rows' in outcome ? outcome.rows : [{}];
  const error = 'error' in outcome ? outcome.error : { code: '', desc: '', column: '' };
  return rows.map((row) => ({
    ...Object.fromEntries(service.rowFields.map((field) => [field, String(row[field] ?? '')])),
    Error_Code: error.code,
    Error_Description: error.desc,
    Error_Column: error.column,
  }));
}
