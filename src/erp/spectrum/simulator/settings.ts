import { isPhaseMask } from './phase-mask.ts';
import type { SpectrumStore } from './store.ts';

/**
 * The company's installation settings every call is checked against. Given options win, then what the
 * data file holds, then the seed's defaults; they are written back so that a data file remembers the
 * company it was started with.
 */
export interface SimSettings {
  companyCode: string;
  /** The Authorization ID allowed every service (demo `DEMO`). */
  authorizationId: string;
  /** The Authorization ID allowed the Get services only (demo `DEMOREAD`). */
  readOnlyAuthorizationId: string;
  /** Job Cost installation phase mask, e.g. `##-###`; empty when the company has none. */
  phaseMask: string;
  /** Phase group positions a new job takes when it sends none (AddJob assumption 7). */
  majorGroupStart: string;
  majorGroupEnd: string;
  minorGroupStart: string;
  minorGroupEnd: string;
  /** Company cost-center status: `Y` yes, `P` pending, `N` not used. */
  costCenterStatus: 'Y' | 'P' | 'N';
  /** Job Cost installation "Current Estimate display only?": AddPhase then ignores Current_Est_*. */
  currentEstimateDisplayOnly: boolean;
  /** Dates a subcontract may be issued on (UpdateSubcontract assumption 5). */
  fiscalCalendarStart: string;
  fiscalCalendarEnd: string;
  /** AR processing dates: change-request dates must fall within them. */
  arProcessingStart: string;
  arProcessingEnd: string;
}

export type SettingsOptions = Partial<
  Pick<SimSettings, 'companyCode' | 'authorizationId' | 'phaseMask' | 'currentEstimateDisplayOnly'>
>;

/** The demo installation (ERP.md §5, brief §6). */
export const demoSettings: SimSettings = {
  companyCode: '001',
  authorizationId: 'DEMO',
  readOnlyAuthorizationId: 'DEMOREAD',
  phaseMask: '##-###',
  majorGroupStart: '1',
  majorGroupEnd: '2',
  minorGroupStart: '3',
  minorGroupEnd: '5',
  costCenterStatus: 'Y',
  currentEstimateDisplayOnly: false,
  fiscalCalendarStart: '01/01/2020',
  fiscalCalendarEnd: '12/31/2030',
  arProcessingStart: '01/01/2020',
  arProcessingEnd: '12/31/2030',
};

export function resolveSettings(
  store: SpectrumStore,
  options: SettingsOptions,
  seed: 'demo' | 'empty',
): SimSettings {
  const stored = store.settings();
  const defaults: SimSettings =
    seed === 'demo'
      ? demoSettings
      : {
          ...demoSettings,
          phaseMask: '',
          majorGroupStart: '',
          majorGroupEnd: '',
          minorGroupStart: '',
          minorGroupEnd: '',
        };
  const pick = <K extends keyof SimSettings>(name: K): string => {
    const given = (options as Partial<SimSettings>)[name];
    return given !== undefined ? String(given) : (stored[name] ?? String(defaults[name]));
  };
  const settings: SimSettings = {
    companyCode: pick('companyCode'),
    authorizationId: pick('authorizationId'),
    readOnlyAuthorizationId: pick('readOnlyAuthorizationId'),
    phaseMask: pick('phaseMask'),
    majorGroupStart: pick('majorGroupStart'),
    majorGroupEnd: pick('majorGroupEnd'),
    minorGroupStart: pick('minorGroupStart'),
    minorGroupEnd: pick('minorGroupEnd'),
    costCenterStatus: pick('costCenterStatus') as SimSettings['costCenterStatus'],
    currentEstimateDisplayOnly: pick('currentEstimateDisplayOnly') === 'true',
    fiscalCalendarStart: pick('fiscalCalendarStart'),
    fiscalCalendarEnd: pick('fiscalCalendarEnd'),
    arProcessingStart: pick('arProcessingStart'),
    arProcessingEnd: pick('arProcessingEnd'),
  };
  if (settings.phaseMask && !isPhaseMask(settings.phaseMask)) {
    throw new Error(`invalid phase mask ${settings.phaseMask}: use #, A, X and - only, 1 to 20 positions`);
  }
  store.saveSettings(
    Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)])),
  );
  return settings;
}
