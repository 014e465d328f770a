import { useTranslation } from 'react-i18next';
import type { TPost } from '../../../../../common/posts.ts';
import { problemMessage } from '../../../api/messages.ts';
import { useVote } from '../../../api/posts.ts';
import { FormAlert } from '../../../components/Form.tsx';

export function Poll({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const vote = useVote(post.id);
  const poll = post.poll!;
  const canVote = poll.myVote === null && post.status === 'open' && post.body !== null;
  return (
    <section aria-labelledby="poll-title">
      <h2 id="poll-title">{t('posts.page.poll')}</h2>
      <FormAlert message={vote.error ? problemMessage(t, vote.error) : undefined} />
      <ul className="poll">
        {poll.options.map((option) => (
          <li key={option.id}>
            {canVote ? (
              <button type="button" className="button" onClick={() => vote.mutate(option.id)}>
                {t('posts.page.voteFor', { option: option.label })}
              </button>
            ) : (
              <>
                <span>
                  {option.label}
                  {poll.myVote === option.id ? ` (${t('posts.page.yourVote')})` : ''}
                </span>
                {option.votes !== null ? (
                  <>
                    <meter
                      min={0}
                      max={Math.max(1, poll.totalVotes ?? 1)}
                      value={option.votes}
                      aria-label={option.label}
                    />
                    <span>{t('posts.page.votes', { count: option.votes })}</span>
                  </>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
      {poll.totalVotes === null ? (
        <p className="hint">{t('posts.page.resultsAfterVoting')}</p>
      ) : null}
    </section>
  );
}
