import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { TNotification } from '../../../../common/notifications.ts';
import { useMe } from '../../api/accounts.ts';
import { problemMessage } from '../../api/messages.ts';
import { useMarkRead, useNotifications } from '../../api/notifications.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useTimeAgo } from '../posts/PostCard.tsx';

export default function Notifications() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useNotifications(me.data != null);
  const markRead = useMarkRead();
  const ago = useTimeAgo();
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return (
    <>
      <PageTitle>{t('notifications.title')}</PageTitle>
      {list.isPending ? <p role="status">{t('app.loading')}</p> : null}
      {list.isError ? <p role="alert">{problemMessage(t, list.error)}</p> : null}
      {list.data && list.data.unread > 0 ? (
        <button type="button" className="button" onClick={() => markRead.mutate()}>
          {t('notifications.markRead')}
        </button>
      ) : null}
      {list.data?.items.length === 0 ? <p>{t('notifications.none')}</p> : null}
      <p>
        <Link to="/settings/notifications">{t('notifications.settingsLink')}</Link>
      </p>
      <ul className="group-list">
        {list.data?.items.map((item) => {
          const text = notificationText(t, (key) => i18n.exists(key), item);
          const to =
            item.kind === 'join-request' && item.group
              ? `/groups/${item.group.slug}/members?tab=pending`
              : item.kind === 'removed'
                ? '/' // a removed post is gone for its author too
                : item.matchId
                  ? `/matches/${item.matchId}`
                  : item.postId
                    ? `/posts/${item.postId}`
                    : '/';
          return (
            <li key={item.id} className={item.isRead ? undefined : 'unread'}>
              <Link to={to}>{text}</Link>
              <span className="muted">
                {' · '}
                {ago(item.createdAt)}
                {item.isRead ? '' : ` · ${t('notifications.new')}`}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * The words for one notification, from the reader's side: "Margaret chose you to help with…"
 * for the helper, "… found you a helper for…" for the person helped. The most specific
 * sentence the catalogue has wins: side and kind of post, then side, then kind, then plain.
 */
export function notificationText(
  t: TFunction,
  exists: (key: string) => boolean,
  item: TNotification,
) {
  const key = `notifications.kind.${item.kind}`;
  const contexts = [
    item.myRole && item.postKind ? `${item.myRole}_${item.postKind}` : null,
    item.myRole,
    item.postKind,
  ];
  const context = contexts.find((c) => c !== null && exists(`${key}_${c}`)) ?? undefined;
  return t(key, {
    context,
    name: item.actorName ?? t('notifications.someone'),
    title: item.postTitle ?? '',
    group: item.group?.name ?? '',
  });
}
