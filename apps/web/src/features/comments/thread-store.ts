import type { CommentThreadView, DocumentEvent } from '@accord/contracts';
import { fetchThreads } from '../../api/comments-api';
import type { CollabSession } from '../editor/collab-session';

export type ThreadLoadState = 'loading' | 'loaded' | 'failed';

export interface ThreadStoreSnapshot {
  state: ThreadLoadState;
  /** Oldest first, as the server lists them. */
  threads: readonly CommentThreadView[];
}

/**
 * The threads of one open recommendation: loaded over REST, then kept current by the document
 * events the collaboration socket relays. An event carries the whole thread, so it replaces the
 * copy by id; events missed while offline are caught up by reloading on reconnection.
 */
export class ThreadStore {
  private current: ThreadStoreSnapshot = { state: 'loading', threads: [] };
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: DocumentEvent) => void>();
  private readonly stopEvents: () => void;
  private readonly stopConnection: () => void;
  private wasConnected = false;
  private loads = 0;
  private destroyed = false;

  constructor(
    private readonly recommendationId: string,
    session: CollabSession,
  ) {
    this.stopEvents = session.onDocumentEvent((event) => {
      this.upsert(event.thread);
      for (const listener of this.eventListeners) listener(event);
    });
    this.stopConnection = session.onChange(() => {
      const connected = session.snapshot.connection === 'connected';
      if (connected && !this.wasConnected) void this.load();
      this.wasConnected = connected;
    });
    this.wasConnected = session.snapshot.connection === 'connected';
    void this.load();
  }

  get snapshot(): ThreadStoreSnapshot {
    return this.current;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Live events only (not the initial load): what the announcer tells. */
  onEvent(listener: (event: DocumentEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Takes a thread as the server answered a request of this member, or as an event carried it. */
  upsert(thread: CommentThreadView): void {
    const threads = [...this.current.threads];
    const index = threads.findIndex((candidate) => candidate.id === thread.id);
    if (index >= 0) threads[index] = thread;
    else threads.push(thread);
    this.set({ ...this.current, threads });
  }

  async load(): Promise<void> {
    const load = ++this.loads;
    try {
      const threads = await fetchThreads(this.recommendationId);
      if (this.destroyed || load !== this.loads) return;
      this.set({ state: 'loaded', threads });
    } catch {
      if (this.destroyed || load !== this.loads) return;
      this.set({ ...this.current, state: this.current.state === 'loaded' ? 'loaded' : 'failed' });
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.stopEvents();
    this.stopConnection();
    this.listeners.clear();
    this.eventListeners.clear();
  }

  private set(next: ThreadStoreSnapshot): void {
    this.current = next;
    for (const listener of this.listeners) listener();
  }
}
