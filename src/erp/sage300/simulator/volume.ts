import { type CompanyFormat, type Section, sectionKey } from './format.ts';
import type { Sage300Store } from './store.ts';

export interface Volume {
  /** Jobs to add. */
  jobs: number;
  /** Category rows the company holds in all afterwards, spread over the added jobs. */
  categories: number;
  /** Vendors to add. */
  vendors: number;
}

/** Categories per cost code, within the 1–4 the notes suggest (sage300-notes.md §4). */
const categoriesPerCode = 4;

/**
 * Adds generated records for benchmarks in one transaction under one stamp. Keys follow the company's
 * formats and skip keys already taken, so volume can be added to any seed, or twice.
 */
export function addVolume(store: Sage300Store, format: CompanyFormat, volume: Volume): void {
  store.transaction(() => {
    const stamp = store.nextStamp();
    const categories = store
      .select('JCM_MASTER__STANDARD_CATEGORY')
      .slice(0, categoriesPerCode)
      .map((row) => String(row.Category));
    let remaining = Math.max(0, volume.categories - store.count('JCM_MASTER__CATEGORY'));
    // Generated codes count through `01-000` and the like: keep off the summary codes.
    const isSummary = (Cost_Code: string) =>
      store.find('JCM_MASTER__STANDARD_COST_CODE', { Cost_Code })?.Group_Cost_Code === 'Y';
    const jobKeys = freeKeys(format.job, volume.jobs, (Job) => store.find('JCM_MASTER__JOB', { Job }));
    jobKeys.forEach((Job, index) => {
      store.insert(
        'JCM_MASTER__JOB',
        { Job, Description: `Volume job ${Job}`, Status: 'In progress' },
        stamp,
      );
      let share = Math.ceil(remaining / (jobKeys.length - index));
      remaining -= share;
      const codes = freeKeys(format.costCode, Math.ceil(share / Math.max(1, categories.length)), isSummary);
      for (const Cost_Code of codes) {
        store.insert(
          'JCM_MASTER__COST_CODE',
          { Job, Extra: '', Cost_Code, Description: `Cost code ${Cost_Code}` },
          stamp,
        );
        for (const Category of categories.slice(0, share)) {
          const Original_Estimate = 1_000 + ((index * 7 + codes.length) % 90) * 100;
          const estimate = {
            Original_Estimate,
            Approved_Estimate_Changes: 0,
            Total_Estimate: Original_Estimate,
          };
          store.insert(
            'JCM_MASTER__CATEGORY',
            { Job, Extra: '', Cost_Code, Category, Description: `Category ${Category}`, ...estimate },
            stamp,
          );
        }
        share -= Math.min(share, categories.length);
      }
    });
    const vendorCount = store.count('APM_MASTER__VENDOR');
    for (let index = 0, added = 0; added < volume.vendors; index++) {
      const Vendor = `V${String(vendorCount + index + 1).padStart(6, '0')}`;
      if (store.find('APM_MASTER__VENDOR', { Vendor })) continue;
      store.insert(
        'APM_MASTER__VENDOR',
        { Vendor, Name: `Volume Vendor ${Vendor}`, Status: 'Active' },
        stamp,
      );
      added++;
    }
  });
}

/** `count` keys in the format, counting up from 1 and skipping those `taken` answers. */
function freeKeys(sections: readonly Section[], count: number, taken: (key: string) => unknown): string[] {
  const length = sections.reduce((sum, section) => sum + section.length, 0);
  const keys: string[] = [];
  for (let n = 1; keys.length < count && String(n).length <= length; n++) {
    const sectioned = sectionKey(String(n).padStart(length, '0'), sections);
    if ('value' in sectioned && !taken(sectioned.value)) keys.push(sectioned.value);
  }
  return keys;
}
