import { NotConnectedErpError } from '../../erp/connector.ts';
import type { WorkflowContext } from '../context.ts';

export interface ConnectionTest {
  ok: boolean;
  /** What was reached and found, or why not, in words an ERP admin can act on. */
  message: string;
}

/**
 * Tries the company's stored connection against its ERP (Spectrum: reads the standard job's phases).
 * A failure is an answer, not an error: no connection, an unreachable server or refused credentials
 * come back as `ok: false` with the reason. Writes nothing.
 */
export async function testErpConnection(ctx: WorkflowContext, companyId: string): Promise<ConnectionTest> {
  try {
    const connector = await ctx.erp.forCompany(companyId);
    return await connector.testConnection();
  } catch (error) {
    if (error instanceof NotConnectedErpError) return { ok: false, message: error.message };
    throw error;
  }
}
