import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../components/Icon.tsx';

/**
 * "Ask for help" and "Offer help", one tap from home, a group's page and its posts; each opens
 * the form with its kind chosen. `slug` is the group, or none: then the form asks which group.
 * `withOther` adds the link for news and questions (on a group's page).
 */
export function WriteButtons({ slug, withOther = false }: { slug?: string; withOther?: boolean }) {
  const { t } = useTranslation();
  const base = slug ? `/groups/${slug}/posts/new` : '/posts/new';
  return (
    <p className="actions write-buttons">
      <Link className="button primary" to={`${base}?kind=ask`}>
        <Icon name="ask" />
        {t('posts.write.ask')}
      </Link>
      <Link className="button" to={`${base}?kind=offer`}>
        <Icon name="offer" />
        {t('posts.write.offer')}
      </Link>
      {slug && withOther ? (
        <Link className="write-other" to={`${base}?kind=info`}>
          {t('posts.write.other')}
        </Link>
      ) : null}
    </p>
  );
}
