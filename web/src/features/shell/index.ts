export { AppShell } from './app-shell.tsx';
export { type CompanyEntry, companiesKey, companiesQuery } from './companies-query.ts';
export { homeTarget } from './home.ts';
export { NoCompanyPage } from './no-company-page.tsx';
export { NotFoundPage } from './not-found-page.tsx';
