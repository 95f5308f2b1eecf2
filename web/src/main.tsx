import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext, ApiError, createApiClient } from './api/client.ts';
import { createAppRouter } from './router.tsx';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Reads retry what may pass (network, 5xx) three times with backoff; a 4xx is an answer.
      retry: (failures, error) => failures < 3 && !(error instanceof ApiError && error.status < 500),
    },
    // Mutations never retry: the server may have acted on the first attempt.
    mutations: { retry: false },
  },
});

const api = createApiClient({
  // The session ended (expired, or deleted on the server): forget its data and sign in again, then return.
  onUnauthorized: () => {
    queryClient.clear();
    const { pathname, search, hash } = window.location;
    if (pathname !== '/sign-in')
      void router.navigate({ to: '/sign-in', search: { next: `${pathname}${search}${hash}` } });
  },
});

const router = createAppRouter({ queryClient, api });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiContext value={api}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiContext>
  </StrictMode>,
);
