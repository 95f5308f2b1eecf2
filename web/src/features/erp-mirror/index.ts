export { JobsOnlyInErpPage } from './jobs-only-page.tsx';
export { VendorsOnlyInErpPage } from './vendors-only-page.tsx';
