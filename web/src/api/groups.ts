import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TRole } from '../../../common/constants.ts';
import type {
  TCreatedInvite,
  TCreateGroup,
  TDirectoryPage,
  TGroup,
  TImportReport,
  TImportRequest,
  TInvite,
  TInvitePreview,
  TMemberPage,
  TMyGroups,
  TPlaceList,
  TUpdateGroup,
} from '../../../common/groups.ts';
import { ApiError, api } from './client.ts';
import { keys } from './keys.ts';

export function useGroup(slug: string) {
  return useQuery({
    queryKey: keys.group(slug),
    queryFn: () => api<TGroup>('GET', `/api/v1/groups/${encodeURIComponent(slug)}`),
  });
}

export function useMyGroups(enabled: boolean) {
  return useQuery({
    queryKey: keys.myGroups,
    queryFn: () => api<TMyGroups>('GET', '/api/v1/me/groups'),
    enabled,
  });
}

export type DirectorySearch = { near?: [number, number]; q?: string; limit?: number };

export function directoryUrl(search: DirectorySearch, path = '/api/v1/groups') {
  const params = new URLSearchParams();
  if (search.near) params.set('near', search.near.map((n) => n.toFixed(5)).join(','));
  if (search.q) params.set('q', search.q);
  params.set('limit', String(search.limit ?? 50));
  return `${path}?${params}`;
}

export function useDirectory(search: DirectorySearch, enabled = true) {
  return useQuery({
    queryKey: keys.directory.search(search),
    queryFn: () => api<TDirectoryPage>('GET', directoryUrl(search)),
    enabled,
    staleTime: 60_000,
  });
}

export function usePlaces(query: string, locale: string) {
  return useQuery({
    queryKey: keys.places(query, locale),
    queryFn: () =>
      api<TPlaceList>('GET', `/api/v1/places?${new URLSearchParams({ q: query, locale })}`),
    enabled: query.trim().length >= 2,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** After any change to a group: its page, my list and the directory may all have moved. */
function useGroupMutation<TInput, TOutput>(
  call: (input: TInput) => Promise<TOutput>,
  slug?: string,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      if (slug) void client.invalidateQueries({ queryKey: keys.group(slug) });
      void client.invalidateQueries({ queryKey: keys.myGroups });
      void client.invalidateQueries({ queryKey: keys.members.of(slug) });
      void client.invalidateQueries({ queryKey: keys.directory.all });
    },
  });
}

export const useCreateGroup = () =>
  useGroupMutation((input: TCreateGroup) => api<TGroup>('POST', '/api/v1/groups', input));

/** List the group in the directory, take it out, or (an instance admin) approve its listing. */
export const useListing = (slug: string, action: 'confirm' | 'withdraw' | 'approve') =>
  useGroupMutation(
    () =>
      api<TGroup>(
        action === 'withdraw' ? 'DELETE' : 'POST',
        `/api/v1/groups/${slug}/listing${action === 'approve' ? '/approve' : ''}`,
        action === 'withdraw' ? undefined : {},
      ),
    slug,
  );

export const useUpdateGroup = (slug: string) =>
  useGroupMutation(
    (input: TUpdateGroup) => api<TGroup>('PATCH', `/api/v1/groups/${slug}`, input),
    slug,
  );

export const useJoinGroup = (slug: string) =>
  useGroupMutation(
    (input: { answers: string[] }) => api<unknown>('POST', `/api/v1/groups/${slug}/join`, input),
    slug,
  );

export const useLeaveGroup = (slug: string) =>
  useGroupMutation(
    (input: { newAdminId?: string }) => api<void>('POST', `/api/v1/groups/${slug}/leave`, input),
    slug,
  );

export function useMembers(
  slug: string,
  query: { q: string; status: 'active' | 'pending' | 'banned'; role?: string; idChecked?: string },
  enabled: boolean,
) {
  return useQuery({
    queryKey: keys.members.page(slug, query),
    queryFn: () =>
      api<TMemberPage>(
        'GET',
        `/api/v1/groups/${slug}/members?${new URLSearchParams(
          Object.entries({ ...query, limit: '200' }).filter((entry): entry is [string, string] =>
            Boolean(entry[1]),
          ),
        )}`,
      ),
    enabled,
  });
}

export type MemberAction =
  | { kind: 'approve' | 'decline'; userId: string; message?: string }
  | { kind: 'ban' | 'remove'; userId: string }
  | { kind: 'role'; userId: string; role: TRole }
  | { kind: 'id-check'; userId: string };

export const useMemberAction = (slug: string) =>
  useGroupMutation((action: MemberAction) => {
    const base = `/api/v1/groups/${slug}/members/${action.userId}`;
    switch (action.kind) {
      case 'approve':
      case 'decline':
        return api<void>('POST', `${base}/${action.kind}`, {
          ...(action.message ? { message: action.message } : {}),
        });
      case 'ban':
        return api<void>('POST', `${base}/ban`);
      case 'remove':
        return api<void>('DELETE', base);
      case 'role':
        return api<void>('PATCH', base, { role: action.role });
      case 'id-check':
        return api<void>('PUT', `${base}/id-check`);
    }
  }, slug);

export function useInvites(slug: string) {
  return useQuery({
    queryKey: keys.invites(slug),
    queryFn: () => api<{ items: TInvite[] }>('GET', `/api/v1/groups/${slug}/invites`),
  });
}

export function useCreateInvite(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { expiresInDays: number; maxUses: number }) =>
      api<TCreatedInvite>('POST', `/api/v1/groups/${slug}/invites`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invites(slug) }),
  });
}

export function useRevokeInvite(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/v1/groups/${slug}/invites/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invites(slug) }),
  });
}

export function useInvitePreview(token: string | null) {
  return useQuery({
    queryKey: keys.invite(token),
    queryFn: () => api<TInvitePreview>('POST', '/api/v1/invites/preview', { token }),
    enabled: token !== null,
  });
}

export const useAcceptInvite = () =>
  useGroupMutation((token: string) => api<TGroup>('POST', '/api/v1/invites/accept', { token }));

export type ImportEvent =
  | { type: 'progress'; done: number; total: number }
  | { type: 'report'; report: TImportReport }
  | { type: 'error'; detail: string };

/** Runs an import, reading its progress lines as they arrive. */
export async function runImport(
  input: TImportRequest,
  onProgress: (progress: { done: number; total: number }) => void,
): Promise<TImportReport> {
  let response: Response;
  try {
    response = await fetch('/api/v1/groups/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
      body: JSON.stringify(input),
    });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  if (!response.ok || !response.body) {
    throw new ApiError(response.status, await response.json().catch(() => ({})));
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ?? '';
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as ImportEvent;
      if (event.type === 'progress') onProgress(event);
      if (event.type === 'report') return event.report;
      if (event.type === 'error')
        throw new ApiError(500, { code: 'import-failed', detail: event.detail });
    }
    if (done) throw new ApiError(0, { code: 'network' });
  }
}
