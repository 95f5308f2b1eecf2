import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ERROR_FIELDS, RETURN_FIELDS, type Row, simulatorPerFile } from './raw-soap/raw-sdx.ts';

/*
 * A WSDL-driven client of another ecosystem against the simulator: Python's zeep (Debian's
 * python3-zeep) builds its proxies from /wsdls/GetJob.jws and /wsdls/GetPhase.jws alone and parses the
 * answers by the WSDL's schema. Skipped with a notice when zeep is not installed (.ci/run installs it).
 */

const python = '/usr/bin/python3';
const script = join(import.meta.dirname, 'zeep-client.py');
const hasZeep = spawnSync(python, ['-c', 'import zeep'], { stdio: 'ignore' }).status === 0;
if (!hasZeep)
  console.warn(`No zeep for ${python} (apt-get install python3-zeep): the zeep tests are skipped.`);

interface Parsed {
  zeep: string;
  GetJob: { rows: Row[] };
  GetPhase: { rows: Row[] };
}

describe.skipIf(!hasZeep)('zeep, driven by the WSDLs', () => {
  const t = simulatorPerFile();

  it('calls GetJob and GetPhase and parses the documented rows', async () => {
    const { stdout } = await promisify(execFile)(python, [script, t.sim.url], { timeout: 60_000 });
    const parsed = JSON.parse(stdout) as Parsed;

    const jobs = parsed.GetJob.rows;
    expect(jobs.map((row) => row.Job_Number)).toEqual([
      '23-040',
      '24-001',
      '24-002',
      '24-003',
      'STANDARD',
      'TEMPLATE1',
    ]);
    for (const row of jobs) expect(Object.keys(row)).toEqual([...RETURN_FIELDS.GetJob, ...ERROR_FIELDS]);
    expect(jobs.find((row) => row.Job_Number === 'TEMPLATE1')).toMatchObject({
      Company_Code: '001',
      Division: '10',
      Customer_Code: 'GENCUST',
      Status_Code: 'I',
      Cost_Center: '100',
      Error_Code: '',
    });

    const phases = parsed.GetPhase.rows;
    expect(new Set(phases.map((row) => row.Phase_Code)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(phases.map((row) => row.Cost_Type))).toEqual(new Set(['L', 'M', 'S', 'E', 'O']));
    for (const row of phases) {
      expect(Object.keys(row)).toEqual([...RETURN_FIELDS.GetPhase, ...ERROR_FIELDS]);
      expect(row).toMatchObject({ Company_Code: '001', Job_Number: 'STANDARD', Error_Code: '' });
      expect(row.Phase_Code).toMatch(/^\d{5}$/);
      expect(row.Description).not.toBe('');
    }

    // zeep read exactly what a hand-written request reads.
    expect(jobs).toEqual(await t.sdx.get('GetJob'));
    expect(phases).toEqual(await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' }));
  });
});
