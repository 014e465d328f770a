import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TInstance, TLocale, TMe, ZUpdateMe } from '../../../common/accounts.ts';
import { ApiError, api } from './client.ts';
import { keys } from './keys.ts';
import { forgetThisDevice } from './push.ts';

/** The signed-in account, or null when signed out. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api<TMe>('GET', '/api/v1/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useInstance() {
  return useQuery({
    queryKey: keys.instance,
    queryFn: () => api<TInstance>('GET', '/api/v1/instance'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A mutation whose answer is the signed-in account: it refreshes `me` everywhere. */
function useMeMutation<TInput>(call: (input: TInput) => Promise<TMe>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (me) => client.setQueryData(keys.me, me),
  });
}

export const useSignUp = () =>
  useMutation({
    mutationFn: (input: { email: string; displayName: string; locale: TLocale }) =>
      api<{ message: string }>('POST', '/api/v1/auth/sign-up', input),
  });

export const useRequestLink = () =>
  useMutation({
    mutationFn: (input: { email: string }) =>
      api<{ message: string }>('POST', '/api/v1/auth/email-link', input),
  });

export const useConfirmLink = () =>
  useMeMutation((input: { token: string }) =>
    api<TMe>('POST', '/api/v1/auth/email-link/confirm', input),
  );

export const usePasswordSignIn = () =>
  useMeMutation((input: { email: string; password: string }) =>
    api<TMe>('POST', '/api/v1/auth/password', input),
  );

export const useUpdateMe = () =>
  useMeMutation((input: z.input<typeof ZUpdateMe>) => api<TMe>('PATCH', '/api/v1/me', input));

export const useSetPassword = () =>
  useMeMutation((input: { currentPassword?: string; newPassword: string }) =>
    api<TMe>('PUT', '/api/v1/me/password', input),
  );

export const useSetup = () =>
  useMeMutation((input: { token: string; email: string; displayName: string }) =>
    api<TMe>('POST', '/api/v1/setup', input),
  );

export function useSignOut(everywhere = false) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // This browser stops receiving the person's pushes first, while they are still signed in.
      await forgetThisDevice();
      await api<void>(
        'POST',
        everywhere ? '/api/v1/auth/sign-out-everywhere' : '/api/v1/auth/sign-out',
      );
    },
    onSuccess: () => {
      // Everything cached belonged to the person who just left; `me` stays observed, now null.
      client.setQueryData(keys.me, null);
      client.removeQueries({
        predicate: (query) =>
          query.queryKey[0] !== keys.me[0] && query.queryKey[0] !== keys.instance[0],
      });
    },
  });
}
