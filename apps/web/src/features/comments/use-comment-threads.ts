import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { NewThread } from '../../api/comments-api';
import type { CollabSession } from '../editor/collab-session';
import { CommentShortcuts } from './comment-shortcuts';
import { anchorOfSelection, currentStateVector } from './selection-anchor';
import { setHighlightedThreads, threadAt, ThreadHighlights, type HighlightedThread, type ThreadResolutions } from './thread-highlights';
import { ThreadStore, type ThreadStoreSnapshot } from './thread-store';

const NOT_LOADED: ThreadStoreSnapshot = { state: 'loading', threads: [] };

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
  const [activeId, setActiveId] = useState<string | null>(null);
  const [draft, setDraft] = useState<NewThread['anchor'] | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
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
    setFocusId(target);
    return true;
  };
  const backToThreadRef = useRef(backToThread);
  backToThreadRef.current = backToThread;

  const extensions = useMemo(
    () => [
      ThreadHighlights.configure({ fragment, onResolved: setResolutions, onActivate: (threadId) => setActiveId(threadId) }),
      CommentShortcuts.configure({ startThread: () => startThreadRef.current(), backToThread: () => backToThreadRef.current() }),
    ],
    [fragment],
  );

  // A link to a thread (from the inbox or a mail): once the thread is loaded and placed in the
  // text, open it, move focus to it and bring its passage into view.
  const pendingOpen = useRef(openThreadId);
  useEffect(() => {
    pendingOpen.current = openThreadId;
  }, [openThreadId]);
  useEffect(() => {
    const threadId = pendingOpen.current;
    const editor = editorRef.current;
    const resolution = threadId ? resolutions.get(threadId) : undefined;
    if (!threadId || !resolution || !editor || editor.isDestroyed) return;
    pendingOpen.current = null;
    setActiveId(threadId);
    setFocusId(threadId);
    if (resolution.status === 'detached') return;
    // After the card took focus (which may scroll to it): the passage is what the reader came for.
    requestAnimationFrame(() => {
      if (editor.isDestroyed) return;
      const { node } = editor.view.domAtPos(resolution.from);
      (node instanceof HTMLElement ? node : node.parentElement)?.scrollIntoView({ block: 'center' });
    });
  }, [resolutions, openThreadId]);

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
        setFocusId(createdId);
      } else {
        editorRef.current?.commands.focus();
      }
    },
    focusId,
    clearFocus: () => setFocusId(null),
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
