import type { Checks } from '../checks.ts';
import type { SpectrumStore } from '../store.ts';

/**
 * Commitment lines and change-request lines may only name a phase × cost type that already exists on
 * the job: SDX never creates a phase as a side effect.
 */
export function checkPhaseOnJob(
  checks: Checks,
  store: SpectrumStore,
  Job_Number: string,
  columns: { phase: string; costType: string },
): void {
  const Phase_Code = checks.value(columns.phase);
  const Cost_Type = checks.value(columns.costType);
  if (!Job_Number || !Phase_Code || !checks.passed(columns.phase)) return;
  if (!store.find('phases', { Job_Number, Phase_Code })) {
    checks.reject('I', columns.phase, `Phase ${Phase_Code} does not exist on job ${Job_Number}`);
  } else if (Cost_Type && !store.find('phases', { Job_Number, Phase_Code, Cost_Type })) {
    checks.reject(
      'I',
      columns.costType,
      `Cost type ${Cost_Type} does not exist on phase ${Phase_Code} of job ${Job_Number}`,
    );
  }
}
