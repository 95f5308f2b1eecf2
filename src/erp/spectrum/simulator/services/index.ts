import { addJob } from './add-job.ts';
import { addPhase } from './add-phase.ts';
import { addVendor } from './add-vendor.ts';
import { arChangeRequest } from './ar-change-request.ts';
import { getJob } from './get-job.ts';
import { getPhase } from './get-phase.ts';
import type { SdxService } from './service.ts';
import { updateSubcontract } from './update-subcontract.ts';
import { updateSubcontractPhases } from './update-subcontract-phases.ts';

/** The SDX services of our profile, by the name in their endpoint `/ws/{Service}`. */
export const sdxServices: ReadonlyMap<string, SdxService> = new Map(
  [
    getJob,
    addJob,
    getPhase,
    addPhase,
    addVendor,
    updateSubcontract,
    updateSubcontractPhases,
    arChangeRequest,
  ].map((service) => [service.name, service]),
);
