import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TReaction } from '../../../common/constants.ts';
import type {
  TComment,
  TCreatePost,
  TFeedPage,
  TPost,
  TPrivateRecord,
  TUpdatePost,
} from '../../../common/posts.ts';
import { ApiError, api } from './client.ts';
import { keys } from './keys.ts';
import { markPushOfferDue } from './push.ts';

export type FeedFilters = {
  kind?: string;
  category?: string;
  status?: string;
  unanswered?: boolean;
  q?: string;
  near?: string;
  within?: string;
};

export function feedParams(filters: FeedFilters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  return params;
}

export function useFeed(slug: string, filters: FeedFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.feed.page(slug, filters),
    queryFn: ({ pageParam }) => {
      const params = feedParams(filters);
      if (pageParam) params.set('cursor', pageParam);
      return api<TFeedPage>('GET', `/api/v1/groups/${slug}/posts?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
  });
}

export function useNearMe(near: string | null, within: string) {
  return useQuery({
    queryKey: keys.nearMe(near, within),
    queryFn: () =>
      api<TFeedPage>('GET', `/api/v1/posts/near?${new URLSearchParams({ near: near!, within })}`),
    enabled: near !== null,
  });
}

export function usePost(id: string) {
  return useQuery({
    queryKey: keys.post(id),
    queryFn: () => api<TPost>('GET', `/api/v1/posts/${id}`),
  });
}

export function useComments(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.comments(id),
    queryFn: () => api<{ items: TComment[] }>('GET', `/api/v1/posts/${id}/comments`),
    enabled,
  });
}

export function usePlainList(slug: string, locale: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.plainList(slug, locale),
    queryFn: async () => {
      const response = await fetch(
        `/api/v1/groups/${slug}/posts.txt?locale=${encodeURIComponent(locale)}`,
        { credentials: 'same-origin' },
      );
      if (!response.ok)
        throw new ApiError(response.status, await response.json().catch(() => ({})));
      return response.text();
    },
    enabled,
  });
}

/** After a change to a post: it, its comments and every feed may have moved. */
function usePostMutation<TInput, TOutput>(id: string, call: (input: TInput) => Promise<TOutput>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (data) => {
      const isThisPost =
        typeof data === 'object' &&
        data !== null &&
        'kind' in data &&
        'id' in data &&
        data.id === id;
      if (isThisPost) {
        client.setQueryData(keys.post(id), data as unknown as TPost);
      } else {
        void client.invalidateQueries({ queryKey: keys.post(id) });
      }
      void client.invalidateQueries({ queryKey: keys.comments(id) });
      void client.invalidateQueries({ queryKey: keys.feed.all });
    },
  });
}

export function useCreatePost(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: TCreatePost; key: string }) =>
      api<TPost>('POST', `/api/v1/groups/${slug}/posts`, input, { 'idempotency-key': key }),
    onSuccess: (post) => {
      // A first ask is when hearing back matters: push is offered from now on.
      if (post.kind === 'ask') markPushOfferDue();
      return client.invalidateQueries({ queryKey: keys.feed.of(slug) });
    },
  });
}

/** Uploads one photo as the request body; the server checks what it really is. */
export async function uploadPhoto(postId: string, file: File): Promise<TPost> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/posts/${postId}/photos`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': ['image/jpeg', 'image/png', 'image/webp'].includes(file.type)
          ? file.type
          : 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data as TPost;
}

export const useUpdatePost = (id: string) =>
  usePostMutation(id, (input: TUpdatePost) => api<TPost>('PATCH', `/api/v1/posts/${id}`, input));
export const useClosePost = (id: string) =>
  usePostMutation(id, (reason: 'fulfilled' | 'not-needed') =>
    api<TPost>('POST', `/api/v1/posts/${id}/close`, { reason }),
  );
export const useRenewPost = (id: string) =>
  usePostMutation(id, () => api<TPost>('POST', `/api/v1/posts/${id}/renew`));
export const usePinPost = (id: string) =>
  usePostMutation(id, (isPinned: boolean) =>
    api<TPost>('POST', `/api/v1/posts/${id}/pin`, { isPinned }),
  );
export const useReleasePost = (id: string) =>
  usePostMutation(id, () => api<TPost>('POST', `/api/v1/posts/${id}/release`));
export const useRemovePost = (id: string) =>
  usePostMutation(id, (reason: string) =>
    api<void>('POST', `/api/v1/posts/${id}/remove`, { reason }),
  );
export const useDeletePost = (id: string) =>
  usePostMutation(id, () => api<void>('DELETE', `/api/v1/posts/${id}`));
export const useVote = (id: string) =>
  usePostMutation(id, (optionId: string) =>
    api<TPost>('POST', `/api/v1/posts/${id}/vote`, { optionId }),
  );
export const useReact = (id: string) =>
  usePostMutation(id, ({ kind, isOn }: { kind: TReaction; isOn: boolean }) =>
    api<void>(isOn ? 'PUT' : 'DELETE', `/api/v1/posts/${id}/reactions/${kind}`),
  );
export const useAddComment = (id: string) =>
  usePostMutation(id, (input: { body: string; parentId: string | null; key: string }) =>
    api<TComment>(
      'POST',
      `/api/v1/posts/${id}/comments`,
      { body: input.body, parentId: input.parentId },
      { 'idempotency-key': input.key },
    ),
  );

export function useWhoReacted(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.reactions(id),
    queryFn: () =>
      api<{
        items: Array<{ kind: TReaction; people: Array<{ id: string; displayName: string }> }>;
      }>('GET', `/api/v1/posts/${id}/reactions`),
    enabled,
  });
}

/** Fetched only when asked for: each read by a moderator is audited. */
export function usePrivateRecord(id: string) {
  return useMutation({
    mutationFn: () => api<TPrivateRecord>('GET', `/api/v1/posts/${id}/private`),
  });
}
