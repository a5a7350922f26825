import { MEMBER_ROLES, type MemberRole } from '@accord/contracts';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_NAMES, LANGUAGES, pickLanguage, type Language } from '@accord/i18n';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error';
import {
  addToWorkingGroup,
  changeRoles,
  createWorkingGroup,
  fetchAudit,
  fetchInvitations,
  fetchMembers,
  fetchNetwork,
  fetchOutbox,
  inviteMember,
  removeFromWorkingGroup,
  removeMember,
  type Member,
  type Network,
} from '../../api/network-api';
import { useApiResource } from '../../api/use-api-resource';
import { useSession } from '../../app/session-context';
import { CountryFlag, countryName } from '../../components/country-flag';
import { EmailAddress } from '../../components/email-address';
import { focusFirstInvalid, FormField } from '../../components/form-field';
import { PageMessage } from '../../components/page-message';
import { RelativeTimeLabel } from '../../components/relative-time-label';
import { usePageTitle } from '../../components/use-page-title';
import { INVITATION_STATE_LABELS, labelOf, PARTNER_TYPE_LABELS, ROLE_LABELS, WORKING_GROUP_KIND_LABELS } from '../../i18n/labels';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { languageNameOf, useUiLanguage } from '../../i18n/i18n';
import { NewPartner } from './new-partner-form';
import './network.css';

/** The coordinators' page: partners, members and roles, working groups, invitations, outbox, audit log. */
export function NetworkPage() {
  const { t } = useTranslation();
  const { member } = useSession();
  const { locale } = useUiLanguage();
  // Values the server may add later than this page: shown as they are until translated.
  const labelled = (labels: Record<string, ParseKeys>, value: string): string => {
    const key = labelOf(labels, value);
    return key ? t(key) : value;
  };
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const key = String(version);
  const [network] = useApiResource(fetchNetwork, key, true);
  const [members] = useApiResource(fetchMembers, key, true);
  const [invitations] = useApiResource(fetchInvitations, key, true);
  const [outbox] = useApiResource(fetchOutbox, key, true);
  const [audit] = useApiResource(fetchAudit, key, true);
  usePageTitle(network.state === 'loaded' ? network.value.name : t('network.title'));

  if (!member?.roles.includes('coordinator')) {
    return (
      <div className="page page--narrow">
        <PageMessage tone="problem">{t('network.coordinatorsOnly')}</PageMessage>
      </div>
    );
  }

  /** Runs a change, then reloads everything; the server's sentence is shown when it refuses. True when it went through. */
  const act = async (change: () => Promise<void>): Promise<boolean> => {
    setProblem(null);
    let done = false;
    try {
      await change();
      done = true;
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
    setVersion((n) => n + 1);
    return done;
  };

  return (
    <div className="page network-page" data-testid="network-page">
      <h1 className="page__title">{network.state === 'loaded' ? network.value.name : t('network.title')}</h1>
      {problem && <PageMessage tone="problem">{problem}</PageMessage>}

      <section aria-labelledby="partners-title">
        <h2 id="partners-title">{t('network.partners')}</h2>
        <NewPartner onAdded={() => setVersion((n) => n + 1)} />
        {network.state === 'loaded' && (
          <ul className="partner-grid" data-testid="partner-list">
            {network.value.partners.map((partner) => (
              <li key={partner.id} className="partner-card" data-testid="partner">
                <CountryFlag country={partner.country} />
                <div>
                  <strong>{partner.name}</strong>
                  {partner.isLead && <span className="tag">{t('network.lead')}</span>}
                  <div className="muted">
                    {partner.town}, {countryName(partner.country, locale)} · {labelled(PARTNER_TYPE_LABELS, partner.type)} · {languageNameOf(partner.workingLanguage, locale)}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('network.members')}</h2>
        {members.state === 'loaded' && network.state === 'loaded' && (
          <TableScroll labelledBy="members-title"><MemberTable members={members.value} network={network.value} selfId={member.id} act={act} /></TableScroll>
        )}
      </section>

      <section aria-labelledby="groups-title">
        <h2 id="groups-title">{t('network.workingGroups')}</h2>
        {network.state === 'loaded' && members.state === 'loaded' && <WorkingGroups network={network.value} members={members.value} act={act} />}
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t('network.invitations')}</h2>
        {network.state === 'loaded' && <InvitationForm network={network.value} act={act} />}
        {invitations.state === 'loaded' && (
          <TableScroll labelledBy="invitations-title">
          <table className="data-table" data-testid="invitation-list">
            <thead>
              <tr><th>{t('network.inviteName')}</th><th>{t('network.inviteEmail')}</th><th>{t('network.expires')}</th><th>{t('editor.statusLabel')}</th></tr>
            </thead>
            <tbody>
              {invitations.value.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.displayName}</td>
                  <td><EmailAddress email={invitation.email} /></td>
                  <td><RelativeTimeLabel iso={invitation.expiresAt} /></td>
                  <td>{labelled(INVITATION_STATE_LABELS, invitation.state)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="outbox-title">
        <h2 id="outbox-title">{t('network.outbox')}</h2>
        <p className="muted">{t('network.outboxIntro')}</p>
        {outbox.state === 'loaded' && (
          <ul className="outbox" data-testid="outbox">
            {outbox.value.map((mail) => (
              <li key={mail.id}>
                <details>
                  <summary>
                    <RelativeTimeLabel iso={mail.createdAt} /> · {t('network.to')} {mail.recipient} · {mail.subject}
                  </summary>
                  <pre>{mail.body}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="audit-title">
        <h2 id="audit-title">{t('network.audit')}</h2>
        {audit.state === 'loaded' && (
          <TableScroll labelledBy="audit-title">
          <table className="data-table" data-testid="audit-log">
            <thead>
              <tr><th>{t('network.when')}</th><th>{t('network.who')}</th><th>{t('network.what')}</th><th>{t('network.from')}</th></tr>
            </thead>
            <tbody>
              {audit.value.map((event) => (
                <tr key={event.id}>
                  <td><RelativeTimeLabel iso={event.createdAt} /></td>
                  <td>{event.actor}</td>
                  <td>
                    <code>{event.action}</code> {Object.keys(event.detail).length > 0 && <span className="muted">{JSON.stringify(event.detail)}</span>}
                  </td>
                  <td>{event.remoteAddress}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

/**
 * A wide table scrolls inside its own box, so the page itself reflows at 320 px (WCAG 1.4.10
 * allows two-dimensional scrolling for data tables). Focusable, so keyboard users can scroll it.
 */
function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

type Act = (change: () => Promise<void>) => Promise<boolean>;

function MemberTable({ members, network, selfId, act }: { members: Member[]; network: Network; selfId: string; act: Act }) {
  const { t } = useTranslation();
  const partnerOf = new Map(network.partners.map((partner) => [partner.id, partner]));
  const toggle = (member: Member, role: MemberRole) =>
    act(() => changeRoles(member.id, member.roles.includes(role) ? member.roles.filter((held) => held !== role) : [...member.roles, role]));
  return (
    <table className="data-table" data-testid="member-list">
      <thead>
        <tr>
          <th>{t('network.inviteName')}</th>
          <th>{t('network.invitePartner')}</th>
          {MEMBER_ROLES.map((role) => <th key={role}>{t(ROLE_LABELS[role])}</th>)}
          <th />
        </tr>
      </thead>
      <tbody>
        {members.map((member) => {
          const partner = partnerOf.get(member.partnerId);
          return (
            <tr key={member.id} data-testid="member-row" data-email={member.email}>
              <td>
                <strong>{member.displayName}</strong>
                <div className="muted"><EmailAddress email={member.email} />{!member.active && ` · ${t('network.inactive')}`}</div>
              </td>
              <td>{partner && <><CountryFlag country={partner.country} /> {partner.name}</>}</td>
              {MEMBER_ROLES.map((role) => (
                <td key={role}>
                  <input type="checkbox" aria-label={`${t(ROLE_LABELS[role])}: ${member.displayName}`} checked={member.roles.includes(role)} onChange={() => void toggle(member, role)} data-testid={`role-${role}`} />
                </td>
              ))}
              <td>
                {member.id !== selfId && (
                  <button type="button" className="button button--quiet" onClick={() => window.confirm(t('network.removeConfirm', { name: member.displayName })) && void act(() => removeMember(member.id))}>
                    {t('network.remove')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function WorkingGroups({ network, members, act }: { network: Network; members: Member[]; act: Act }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'local' | 'thematic'>('local');
  const [town, setTown] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [created, setCreated] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const nameOf = new Map(members.map((member) => [member.id, member.displayName]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameProblem(t('network.groupNameMissing'));
      focusFirstInvalid(formRef.current);
      return;
    }
    setNameProblem(null);
    const groupName = name.trim();
    setCreated('');
    // Said only once the server has it: a refusal is shown at the top of the page instead.
    void act(() => createWorkingGroup({ name: groupName, kind, town: kind === 'local' ? town.trim() || null : null })).then((done) => {
      if (!done) return;
      setCreated(t('network.groupAdded', { name: groupName }));
      setName('');
      setTown('');
    });
  };
  return (
    <>
      <ul className="group-list" data-testid="working-group-list">
        {network.workingGroups.map((group) => (
          <li key={group.id}>
            <strong>{group.name}</strong> <span className="muted">{t(WORKING_GROUP_KIND_LABELS[group.kind])}{group.town ? ` · ${group.town}` : ''} · <span data-testid="working-group-member-count">{t('network.memberCount', { count: group.memberIds.length })}</span></span>
            <ul className="chips">
              {group.memberIds.map((memberId) => (
                <li key={memberId} className="chip-item">
                  {nameOf.get(memberId) ?? memberId}
                  <button type="button" className="chip-item__remove" aria-label={`${t('network.remove')} ${nameOf.get(memberId) ?? ''}`} onClick={() => void act(() => removeFromWorkingGroup(group.id, memberId))}>×</button>
                </li>
              ))}
              <li>
                <select className="input input--compact" value="" aria-label={t('app.addToGroup', { group: group.name })} onChange={(event) => event.target.value && void act(() => addToWorkingGroup(group.id, event.target.value))}>
                  <option value="">+</option>
                  {members.filter((member) => !group.memberIds.includes(member.id)).map((member) => <option key={member.id} value={member.id}>{member.displayName}</option>)}
                </select>
              </li>
            </ul>
          </li>
        ))}
      </ul>
      <form ref={formRef} className="form-panel" onSubmit={submit} noValidate aria-labelledby="new-group-title" data-testid="new-group-form">
        <h3 id="new-group-title" className="form-panel__title">{t('network.newGroup')}</h3>
        <FormField label={t('network.groupName')} problem={nameProblem}>
          {(control) => <input {...control} className="input" maxLength={120} value={name} onChange={(event) => setName(event.target.value)} data-testid="new-group-name" />}
        </FormField>
        <FormField label={t('network.groupKind')} problem={null}>
          {(control) => (
            <select {...control} className="input" value={kind} onChange={(event) => setKind(event.target.value === 'thematic' ? 'thematic' : 'local')}>
              <option value="local">{t('workingGroupKind.local')}</option>
              <option value="thematic">{t('workingGroupKind.thematic')}</option>
            </select>
          )}
        </FormField>
        {kind === 'local' && (
          <FormField label={t('network.groupTown')} problem={null}>
            {(control) => <input {...control} className="input" maxLength={120} value={town} onChange={(event) => setTown(event.target.value)} />}
          </FormField>
        )}
        <div className="form-panel__actions">
          <button type="submit" className="button" data-testid="new-group-submit">{t('network.create')}</button>
          <span role="status" className="muted" data-testid="new-group-outcome">{created}</span>
        </div>
      </form>
    </>
  );
}

function InvitationForm({ network, act }: { network: Network; act: Act }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [partnerId, setPartnerId] = useState(network.partners[0]?.id ?? '');
  // The invitee's language starts as their partner's working language, when Accord speaks it.
  const languageOfPartner = (id: string): Language => pickLanguage([network.partners.find((partner) => partner.id === id)?.workingLanguage ?? '']) ?? DEFAULT_LANGUAGE;
  const [language, setLanguage] = useState<Language>(() => languageOfPartner(partnerId));
  const [roles, setRoles] = useState<MemberRole[]>(['editor']);
  const [groups, setGroups] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(() => inviteMember({ displayName, email, partnerId, roles, workingGroupIds: groups, language }));
    setDisplayName('');
    setEmail('');
  };
  const flip = <T,>(values: T[], value: T): T[] => (values.includes(value) ? values.filter((held) => held !== value) : [...values, value]);
  return (
    <form className="invite-form" onSubmit={submit} data-testid="invite-form">
      <label className="form-field">
        <span className="form-field__label">{t('network.inviteName')}</span>
        <input className="input input--compact" required value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
      </label>
      <label className="form-field">
        <span className="form-field__label">{t('network.inviteEmail')}</span>
        <input className="input input--compact" required type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
      </label>
      <label className="form-field">
        <span className="form-field__label">{t('network.invitePartner')}</span>
        <select className="input input--compact" value={partnerId} onChange={(event) => { setPartnerId(event.target.value); setLanguage(languageOfPartner(event.target.value)); }}>
          {network.partners.map((partner) => <option key={partner.id} value={partner.id}>{partner.name}</option>)}
        </select>
      </label>
      <label className="form-field">
        <span className="form-field__label">{t('network.inviteLanguage')}</span>
        <select className="input input--compact" value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)} data-testid="invite-language">
          {LANGUAGES.map((code) => <option key={code} value={code} lang={code}>{LANGUAGE_NAMES[code]}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('network.inviteRoles')}</legend>
        {MEMBER_ROLES.map((role) => (
          <label key={role}><input type="checkbox" checked={roles.includes(role)} onChange={() => setRoles(flip(roles, role))} /> {t(ROLE_LABELS[role])}</label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('network.inviteGroups')}</legend>
        {network.workingGroups.map((group) => (
          <label key={group.id}><input type="checkbox" checked={groups.includes(group.id)} onChange={() => setGroups(flip(groups, group.id))} /> {group.name}</label>
        ))}
      </fieldset>
      <button type="submit" className="button button--primary">{t('network.invite')}</button>
    </form>
  );
}
