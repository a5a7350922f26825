import { presenceColourFor, type AmendmentAuthor, type AmendmentDetail, type MentionableMember } from '@accord/contracts';
import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { inviteAuthor } from '../../api/amendments-api';
import { useSession } from '../../app/session-context';
import { FormField } from '../../components/form-field';
import { useMentionSuggestions } from '../comments/mention-suggestions';
import { initialsOf } from '../editor/presence';

/** What the last invitation came to, said under the list (the field's own problems stay at the field). */
type Outcome = { tone: 'done'; text: string } | { tone: 'problem'; text: string } | null;

/**
 * The members who may edit the amendment, with their partner, and, for those the server lets
 * invite (its authors while it is open: `canInvite`), a control to add a member of the network.
 * The list shows the server's answer to the invitation at once; the page reloads the rest.
 */
export function AmendmentAuthors({ amendment, onChanged }: { amendment: AmendmentDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const { member } = useSession();
  const [authors, setAuthors] = useState<AmendmentAuthor[]>(amendment.authors);
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const formId = useId();
  useEffect(() => setAuthors(amendment.authors), [amendment.authors]);

  const close = (): void => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  const invited = (detail: AmendmentDetail, invitee: MentionableMember): void => {
    setAuthors(detail.authors);
    setOutcome({ tone: 'done', text: t('amendments.invite.added', { name: invitee.displayName }) });
    onChanged();
  };
  const failed = (error: unknown): void => {
    setOutcome({ tone: 'problem', text: inviteProblemOf(error, t) });
    // Refused because the amendment changed under the page (closed, put to the vote): show it as it is now.
    if (error instanceof ApiError && (error.code === 'AMENDMENT_NOT_OPEN' || error.code === 'NOT_AMENDMENT_AUTHOR')) onChanged();
  };

  return (
    <section className="amendment-authors" aria-labelledby="amendment-authors-title" data-testid="amendment-authors">
      <h2 id="amendment-authors-title" className="amendment-section__title">{t('amendments.authors')}</h2>
      <ul className="amendment-authors__list" data-testid="amendment-author-list">
        {authors.map((author) => (
          <li key={author.memberId ?? author.displayName} className="amendment-authors__author" data-member-id={author.memberId ?? undefined}>
            <span className="amendment-authors__avatar" style={{ backgroundColor: presenceColourFor(author.memberId ?? author.displayName) }} aria-hidden="true">
              {initialsOf(author.displayName)}
            </span>
            <span className="amendment-authors__name">
              {author.displayName}
              {author.memberId === member?.id && <span className="amendment-authors__you"> {t('amendments.invite.you')}</span>}
            </span>
            <span className="amendment-authors__partner">{author.partnerName}</span>
          </li>
        ))}
      </ul>
      {amendment.canInvite && (
        <>
          <button ref={toggleRef} type="button" className="button" aria-expanded={open} aria-controls={open ? formId : undefined}
            onClick={() => setOpen((now) => !now)} data-testid="invite-co-author">
            {t('amendments.invite.open')}
          </button>
          {open && (
            <InviteForm id={formId} recommendationId={amendment.recommendationId} amendmentId={amendment.id} authors={authors}
              onInvited={invited} onFailed={failed} onStart={() => setOutcome(null)} onCancel={close} />
          )}
        </>
      )}
      {/* Always in the page, so that a screen reader announces what is put in it. */}
      <p className={outcome?.tone === 'done' ? 'amendment-authors__outcome' : 'visually-hidden'} role="status" aria-live="polite" data-testid="invite-outcome">
        {outcome?.tone === 'done' ? outcome.text : ''}
      </p>
      {outcome?.tone === 'problem' && <p className="form-panel__problem amendment-authors__problem" role="alert" data-testid="invite-problem">{outcome.text}</p>}
    </section>
  );
}

interface InviteFormProps {
  id: string;
  recommendationId: string;
  amendmentId: string;
  authors: readonly AmendmentAuthor[];
  onInvited: (detail: AmendmentDetail, invitee: MentionableMember) => void;
  onFailed: (error: unknown) => void;
  onStart: () => void;
  onCancel: () => void;
}

/**
 * A name field that suggests members of the network as you type (the @-mention list: an ARIA
 * combobox, arrows and Enter pick), and a button that invites the member picked.
 */
function InviteForm({ id, recommendationId, amendmentId, authors, onInvited, onFailed, onStart, onCancel }: InviteFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<MentionableMember | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = `${id}-heading`;
  const suggestions = useMentionSuggestions({
    recommendationId,
    // The list opens on typing and closes once a member is picked; typing again looks for another.
    query: chosen || !name.trim() ? null : name.trim(),
    onPick: (member) => {
      setChosen(member);
      setName(member.displayName);
      setProblem(null);
    },
    listLabel: t('amendments.invite.suggestions'),
  });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const found = !chosen ? t('amendments.invite.chooseMember')
      : authors.some((author) => author.memberId === chosen.id) ? t('amendments.invite.alreadyAuthor', { name: chosen.displayName }) : null;
    setProblem(found);
    if (!chosen || found) {
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    onStart();
    try {
      onInvited(await inviteAuthor(amendmentId, chosen.id), chosen);
      setName('');
      setChosen(null);
    } catch (error) {
      onFailed(error);
    } finally {
      setBusy(false);
      // Ready for the next name, wherever the invitation was sent from (Enter or the button).
      inputRef.current?.focus();
    }
  };

  return (
    <form id={id} className="form-panel amendment-authors__form" aria-labelledby={headingId} noValidate onSubmit={(event) => void submit(event)} data-testid="invite-co-author-form">
      <h3 id={headingId} className="form-panel__title">{t('amendments.invite.title')}</h3>
      {/* The field keeps the focus, so its problem is also said aloud here. */}
      <p className="visually-hidden" role="alert">{problem ?? ''}</p>
      <FormField label={t('amendments.invite.member')} hint={t('amendments.invite.hint')} problem={problem}>
        {(control) => (
          <div className="amendment-authors__combobox">
            <input {...control} {...suggestions.comboboxProps} ref={inputRef} className="input" value={name} autoFocus autoComplete="off" spellCheck={false} maxLength={120}
              onChange={(event) => {
                setName(event.target.value);
                setChosen(null);
              }}
              onKeyDown={(event) => {
                if (suggestions.onKeyDown(event)) return;
                if (event.key === 'Escape') onCancel();
              }}
              data-testid="invite-co-author-member" />
            {suggestions.listbox}
          </div>
        )}
      </FormField>
      <div className="form-panel__actions">
        <button type="submit" className="button button--primary" aria-disabled={busy} data-testid="invite-co-author-submit">{t('amendments.invite.submit')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('forms.cancel')}</button>
      </div>
    </form>
  );
}

/** The sentence for a refused or failed invitation, in the member's language. */
function inviteProblemOf(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('amendments.invite.failed', { reason: String(error) });
  switch (error.code) {
    case 'NOT_AMENDMENT_AUTHOR':
      return t('amendments.invite.notAllowed');
    case 'AMENDMENT_NOT_OPEN':
      return t('amendments.invite.notOpen');
    case 'AMENDMENT_INVITEE_UNKNOWN':
      return t('amendments.invite.unknownMember');
    default:
      // Unreachable server (status 0) and the rest: the client's or the server's own sentence, already in the member's language.
      return error.status === 0 ? error.message : t('amendments.invite.failed', { reason: error.message });
  }
}
