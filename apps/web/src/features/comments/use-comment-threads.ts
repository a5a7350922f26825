import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import type { Editor } from '@tiptap/core';
import type { EditorView } from '@tiptap/pm/view';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { NewThread } from '../../api/comments-api';
import type { CollabSession } from '../editor/collab-session';
import { CommentShortcuts } from './comment-shortcuts';
import { SIDE_BY_SIDE } from './panel-layout';
import { anchorOfSelection, currentStateVector } from './selection-anchor';
import { setHighlightedThreads, threadAt, ThreadHighlights, type HighlightedThread, type ThreadResolutions } from './thread-highlights';
import { ThreadStore, type ThreadStoreSnapshot } from './thread-store';

const NOT_LOADED: ThreadStoreSnapshot = { state: 'loading', threads: [] };

/**
 * A thread card to move focus to, and what should be in view afterwards: the card itself; or, for
 * a thread opened from a link, the passage it is about (side by side), or the card from its top
 * (on a narrow screen, where the panel is below the text and a long thread fills the screen).
 */
export interface ThreadFocusRequest {
  threadId: string;
  reveal: 'card' | 'card-top' | 'passage';
}

/**
 * Everything the editor page needs for comment threads: the store, where each thread sits in the
 * text, which one is open, a draft thread on the selection, and the TipTap extensions that draw
 * the highlights and take the shortcut. The extensions are made once per session; they reach the
 * current state through refs.
 */
export function useCommentThreads(session: CollabSession, recommendationId: string, openThreadId: string | null = null) {
  const [store, setStore] = useState<ThreadStore | null>(null);
  useEffect(() => {
    const opened = new ThreadStore(recommendationId, session);
    setStore(opened);
    return () => {
      setStore(null);
      opened.destroy();
    };
  }, [recommendationId, session]);
  const subscribe = useCallback((onChange: () => void) => store?.onChange(onChange) ?? (() => undefined), [store]);
  const snapshot = useSyncExternalStore(subscribe, () => store?.snapshot ?? NOT_LOADED);

  const [resolutions, setResolutions] = useState<ThreadResolutions>(() => new Map());
  /** Whether `resolutions` were worked out in the server's text: before it arrives every anchor looks detached. */
  const [resolvedInSyncedText, setResolvedInSyncedText] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [draft, setDraft] = useState<NewThread['anchor'] | null>(null);
  const [focusRequest, setFocusRequest] = useState<ThreadFocusRequest | null>(null);
  /** The thread whose passage "Jump to passage" selected: the bubble menu offers the way back. */
  const [jumpedFrom, setJumpedFrom] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const editorRef = useRef<Editor | null>(null);
  const fragment = useMemo(() => session.doc.getXmlFragment(DOCUMENT_FRAGMENT), [session]);

  const startThread = useCallback((): boolean => {
    const editor = editorRef.current;
    if (!editor || editor.isDestroyed) return false;
    const anchor = anchorOfSelection(editor, fragment);
    if (!anchor) {
      setNotice('select-first');
      return false;
    }
    setNotice(null);
    setActiveId(null);
    setDraft(anchor);
    return true;
  }, [fragment]);
  const startThreadRef = useRef(startThread);
  startThreadRef.current = startThread;

  /** Back from the text to a thread: the one jumped from, else the open one, else the one under the caret. */
  const backToThread = (): boolean => {
    const editor = editorRef.current;
    const target = jumpedFrom ?? activeId ?? (editor && !editor.isDestroyed ? threadAt(editor.state, editor.state.selection.from) : null);
    if (!target) return false;
    setJumpedFrom(null);
    setActiveId(target);
    setFocusRequest({ threadId: target, reveal: 'card' });
    return true;
  };
  const backToThreadRef = useRef(backToThread);
  backToThreadRef.current = backToThread;

  const extensions = useMemo(
    () => [
      ThreadHighlights.configure({
        fragment,
        onResolved: (resolved) => {
          setResolutions(resolved);
          // Read as the resolutions are handed over: y-websocket marks the session synced in the
          // same task that applies the server's text, before the highlights resolve against it.
          setResolvedInSyncedText(session.synced);
        },
        onActivate: (threadId) => setActiveId(threadId),
      }),
      CommentShortcuts.configure({ startThread: () => startThreadRef.current(), backToThread: () => backToThreadRef.current() }),
    ],
    [fragment, session],
  );

  // A link to a thread (from the inbox or a mail): once the thread is loaded and placed in the
  // server's text, open it and move focus to it; the panel then asks for its passage to be shown.
  // The threads often arrive before the text: a thread that looks detached then is waited for.
  const pendingOpen = useRef(openThreadId);
  useEffect(() => {
    pendingOpen.current = openThreadId;
  }, [openThreadId]);
  useEffect(() => {
    const threadId = pendingOpen.current;
    const resolution = threadId ? resolutions.get(threadId) : undefined;
    if (!threadId || !resolution) return;
    if (resolution.status === 'detached' && !resolvedInSyncedText) return;
    pendingOpen.current = null;
    setActiveId(threadId);
    // Side by side, the card sits level with its passage: show the passage. On a narrow screen the
    // panel is below the text: show the card from its top, which quotes the passage.
    const reveal = resolution.status === 'detached' ? 'card' : window.matchMedia(SIDE_BY_SIDE).matches ? 'passage' : 'card-top';
    setFocusRequest({ threadId, reveal });
  }, [resolutions, resolvedInSyncedText, openThreadId]);

  return {
    store,
    snapshot,
    resolutions,
    activeId,
    setActiveId,
    draft,
    closeDraft: (createdId: string | null) => {
      setDraft(null);
      if (createdId) {
        setActiveId(createdId);
        setFocusRequest({ threadId: createdId, reveal: 'card' });
      } else {
        editorRef.current?.commands.focus();
      }
    },
    focusRequest,
    /** The card took focus (without scrolling, when its passage is to be shown): show the passage now. */
    focused: (request: ThreadFocusRequest) => {
      setFocusRequest(null);
      const editor = editorRef.current;
      const resolution = resolutions.get(request.threadId);
      if (request.reveal !== 'passage' || !editor || editor.isDestroyed || !resolution || resolution.status === 'detached') return;
      revealPassage(editor.view, resolution.from, resolution.to);
    },
    jumpedFrom,
    notice,
    startThread,
    extensions,
    stateVector: () => currentStateVector(session.doc),
    editorRef,
    jump: (threadId: string) => {
      const editor = editorRef.current;
      const resolution = resolutions.get(threadId);
      if (!editor || !resolution || resolution.status === 'detached') return;
      editor.chain().focus().setTextSelection({ from: resolution.from, to: resolution.to }).scrollIntoView().run();
      setJumpedFrom(threadId);
    },
    back: () => void backToThread(),
  };
}

export type CommentThreadsController = ReturnType<typeof useCommentThreads>;

/**
 * Scrolls the page so the passage from..to sits in the middle of the window (a passage taller than
 * the window: its start, a quarter down, clear of the sticky toolbar). Works from the text's
 * coordinates, so it does not wait for the highlight to be drawn; the selection and focus stay put.
 */
function revealPassage(view: EditorView, from: number, to: number): void {
  const top = view.coordsAtPos(from, 1).top;
  const bottom = view.coordsAtPos(to, -1).bottom;
  const middle = (top + bottom) / 2 - window.innerHeight / 2;
  window.scrollBy(0, Math.min(middle, top - window.innerHeight / 4));
}

/** Hands the editor to the controller, and keeps its highlights in step with the threads and the open one. */
export function useThreadHighlightSync(editor: Editor, controller: CommentThreadsController): void {
  controller.editorRef.current = editor;
  const { snapshot, activeId } = controller;
  const highlighted = useMemo<HighlightedThread[]>(
    () => snapshot.threads.map((thread) => ({ id: thread.id, start: thread.anchor.start, end: thread.anchor.end, quotedText: thread.anchor.quotedText, open: thread.status === 'open' })),
    [snapshot.threads],
  );
  const initialized = editor.isInitialized;
  useEffect(() => {
    if (editor.isDestroyed || !initialized) return;
    setHighlightedThreads(editor.view, highlighted, activeId);
  }, [editor, initialized, highlighted, activeId]);
}
