import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REACTIONS } from '../../../../../common/constants.ts';
import type { TPost } from '../../../../../common/posts.ts';
import { useMe } from '../../../api/accounts.ts';
import { problemMessage } from '../../../api/messages.ts';
import { useReact, useWhoReacted } from '../../../api/posts.ts';
import { FormAlert } from '../../../components/Form.tsx';

export function Reactions({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const react = useReact(post.id);
  const [isListOpen, setListOpen] = useState(false);
  const who = useWhoReacted(post.id, isListOpen);
  const me = useMe();
  const isMember = me.data !== null && post.author !== null;
  return (
    <section aria-labelledby="reactions-title">
      <h2 id="reactions-title" className="visually-hidden">
        {t('posts.page.reactions')}
      </h2>
      <FormAlert message={react.error ? problemMessage(t, react.error) : undefined} />
      <div className="actions">
        {REACTIONS.map((kind) => {
          const found = post.reactions.find((r) => r.kind === kind);
          const count = found?.count ?? 0;
          return (
            <button
              key={kind}
              type="button"
              className="button reaction"
              aria-pressed={found?.isMine ?? false}
              aria-label={t('posts.page.reactionButton', {
                reaction: t(`posts.reaction.${kind}`),
                count,
              })}
              disabled={!isMember}
              onClick={() => react.mutate({ kind, isOn: !(found?.isMine ?? false) })}
            >
              {t(`posts.reaction.${kind}`)} <span aria-hidden="true">{count}</span>
            </button>
          );
        })}
      </div>
      <details onToggle={(event) => setListOpen((event.target as HTMLDetailsElement).open)}>
        <summary>{t('posts.page.whoReacted')}</summary>
        {who.data?.items.length === 0 ? <p>{t('posts.page.noReactions')}</p> : null}
        <ul>
          {who.data?.items.map((item) => (
            <li key={item.kind}>
              {t(`posts.reaction.${item.kind}`)}: {item.people.map((p) => p.displayName).join(', ')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
