import { REACTION_EMOJI, type CommentThreadView, type CommentView, type ReactionEmoji, type SignedInMember, type Stance } from '@accord/contracts';
import type { AnchorResolution } from '@accord/editor';
import { forwardRef, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { deleteComment, editComment, hideComment, replyToThread, setReaction, setThreadStatus } from '../../api/comments-api';
import { RelativeTimeLabel } from '../../components/relative-time-label';
import { CommentBodyView, plainTextOfBody } from './comment-body';
import { CommentComposer } from './comment-composer';
import { STANCE_LABELS } from './comment-labels';
import { visibleCommentCount } from './thread-filters';

export interface ThreadActions {
  recommendationId: string;
  member: SignedInMember;
  /** Takes the thread as the server answered (the live event brings the same a moment later). */
  onChanged: (thread: CommentThreadView) => void;
  onJump: (threadId: string) => void;
  stateVector: () => string;
  /** Turns the thread into an amendment of its passage (absent: not offered). */
  onAmend?: (thread: CommentThreadView) => void;
}

interface ThreadCardProps {
  thread: CommentThreadView;
  resolution: AnchorResolution | undefined;
  active: boolean;
  onToggle: () => void;
  actions: ThreadActions;
}

/** One thread: its passage, comments, stances and actions; collapsed to a summary unless it is the open one. */
export const ThreadCard = forwardRef<HTMLElement, ThreadCardProps>(function ThreadCard({ thread, resolution, active, onToggle, actions }, ref) {
  const { t } = useTranslation();
  const headingId = useId();
  const bodyId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const detached = resolution?.status === 'detached';
  const count = visibleCommentCount(thread);
  const first = thread.comments[0];

  const run = async (request: () => Promise<CommentThreadView>): Promise<void> => {
    try {
      actions.onChanged(await request());
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('comments.sendFailed'));
    }
  };

  return (
    <article
      ref={ref}
      className={`thread-card${active ? ' thread-card--active' : ''}${thread.status === 'resolved' ? ' thread-card--resolved' : ''}`}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid="thread-card"
      data-thread-id={thread.id}
      data-status={thread.status}
      data-anchor={resolution?.status ?? 'unknown'}
    >
      <h3 className="thread-card__heading" id={headingId}>
        <button type="button" className="thread-card__toggle" aria-expanded={active} aria-controls={bodyId} onClick={onToggle} data-testid="thread-toggle">
          <span className="visually-hidden">{t('comments.threadOn')} </span>
          <q className="thread-card__quote" data-testid="thread-quote">{thread.anchor.quotedText}</q>
          <span className="thread-card__summary">
            {t('comments.commentCount', { count })}
            {thread.status === 'resolved' && <span className="thread-card__tag">{t('comments.resolvedTag')}</span>}
            {detached && <span className="thread-card__tag thread-card__tag--detached" data-testid="thread-detached">{t('comments.detachedTag')}</span>}
          </span>
        </button>
      </h3>
      {!active && first && <CollapsedPreview comment={first} />}
      <div id={bodyId} hidden={!active}>
        {active && (
          <>
            {detached && <p className="thread-card__note">{t('comments.detachedNote')}</p>}
            {thread.status === 'resolved' && thread.resolvedByName && (
              <p className="thread-card__note">{t('comments.resolvedBy', { name: thread.resolvedByName })}</p>
            )}
            <StanceSummary thread={thread} />
            <ol className="thread-card__comments">
              {thread.comments.map((comment) => (
                <li key={comment.id}><CommentItem comment={comment} thread={thread} actions={actions} run={run} /></li>
              ))}
            </ol>
            {problem && <p className="comment-composer__problem" role="alert">{problem}</p>}
            <div className="thread-card__actions">
              {!detached && (
                <button type="button" className="button button--quiet" onClick={() => actions.onJump(thread.id)} data-testid="thread-jump">{t('comments.jumpToPassage')}</button>
              )}
              <button type="button" className="button button--quiet" data-testid={thread.status === 'open' ? 'thread-resolve' : 'thread-reopen'}
                onClick={() => void run(() => setThreadStatus(actions.recommendationId, thread.id, thread.status === 'open'))}>
                {thread.status === 'open' ? t('comments.resolve') : t('comments.reopen')}
              </button>
              {!detached && actions.onAmend && (
                <button type="button" className="button button--quiet" onClick={() => actions.onAmend?.(thread)} data-testid="thread-amend">{t('amendments.fromThread')}</button>
              )}
            </div>
            <CommentComposer
              label={t('comments.replyLabel')}
              submitLabel={t('comments.replySubmit')}
              recommendationId={actions.recommendationId}
              testId="reply-composer"
              onSubmit={async (body, stance) => {
                actions.onChanged(await replyToThread(actions.recommendationId, thread.id, { body, stance, stateVector: actions.stateVector() }));
              }}
            />
          </>
        )}
      </div>
    </article>
  );
});

function CollapsedPreview({ comment }: { comment: CommentView }) {
  const { t } = useTranslation();
  return (
    <p className="thread-card__preview">
      <span className="comment__author">{comment.author.displayName}</span>{' '}
      {comment.body ? plainTextOfBody(comment.body) : comment.hidden ? t('comments.hiddenShort') : t('comments.deleted')}
    </p>
  );
}

/** The latest stance of each commenter, counted by partner. */
function StanceSummary({ thread }: { thread: CommentThreadView }) {
  const { t } = useTranslation();
  if (thread.stances.length === 0) return null;
  return (
    <dl className="stance-summary" aria-label={t('comments.stancesLabel')} data-testid="stance-summary">
      {thread.stances.map((row) => (
        <div key={row.partner?.id ?? 'none'} className="stance-summary__row">
          <dt>{row.partner?.name ?? t('comments.noPartner')}</dt>
          <dd>
            {row.for > 0 && <span className="stance stance--for">{t('comments.stanceCount.for', { count: row.for })}</span>}
            {row.against > 0 && <span className="stance stance--against">{t('comments.stanceCount.against', { count: row.against })}</span>}
            {row.neutral > 0 && <span className="stance stance--neutral">{t('comments.stanceCount.neutral', { count: row.neutral })}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

interface CommentItemProps {
  comment: CommentView;
  thread: CommentThreadView;
  actions: ThreadActions;
  run: (request: () => Promise<CommentThreadView>) => Promise<void>;
}

function CommentItem({ comment, thread, actions, run }: CommentItemProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'read' | 'edit' | 'confirm-delete' | 'hide' | 'react'>('read');
  const { member, recommendationId } = actions;
  const own = comment.author.memberId === member.id;
  const gone = comment.deletedAt !== null;
  const coordinator = member.roles.includes('coordinator');

  const header = (
    <p className="comment__meta">
      <span className="comment__author">{comment.author.displayName}</span>
      {comment.author.partner && <span className="comment__partner">{comment.author.partner.name}</span>}
      <RelativeTimeLabel iso={comment.createdAt} />
      {comment.editedAt && !gone && <span className="comment__edited" data-testid="comment-edited">{t('comments.edited')}</span>}
      {comment.stance && !gone && <span className={`stance stance--${comment.stance}`}>{t(STANCE_LABELS[comment.stance])}</span>}
    </p>
  );

  if (gone) {
    return (
      <div className="comment comment--tombstone" data-testid="comment" data-state="deleted">
        {header}
        <p className="comment__tombstone">{t('comments.deleted')}</p>
      </div>
    );
  }
  if (comment.hidden) {
    return (
      <div className="comment comment--tombstone" data-testid="comment" data-state="hidden">
        {header}
        <p className="comment__tombstone">{t('comments.hidden', { name: comment.hidden.byName, reason: comment.hidden.reason })}</p>
      </div>
    );
  }
  if (mode === 'edit' && comment.body) {
    return (
      <div className="comment" data-testid="comment" data-state="editing">
        {header}
        <CommentComposer
          label={t('comments.editLabel')}
          submitLabel={t('comments.editSubmit')}
          recommendationId={recommendationId}
          initialBody={comment.body}
          initialStance={comment.stance}
          autoFocus
          testId="edit-composer"
          onCancel={() => setMode('read')}
          onSubmit={async (body, stance: Stance | null) => {
            actions.onChanged(await editComment(recommendationId, thread.id, comment.id, { body, stance, stateVector: actions.stateVector() }));
            setMode('read');
          }}
        />
      </div>
    );
  }

  const mine = (emoji: ReactionEmoji): boolean => comment.reactions.some((reaction) => reaction.emoji === emoji && reaction.memberIds.includes(member.id));
  const toggle = (emoji: ReactionEmoji): void => void run(() => setReaction(recommendationId, thread.id, comment.id, emoji, !mine(emoji)));

  return (
    <div className="comment" data-testid="comment" data-state="shown">
      {header}
      {comment.body && <CommentBodyView body={comment.body} />}
      <div className="comment__reactions">
        {comment.reactions.filter((reaction) => reaction.count > 0).map((reaction) => (
          <button key={reaction.emoji} type="button" className="reaction" aria-pressed={mine(reaction.emoji)}
            aria-label={t('comments.reactionLabel', { emoji: reaction.emoji, count: reaction.count })} onClick={() => toggle(reaction.emoji)}>
            <span aria-hidden="true">{reaction.emoji} {reaction.count}</span>
          </button>
        ))}
        <button type="button" className="reaction reaction--add" aria-expanded={mode === 'react'} onClick={() => setMode(mode === 'react' ? 'read' : 'react')}>
          {t('comments.react')}
        </button>
      </div>
      {mode === 'react' && (
        <div className="reaction-picker" role="group" aria-label={t('comments.reactionPicker')}>
          {REACTION_EMOJI.map((emoji) => (
            <button key={emoji} type="button" className="reaction" aria-pressed={mine(emoji)} aria-label={t('comments.reactWith', { emoji })}
              onClick={() => {
                toggle(emoji);
                setMode('read');
              }}>
              <span aria-hidden="true">{emoji}</span>
            </button>
          ))}
        </div>
      )}
      {(own || coordinator) && mode !== 'react' && (
        <div className="comment__actions">
          {own && <button type="button" className="link-button" onClick={() => setMode('edit')} data-testid="comment-edit">{t('comments.edit')}</button>}
          {own && mode !== 'confirm-delete' && <button type="button" className="link-button" onClick={() => setMode('confirm-delete')} data-testid="comment-delete">{t('comments.delete')}</button>}
          {own && mode === 'confirm-delete' && (
            <>
              <button type="button" className="link-button link-button--danger" autoFocus data-testid="comment-delete-confirm"
                onClick={() => void run(() => deleteComment(recommendationId, thread.id, comment.id))}>{t('comments.deleteConfirm')}</button>
              <button type="button" className="link-button" onClick={() => setMode('read')}>{t('comments.cancel')}</button>
            </>
          )}
          {coordinator && !own && mode !== 'hide' && <button type="button" className="link-button" onClick={() => setMode('hide')} data-testid="comment-hide">{t('comments.hide')}</button>}
        </div>
      )}
      {mode === 'hide' && <HideForm onCancel={() => setMode('read')} onHide={(reason) => run(() => hideComment(recommendationId, thread.id, comment.id, reason))} />}
    </div>
  );
}

function HideForm({ onCancel, onHide }: { onCancel: () => void; onHide: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void onHide(reason.trim());
  };
  return (
    <form className="comment-composer" onSubmit={submit} data-testid="hide-form">
      <label className="comment-composer__label" htmlFor={id}>{t('comments.hideReason')}</label>
      <input id={id} className="input" value={reason} autoFocus minLength={3} maxLength={500} required onChange={(event) => setReason(event.target.value)} />
      <div className="comment-composer__actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>{t('comments.cancel')}</button>
        <button type="submit" className="button button--primary">{t('comments.hideSubmit')}</button>
      </div>
    </form>
  );
}
