/** What several pages of the area look up: every city (56, one request) and the cluster vocabulary. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

export function useAllCities() {
  return useQuery({ queryKey: ['cities', 'all'], queryFn: () => unwrap(api.GET('/cities', { params: { query: { limit: 200 } } })) });
}

export function useClusters() {
  return useQuery({
    queryKey: ['industries', 'overview'],
    queryFn: async () => {
      const overview = await unwrap(api.GET('/industries', { params: { query: {} } }));
      return 'clusters' in overview ? overview.clusters : [];
    },
    staleTime: Infinity,
  });
}
