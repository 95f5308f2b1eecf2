export { AppShell } from './app-shell.tsx';
export { homeTarget } from './home.ts';
export { NoCompanyPage } from './no-company-page.tsx';
export { NotFoundPage } from './not-found-page.tsx';
export { PlaceholderPage } from './placeholder-page.tsx';
