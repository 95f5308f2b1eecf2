import { queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type ApiToken =
  paths['/api/v1/auth/tokens']['get']['responses'][200]['content']['application/json']['items'][number];

/** Not under `['me']`: the daily-summary switch cancels that key's reads, which would stall this list. */
export const apiTokensKey = ['api-tokens'] as const;

/** The signed-in user's API tokens (never their secrets). */
export const apiTokensQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: apiTokensKey,
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/tokens'))).items,
    staleTime: 30_000,
  });
