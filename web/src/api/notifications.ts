import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  TNotificationList,
  TNotificationSettings,
  TNotificationStream,
  TUpdateNotificationSettings,
} from '../../../common/notifications.ts';
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

export function useNotificationSettings(enabled: boolean) {
  return useQuery({
    queryKey: keys.notificationSettings,
    queryFn: () => api<TNotificationSettings>('GET', '/api/v1/me/notification-settings'),
    enabled,
  });
}

export function useUpdateNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: TUpdateNotificationSettings) =>
      api<TNotificationSettings>('PUT', '/api/v1/me/notification-settings', change),
    onSuccess: (settings) => {
      client.setQueryData(keys.notificationSettings, settings);
      // The account says whether its email is undeliverable, and its time zone.
      void client.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useUndoUnsubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<TNotificationSettings>('POST', `/api/v1/me/unsubscribes/${id}/undo`, {}),
    onSuccess: (settings) => client.setQueryData(keys.notificationSettings, settings),
  });
}

type TLink = { stream: TNotificationStream; channel: 'email' };

/** What an email's unsubscribe link would stop: reading it changes nothing. */
export function useUnsubscribeLink(token: string) {
  return useQuery({
    queryKey: keys.unsubscribeLink(token),
    queryFn: () => api<TLink>('GET', `/api/v1/unsubscribe/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useUnsubscribe(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<TLink>('POST', `/api/v1/unsubscribe/${encodeURIComponent(token)}`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.notificationSettings }),
  });
}
