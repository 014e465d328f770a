import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ROLES, type TRole } from '../../../../common/constants.ts';
import type { TGroup, TMember } from '../../../../common/groups.ts';
import { useMe } from '../../api/accounts.ts';
import { type MemberAction, useGroup, useMemberAction, useMembers } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert, Notice } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../i18n/dates.ts';

type Tab = 'active' | 'pending' | 'banned';

export default function Members() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  return <MemberList group={group.data} />;
}

function MemberList({ group }: { group: TGroup }) {
  const { t } = useTranslation();
  const me = useMe();
  // The list shown and its filters live in the address: a notification links to the requests.
  const [params, setParams] = useSearchParams();
  const tab: Tab =
    (['pending', 'banned'] as const).find((name) => name === params.get('tab')) ?? 'active';
  const role = (ROLES as readonly string[]).includes(params.get('role') ?? '')
    ? params.get('role')!
    : '';
  const idChecked = params.get('idChecked') === 'true' ? 'true' : '';
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const [search, setSearch] = useState('');
  const members = useMembers(
    group.slug,
    { q: search.trim(), status: tab, role, idChecked },
    group.myMembership?.status === 'active',
  );
  const counts = members.data?.counts;
  const act = useMemberAction(group.slug);
  const [done, setDone] = useState<string | undefined>();
  const dates = useDates();

  const run = (action: MemberAction, message: string) => {
    setDone(undefined);
    act.mutate(action, { onSuccess: () => setDone(message) });
  };

  if (group.myMembership?.status !== 'active') {
    return (
      <>
        <PageTitle>{t('groups.members.title', { name: group.name })}</PageTitle>
        <p>{t('groups.members.membersOnly')}</p>
      </>
    );
  }
  const tabs: Tab[] = group.canModerate ? ['active', 'pending', 'banned'] : ['active'];
  return (
    <>
      <PageTitle>{t('groups.members.title', { name: group.name })}</PageTitle>
      <p>
        <Link to={`/groups/${group.slug}`}>{t('groups.backTo', { name: group.name })}</Link>
      </p>
      {tabs.length > 1 ? (
        <fieldset className="actions tabs">
          <legend className="visually-hidden">{t('groups.members.show')}</legend>
          {tabs.map((name) => (
            <button
              key={name}
              type="button"
              className="button"
              aria-pressed={tab === name}
              onClick={() => setParam('tab', name === 'active' ? '' : name)}
            >
              {counts
                ? t(`groups.members.tabCounts.${name}`, { count: counts[name] })
                : t(`groups.members.tabs.${name}`)}
            </button>
          ))}
        </fieldset>
      ) : null}
      <div className="member-filters">
        <div className="field">
          <label htmlFor="member-search">{t('groups.members.search')}</label>
          <input
            id="member-search"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        {tab === 'active' ? (
          <div className="field">
            <label htmlFor="member-role">{t('groups.members.roleFilter')}</label>
            <select
              id="member-role"
              value={role}
              onChange={(e) => setParam('role', e.target.value)}
            >
              <option value="">{t('groups.members.anyRole')}</option>
              {ROLES.map((name) => (
                <option key={name} value={name}>
                  {t(`roles.${name}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {tab === 'active' && group.canModerate ? (
          <label className="inline-check">
            {/* Ticks at once; the address follows (in a transition, so a controlled box would
                spring back until it lands), and a change of address (Back) re-draws it. */}
            <input
              type="checkbox"
              key={idChecked}
              defaultChecked={idChecked === 'true'}
              onChange={(e) => setParam('idChecked', e.target.checked ? 'true' : '')}
            />{' '}
            {t('groups.members.onlyIdChecked')}
          </label>
        ) : null}
      </div>
      <FormAlert message={act.error ? problemMessage(t, act.error) : undefined} />
      <Notice message={done} />
      {members.isPending ? <p role="status">{t('app.loading')}</p> : null}
      {members.isError ? <p role="alert">{problemMessage(t, members.error)}</p> : null}
      {members.data && members.data.items.length === 0 ? (
        <p>{t(`groups.members.empty.${tab}`)}</p>
      ) : null}
      <ul className="member-list">
        {members.data?.items.map((member) => (
          <li key={member.userId}>
            <MemberRow
              member={member}
              group={group}
              isMe={member.userId === me.data?.id}
              dates={dates}
              run={run}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function MemberRow({
  member,
  group,
  isMe,
  dates,
  run,
}: {
  member: TMember;
  group: TGroup;
  isMe: boolean;
  dates: ReturnType<typeof useDates>;
  run: (action: MemberAction, message: string) => void;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const name = member.displayName;
  const canActOn =
    !isMe &&
    member.role !== 'admin' &&
    (group.canAdminister || (group.canModerate && member.role === 'member'));
  const canManage =
    member.status === 'active' && !isMe && (group.canAdminister || group.canModerate);
  /** One button for one action on this member, and what is said once it is done. */
  const action = (
    kind: 'id-check' | 'remove' | 'ban',
    label: 'recordIdCheck' | 'remove' | 'ban',
    done: 'idChecked' | 'removed' | 'bannedDone',
    className = 'button',
  ) => (
    <button
      type="button"
      className={className}
      onClick={() => run({ kind, userId: member.userId }, t(`groups.members.${done}`, { name }))}
    >
      {t(`groups.members.${label}`, { name })}
    </button>
  );
  return (
    <article aria-label={name} className="member-row">
      <p className="member-line">
        <strong className="member-name">{name}</strong>
        {member.role !== 'member' ? (
          <span className="badge">{t(`roles.${member.role}`)}</span>
        ) : null}
        {member.isIdChecked ? <span className="badge">{t('groups.members.idBadge')}</span> : null}
        <span className="muted">
          {member.joinedAt
            ? t('groups.members.joined', { date: dates.date(member.joinedAt) })
            : member.requestedAt
              ? t('groups.members.asked', { date: dates.date(member.requestedAt) })
              : null}
        </span>
      </p>
      {member.status === 'pending' ? <JoinAnswers member={member} /> : null}
      {member.status === 'pending' && group.canModerate ? (
        <div className="actions">
          <div className="field">
            <label htmlFor={`message-${member.userId}`}>{t('groups.members.message')}</label>
            <input
              id={`message-${member.userId}`}
              value={message}
              onChange={(event) => setMessage(event.target.value)}
            />
          </div>
          <button
            type="button"
            className="button primary"
            onClick={() =>
              run(
                { kind: 'approve', userId: member.userId, message },
                t('groups.members.approved', { name }),
              )
            }
          >
            {t('groups.members.approve', { name })}
          </button>
          <button
            type="button"
            className="button"
            onClick={() =>
              run(
                { kind: 'decline', userId: member.userId, message },
                t('groups.members.declined', { name }),
              )
            }
          >
            {t('groups.members.decline', { name })}
          </button>
        </div>
      ) : null}
      {canManage ? (
        <details className="member-manage">
          <summary>{t('groups.members.manage', { name })}</summary>
          <JoinAnswers member={member} />
          {member.status === 'active' && group.canAdminister && !isMe ? (
            <div className="field">
              <label htmlFor={`role-${member.userId}`}>{t('groups.members.role', { name })}</label>
              <select
                id={`role-${member.userId}`}
                value={member.role}
                onChange={(event) =>
                  run(
                    { kind: 'role', userId: member.userId, role: event.target.value as TRole },
                    t('groups.members.roleChanged', { name }),
                  )
                }
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`roles.${role}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {member.status === 'active' && group.canModerate && !isMe ? (
            <div className="actions">{action('id-check', 'recordIdCheck', 'idChecked')}</div>
          ) : null}
          {member.status === 'active' && canActOn ? (
            <div className="actions">
              {action('remove', 'remove', 'removed')}
              {action('ban', 'ban', 'bannedDone', 'button danger')}
            </div>
          ) : null}
        </details>
      ) : null}
      {member.status === 'banned' && group.canModerate ? (
        <button
          type="button"
          className="button"
          onClick={() =>
            run({ kind: 'remove', userId: member.userId }, t('groups.members.unbanned', { name }))
          }
        >
          {t('groups.members.unban', { name })}
        </button>
      ) : null}
    </article>
  );
}

/** What someone answered to the group's questions when they asked to join. */
function JoinAnswers({ member }: { member: TMember }) {
  if (!member.joinAnswers || member.joinAnswers.length === 0) return null;
  return (
    <dl className="answers">
      {member.joinAnswers.map((a) => (
        <div key={a.question}>
          <dt>{a.question}</dt>
          <dd className="pre-line">{a.answer}</dd>
        </div>
      ))}
    </dl>
  );
}
