import { addJob } from './add-job.ts';
import { addPhase } from './add-phase.ts';
import { addVendor } from './add-vendor.ts';
import { arChangeRequest } from './ar-change-request.ts';
import { getCustomers } from './get-customers.ts';
import { getJob } from './get-job.ts';
import { getJobDates } from './get-job-dates.ts';
import { getJobMain } from './get-job-main.ts';
import { getJobUdf } from './get-job-udf.ts';
import { getPhase } from './get-phase.ts';
import type { SdxService } from './service.ts';
import { updateSubcontract } from './update-subcontract.ts';
import { updateSubcontractPhases } from './update-subcontract-phases.ts';
import { updateVendor } from './update-vendor.ts';

/** The SDX services the simulator plays (brief §3), by the name in `/ws/{Service}` and `/wsdls/{Service}.jws`. */
export const sdxServices: ReadonlyMap<string, SdxService> = new Map(
  [
    getJob,
    getJobMain,
    getJobDates,
    getJobUdf,
    getPhase,
    getCustomers,
    addJob,
    addPhase,
    addVendor,
    updateVendor,
    updateSubcontract,
    updateSubcontractPhases,
    arChangeRequest,
  ].map((service) => [service.name, service]),
);
