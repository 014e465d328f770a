import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  TBoard,
  TBoardTidied,
  THelperProfile,
  TMatch,
  TMessage,
  TMyMatches,
  TResponse,
} from '../../../common/matching.ts';
import { api } from './client.ts';
import { keys } from './keys.ts';
import { markPushOfferDue } from './push.ts';

export function useResponses(postId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.responses.of(postId),
    queryFn: () => api<{ items: TResponse[] }>('GET', `/api/v1/posts/${postId}/responses`),
    enabled,
  });
}

function useRefreshing<TInput, TOutput>(
  postId: string | null,
  call: (input: TInput) => Promise<TOutput>,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      if (postId) {
        void client.invalidateQueries({ queryKey: keys.post(postId) });
        void client.invalidateQueries({ queryKey: keys.responses.of(postId) });
      }
      void client.invalidateQueries({ queryKey: keys.match.all });
      void client.invalidateQueries({ queryKey: keys.myMatches });
      void client.invalidateQueries({ queryKey: keys.feed.all });
    },
  });
}

export const useRespond = (postId: string) =>
  useRefreshing(postId, async (input: { note: string; key: string }) => {
    const response = await api<TResponse>(
      'POST',
      `/api/v1/posts/${postId}/responses`,
      { note: input.note },
      { 'idempotency-key': input.key },
    );
    // A first response is when hearing back matters: push is offered from now on.
    markPushOfferDue();
    return response;
  });

export const useAccept = (postId: string) =>
  useRefreshing(postId, (responseId: string) =>
    api<TMatch>('POST', `/api/v1/responses/${responseId}/accept`),
  );

export const useAssign = (postId: string) =>
  useRefreshing(postId, (input: { helperId: string; reassign: boolean }) =>
    api<TMatch>('POST', `/api/v1/posts/${postId}/assign`, input),
  );

export function useMatch(id: string) {
  return useQuery({
    queryKey: keys.match.one(id),
    queryFn: () => api<TMatch>('GET', `/api/v1/matches/${id}`),
  });
}

export type MatchStep =
  | { kind: 'complete' }
  | { kind: 'confirm'; thankYou: string | null }
  | { kind: 'withdraw'; reason: string }
  | { kind: 'close' };

export const useMatchStep = (id: string, postId: string) =>
  useRefreshing(postId, (step: MatchStep) => {
    const { kind, ...body } = step;
    return api<TMatch>('POST', `/api/v1/matches/${id}/${kind}`, body);
  });

export function useMessages(id: string) {
  return useQuery({
    queryKey: keys.match.messages(id),
    queryFn: () => api<{ items: TMessage[] }>('GET', `/api/v1/matches/${id}/messages`),
  });
}

export function useSendMessage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; key: string }) =>
      api<TMessage>(
        'POST',
        `/api/v1/matches/${id}/messages`,
        { body: input.body },
        { 'idempotency-key': input.key },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.match.one(id) }),
  });
}

export function useMyMatches(enabled: boolean) {
  return useQuery({
    queryKey: keys.myMatches,
    queryFn: () => api<TMyMatches>('GET', '/api/v1/me/matches'),
    enabled,
  });
}

/** The board's order and filters, as they appear in its address. */
export type BoardQuery = Partial<
  Record<'sort' | 'q' | 'category' | 'urgency' | 'area' | 'language' | 'unanswered', string>
>;

export function useBoard(slug: string, query: BoardQuery) {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return useQuery({
    queryKey: keys.board.query(slug, params.toString()),
    queryFn: () => api<TBoard>('GET', `/api/v1/groups/${slug}/board?${params}`),
    // Live events refresh it (useBoardEvents); this is only a fallback.
    refetchInterval: 60_000,
    // While new filters load, the cards shown are the last ones (marked as loading).
    placeholderData: keepPreviousData,
  });
}

/**
 * The board's bulk actions, under its filters: close the asks whose date has passed, or remind
 * the helpers of quiet matches. Resolves to how many were changed.
 */
export function useBoardTidy(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: 'close-past-date' | 'remind-quiet'; query: BoardQuery }) => {
      const { sort: _sort, ...filters } = input.query;
      const params = new URLSearchParams(
        Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
      );
      return api<TBoardTidied>('POST', `/api/v1/groups/${slug}/board/${input.action}?${params}`);
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.board.of(slug) }),
  });
}

/** "I'm handling this", or letting go of it. */
export function useBoardClaim(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { postId: string; claim: boolean }) =>
      api<unknown>(input.claim ? 'PUT' : 'DELETE', `/api/v1/posts/${input.postId}/claim`),
    onSettled: () => client.invalidateQueries({ queryKey: keys.board.of(slug) }),
  });
}

export function useBoardAssign(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { postId: string; helperId: string }) =>
      api<TMatch>('POST', `/api/v1/posts/${input.postId}/assign`, {
        helperId: input.helperId,
        reassign: false,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.board.of(slug) }),
  });
}

export function useHelperProfile(slug: string) {
  return useQuery({
    queryKey: keys.helperProfile(slug),
    queryFn: () => api<THelperProfile>('GET', `/api/v1/groups/${slug}/helper-profile`),
  });
}

export function useSaveHelperProfile(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: object) =>
      api<THelperProfile>('PUT', `/api/v1/groups/${slug}/helper-profile`, input),
    onSuccess: (profile) => client.setQueryData(keys.helperProfile(slug), profile),
  });
}

/** The board refreshes the moment someone else changes it. */
export function useBoardEvents(slug: string, enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/events?board=${encodeURIComponent(slug)}`);
    source.addEventListener('board', () => {
      void client.invalidateQueries({ queryKey: keys.board.of(slug) });
    });
    return () => source.close();
  }, [slug, enabled, client]);
}

type TFollowUpLink = { state: 'waiting' | 'confirmed' | 'moved-on' };

/** Where a "Did it happen?" link's match is: reading it changes nothing. */
export function useFollowUpLink(token: string) {
  return useQuery({
    queryKey: keys.followUpLink(token),
    queryFn: () => api<TFollowUpLink>('GET', `/api/v1/follow-ups/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useAnswerFollowUp(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answer: 'yes' | 'no') =>
      api<TFollowUpLink>('POST', `/api/v1/follow-ups/${encodeURIComponent(token)}`, { answer }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.myMatches });
      void client.invalidateQueries({ queryKey: keys.match.all });
    },
  });
}
