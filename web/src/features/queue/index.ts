export { QueueRoute, RequestRoute } from './queue-route.tsx';
