import type { Migration } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import { foundation } from './0001_foundation.ts';
import { projectRecords } from './0002_project_records.ts';
import { erpMirror } from './0003_erp_mirror.ts';
import { notifications } from './0004_notifications.ts';
import { requestVendorCodes } from './0005_request_vendor_codes.ts';
import { spectrumProfile } from './0006_spectrum_profile.ts';
import { erpKeyReservations } from './0007_erp_key_reservations.ts';
import { erpWrittenLines } from './0008_erp_written_lines.ts';
import { erpRequestCounts } from './0009_erp_request_counts.ts';
import { sageAgent } from './0010_sage_agent.ts';
import { integratorHardening } from './0011_integrator_hardening.ts';
import { loginAttempts } from './0012_login_attempts.ts';

/** Every migration in order. A migration is a function of the capabilities so column types match. */
export function migrations(caps: Capabilities): Record<string, Migration> {
  return {
    '0001_foundation': foundation(caps),
    '0002_project_records': projectRecords(caps),
    '0003_erp_mirror': erpMirror(caps),
    '0004_notifications': notifications(caps),
    '0005_request_vendor_codes': requestVendorCodes(),
    '0006_spectrum_profile': spectrumProfile(caps),
    '0007_erp_key_reservations': erpKeyReservations(caps),
    '0008_erp_written_lines': erpWrittenLines(),
    '0009_erp_request_counts': erpRequestCounts(),
    '0010_sage_agent': sageAgent(caps),
    '0011_integrator_hardening': integratorHardening(caps),
    '0012_login_attempts': loginAttempts(caps),
  };
}
