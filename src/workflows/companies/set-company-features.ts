import type { Actor } from '../../domain/actor.ts';
import type { Company, CompanyFeatures } from '../../domain/company.ts';
import type { WorkflowContext } from '../context.ts';
import { changeCompany } from '../shared/companies.ts';

export interface SetCompanyFeaturesProps {
  actor: Actor;
  companyId: string;
  version?: number;
  features: Partial<CompanyFeatures>;
}

export function setCompanyFeatures(ctx: WorkflowContext, props: SetCompanyFeaturesProps): Promise<Company> {
  return changeCompany(ctx, {
    ...props,
    action: 'company.features_changed',
    apply: (company) => ({ ...company, features: { ...company.features, ...props.features } }),
  });
}
