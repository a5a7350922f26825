import type { CommentThreadView, SignedInMember } from '@accord/contracts';
import type { Editor } from '@tiptap/core';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createThread, type NewThread } from '../../api/comments-api';
import { CommentComposer } from './comment-composer';
import { FILTER_LABELS } from './comment-labels';
import { ThreadCard, type ThreadActions } from './thread-card';
import { PANEL_FILTERS, threadMatches, type PanelFilter } from './thread-filters';
import { SIDE_BY_SIDE } from './panel-layout';
import type { ThreadResolutions } from './thread-highlights';
import type { ThreadStore, ThreadStoreSnapshot } from './thread-store';
import type { ThreadFocusRequest } from './use-comment-threads';
import './comments.css';

/** Space kept between two cards pushed down by the one above. */
const CARD_GAP = 8;

interface CommentsPanelProps {
  editor: Editor;
  store: ThreadStore;
  snapshot: ThreadStoreSnapshot;
  member: SignedInMember;
  recommendationId: string;
  resolutions: ThreadResolutions;
  activeId: string | null;
  onActivate: (threadId: string | null) => void;
  draft: NewThread['anchor'] | null;
  onDraftClosed: (createdId: string | null) => void;
  onJump: (threadId: string) => void;
  stateVector: () => string;
  /** The thread to move focus to (a new one, one opened from the text or from a link); handed back once focused. */
  focusRequest: ThreadFocusRequest | null;
  onFocused: (request: ThreadFocusRequest) => void;
  /** Turns a thread into an amendment of its passage. */
  onAmend?: (thread: CommentThreadView) => void;
}

/** The threads beside the text: a labelled region with a filter, the new-thread composer and one card per thread. */
export function CommentsPanel(props: CommentsPanelProps) {
  const { editor, store, snapshot, member, recommendationId, resolutions, activeId, onActivate, draft, onDraftClosed, onJump, stateVector, focusRequest, onFocused, onAmend } = props;
  const { t } = useTranslation();
  const headingId = useId();
  const [filter, setFilter] = useState<PanelFilter>('open');
  const listRef = useRef<HTMLDivElement>(null);
  const cards = useRef(new Map<string, HTMLElement>());

  const shown = snapshot.threads
    .filter((thread) => threadMatches(thread, filter, member.id) || thread.id === activeId)
    .sort((a, b) => orderOf(a, resolutions) - orderOf(b, resolutions));

  const actions: ThreadActions = { recommendationId, member, onChanged: (thread) => store.upsert(thread), onJump, stateVector, onAmend };

  useEffect(() => {
    if (!focusRequest) return;
    const card = cards.current.get(focusRequest.threadId);
    if (!card) return;
    // When the passage is to be shown, focus must not scroll to the card: onFocused scrolls to the passage.
    card.focus({ preventScroll: focusRequest.reveal !== 'card' });
    if (focusRequest.reveal === 'card-top') card.scrollIntoView({ block: 'start' });
    onFocused(focusRequest);
  });

  // Level with the passage: each card moves down to its passage's line, or just below the card above.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const place = (): void => {
      const sideBySide = window.matchMedia(SIDE_BY_SIDE).matches;
      const listTop = list.getBoundingClientRect().top;
      let bottom = 0;
      for (const thread of shown) {
        const card = cards.current.get(thread.id);
        if (!card) continue;
        const resolution = resolutions.get(thread.id);
        let margin = 0;
        if (sideBySide && resolution && resolution.status !== 'detached' && !editor.isDestroyed && resolution.from <= editor.state.doc.content.size) {
          const wanted = editor.view.coordsAtPos(resolution.from).top - listTop;
          margin = Math.max(0, wanted - bottom);
        }
        card.style.marginTop = `${margin}px`;
        bottom += margin + card.offsetHeight + CARD_GAP;
      }
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  });

  return (
    <aside className="comments-panel" aria-labelledby={headingId} data-testid="comments-panel">
      <div className="comments-panel__head">
        <h2 className="comments-panel__title" id={headingId}>{t('comments.panelTitle')}</h2>
        <label className="comments-panel__filter">
          <span className="visually-hidden">{t('comments.filterLabel')}</span>
          <select className="input" value={filter} data-testid="thread-filter"
            onChange={(event) => setFilter(PANEL_FILTERS.find((candidate) => candidate === event.target.value) ?? 'open')}>
            {PANEL_FILTERS.map((candidate) => <option key={candidate} value={candidate}>{t(FILTER_LABELS[candidate])}</option>)}
          </select>
        </label>
      </div>
      <CommentAnnouncer store={store} memberId={member.id} />
      {draft && (
        <div className="thread-card thread-card--draft" data-testid="new-thread">
          <p className="thread-card__quote-line"><q className="thread-card__quote">{draft.quotedText}</q></p>
          <CommentComposer
            label={t('comments.newThreadLabel')}
            submitLabel={t('comments.newThreadSubmit')}
            recommendationId={recommendationId}
            autoFocus
            testId="thread-composer"
            onCancel={() => onDraftClosed(null)}
            onSubmit={async (body, stance) => {
              const thread = await createThread(recommendationId, { anchor: draft, body, stance, stateVector: stateVector() });
              store.upsert(thread);
              onDraftClosed(thread.id);
            }}
          />
        </div>
      )}
      {snapshot.state === 'failed' && <p className="comments-panel__empty" role="alert">{t('comments.loadFailed')}</p>}
      {snapshot.state === 'loaded' && shown.length === 0 && !draft && <p className="comments-panel__empty">{t('comments.empty')}</p>}
      <div className="comments-panel__list" ref={listRef} data-testid="thread-list">
        {shown.map((thread) => (
          <ThreadCard
            key={thread.id}
            ref={(element) => {
              if (element) cards.current.set(thread.id, element);
              else cards.current.delete(thread.id);
            }}
            thread={thread}
            resolution={resolutions.get(thread.id)}
            active={thread.id === activeId}
            onToggle={() => onActivate(thread.id === activeId ? null : thread.id)}
            actions={actions}
          />
        ))}
      </div>
    </aside>
  );
}

/** Threads in the order of their passages; detached ones (no passage) last. */
function orderOf(thread: CommentThreadView, resolutions: ThreadResolutions): number {
  const resolution = resolutions.get(thread.id);
  return resolution && resolution.status !== 'detached' ? resolution.from : Number.MAX_SAFE_INTEGER;
}

/** How long new comments are gathered before they are said, so a burst is one sentence. */
const ANNOUNCE_QUIET_MS = 1500;

/** Says politely that others commented: one sentence per burst, never the member's own comments. */
function CommentAnnouncer({ store, memberId }: { store: ThreadStore; memberId: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const translate = useRef(t);
  translate.current = t;

  useEffect(() => {
    let names: string[] = [];
    let timer: number | undefined;
    const stop = store.onEvent((event) => {
      if (event.actorMemberId === memberId || (event.action !== 'comment.created' && event.action !== 'thread.created')) return;
      const latest = event.thread.comments.at(-1);
      names.push(latest?.author.displayName ?? '');
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const said = names.length === 1 ? translate.current('comments.announceOne', { name: names[0] }) : translate.current('comments.announceMany', { count: names.length });
        names = [];
        setMessage(said);
      }, ANNOUNCE_QUIET_MS);
    });
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, [store, memberId]);

  return <p className="visually-hidden" role="status" aria-live="polite" data-testid="comment-announcer">{message}</p>;
}
