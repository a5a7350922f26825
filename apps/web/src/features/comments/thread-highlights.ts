import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { resolveThreadAnchor, type AnchorResolution, type YProsemirrorMapping } from '@accord/editor';
import { fromBase64 } from 'lib0/buffer';
import type * as Y from 'yjs';

/** A thread as the highlights need it: its anchor (base64, as the server stores it) and whether it is open. */
export interface HighlightedThread {
  id: string;
  start: string;
  end: string;
  quotedText: string;
  open: boolean;
}

export type ThreadResolutions = ReadonlyMap<string, AnchorResolution>;

interface HighlightState {
  decorations: DecorationSet;
  threads: readonly HighlightedThread[];
  activeId: string | null;
  resolutions: ThreadResolutions;
}

type HighlightMeta =
  | { kind: 'threads'; threads: readonly HighlightedThread[]; activeId: string | null }
  | { kind: 'resolved'; decorations: DecorationSet; resolutions: ThreadResolutions };

export const threadHighlightsKey = new PluginKey<HighlightState>('accordThreadHighlights');

interface ThreadHighlightOptions {
  fragment: Y.XmlFragment | null;
  /** Told where each thread sits now, after every change of the text or of the threads. */
  onResolved: (resolutions: ThreadResolutions) => void;
  /** A click on a highlighted passage opens its thread (the innermost when several overlap). */
  onActivate: (threadId: string) => void;
}

/** The thread whose highlighted passage holds `pos` (the innermost when several overlap), or null. */
export function threadAt(state: EditorState, pos: number): string | null {
  const found = threadHighlightsKey.getState(state)?.decorations.find(pos, pos) ?? [];
  const ids = found.flatMap((decoration) => (decoration.spec as { threadIds?: string[] }).threadIds ?? []);
  return ids.at(-1) ?? null;
}

/** Hands the threads and the active one to the highlights. */
export function setHighlightedThreads(view: EditorView, threads: readonly HighlightedThread[], activeId: string | null): void {
  const meta: HighlightMeta = { kind: 'threads', threads, activeId };
  view.dispatch(view.state.tr.setMeta(threadHighlightsKey, meta).setMeta('addToHistory', false));
}

/**
 * Highlights the passages of the open threads (and of the active one, resolved or not). Where
 * threads overlap the text is darker and carries one underline per thread. Anchors are resolved
 * against the live Y.Doc through y-tiptap's mapping, which is current only after the sync plugin
 * has written a local edit to Yjs: so the resolution runs after the views updated, and in
 * between the highlights are mapped through the edit.
 */
export const ThreadHighlights = Extension.create<ThreadHighlightOptions>({
  name: 'accordThreadHighlights',

  addOptions() {
    return { fragment: null, onResolved: () => undefined, onActivate: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<HighlightState>({
        key: threadHighlightsKey,
        state: {
          init: () => ({ decorations: DecorationSet.empty, threads: [], activeId: null, resolutions: new Map() }),
          apply(tr, value) {
            const meta = tr.getMeta(threadHighlightsKey) as HighlightMeta | undefined;
            if (meta?.kind === 'threads') return { ...value, threads: meta.threads, activeId: meta.activeId };
            if (meta?.kind === 'resolved') return { ...value, decorations: meta.decorations, resolutions: meta.resolutions };
            return tr.docChanged ? { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) } : value;
          },
        },
        props: {
          decorations: (state) => threadHighlightsKey.getState(state)?.decorations,
          handleClick: (view, pos) => {
            const innermost = threadAt(view.state, pos);
            if (innermost) options.onActivate(innermost);
            return false;
          },
        },
        view: () => {
          let lastDoc: unknown = null;
          let lastThreads: unknown = null;
          let lastActive: string | null = null;
          let scheduled = false;
          return {
            update: (view) => {
              const current = threadHighlightsKey.getState(view.state);
              if (!current) return;
              if (view.state.doc === lastDoc && current.threads === lastThreads && current.activeId === lastActive) return;
              lastDoc = view.state.doc;
              lastThreads = current.threads;
              lastActive = current.activeId;
              if (scheduled) return;
              scheduled = true;
              // Dispatching from inside a view update would nest updates; a microtask runs before the next paint.
              queueMicrotask(() => {
                scheduled = false;
                if (view.isDestroyed) return;
                const resolved = resolveAll(view.state, options.fragment);
                if (!resolved) return;
                const meta: HighlightMeta = { kind: 'resolved', ...resolved };
                view.dispatch(view.state.tr.setMeta(threadHighlightsKey, meta).setMeta('addToHistory', false));
                lastDoc = view.state.doc;
                options.onResolved(resolved.resolutions);
              });
            },
          };
        },
      }),
    ];
  },
});

function resolveAll(state: EditorState, fragment: Y.XmlFragment | null): { decorations: DecorationSet; resolutions: ThreadResolutions } | null {
  const highlight = threadHighlightsKey.getState(state);
  const binding = (ySyncPluginKey.getState(state) as { binding?: { mapping: YProsemirrorMapping } } | undefined)?.binding;
  if (!highlight || !binding || !fragment) return null;
  const rendered = { doc: state.doc, mapping: binding.mapping };
  const resolutions = new Map<string, AnchorResolution>();
  const ranges: { id: string; from: number; to: number }[] = [];
  for (const thread of highlight.threads) {
    let resolution: AnchorResolution;
    try {
      resolution = resolveThreadAnchor(fragment, rendered, { start: fromBase64(thread.start), end: fromBase64(thread.end), quotedText: thread.quotedText });
    } catch {
      // An anchor this text cannot decode is shown as detached rather than breaking the editor.
      resolution = { status: 'detached', quotedText: thread.quotedText };
    }
    resolutions.set(thread.id, resolution);
    if (resolution.status !== 'detached' && (thread.open || thread.id === highlight.activeId)) ranges.push({ id: thread.id, from: resolution.from, to: resolution.to });
  }
  return { decorations: DecorationSet.create(state.doc, segmentsOf(ranges, highlight.activeId)), resolutions };
}

/** Cuts overlapping ranges into pieces, each covered by a known set of threads, so overlaps get their own look. */
function segmentsOf(ranges: { id: string; from: number; to: number }[], activeId: string | null): Decoration[] {
  const points = [...new Set(ranges.flatMap((range) => [range.from, range.to]))].sort((a, b) => a - b);
  const decorations: Decoration[] = [];
  for (let index = 0; index < points.length - 1; index++) {
    const from = points[index]!;
    const to = points[index + 1]!;
    // Longest first, so the innermost (shortest) passage is the one a click opens.
    const covering = ranges.filter((range) => range.from <= from && range.to >= to).sort((a, b) => b.to - b.from - (a.to - a.from));
    if (covering.length === 0) continue;
    const ids = covering.map((range) => range.id);
    const depth = Math.min(covering.length, 3);
    const active = activeId !== null && ids.includes(activeId);
    decorations.push(
      Decoration.inline(
        from,
        to,
        {
          class: `thread-highlight thread-highlight--depth-${depth}${active ? ' thread-highlight--active' : ''}`,
          'data-thread-ids': ids.join(' '),
          'data-testid': 'thread-highlight',
        },
        { threadIds: ids },
      ),
    );
  }
  return decorations;
}
