export { ErpAreaHeader } from './erp-area-header.tsx';
export { SyncPage } from './sync-page.tsx';
