import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TNotificationList } from '../../../common/notifications.ts';
import { api } from './client.ts';
import { keys } from './keys.ts';

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: keys.notifications,
    queryFn: () => api<TNotificationList>('GET', '/api/v1/notifications'),
    enabled,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/api/v1/notifications/read', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.notifications }),
  });
}

/** Live updates: when the server says something happened, what is on screen refreshes. */
export function useLiveEvents(enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    source.addEventListener('notification', () => {
      const touched = [
        keys.notifications,
        keys.myMatches,
        keys.match.all,
        keys.responses.all,
        keys.post.all,
        keys.board.all,
      ];
      for (const key of touched) void client.invalidateQueries({ queryKey: key });
    });
    return () => source.close();
  }, [enabled, client]);
}
