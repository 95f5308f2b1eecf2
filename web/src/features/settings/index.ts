export { ErpConnectionPage } from './erp-connection-page.tsx';
export { GeneralSettingsPage } from './general-settings-page.tsx';
export { StandardListsPage } from './standard-lists-page.tsx';
