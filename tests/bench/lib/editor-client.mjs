// One simulated editor: a real websocket speaking the y-websocket protocol (or Hocuspocus's
// framing of it), a Y.Doc shaped like TipTap's, and the bookkeeping that times every edit.
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { performance } from 'node:perf_hooks';
import {
  MessageType, PersistenceMessage, startFrame, openFrame,
  encodeHocuspocusToken, encodePersistenceSubscribe, encodeAwareness,
} from './wire.mjs';

/** TipTap's Collaboration extension keeps the document in this XmlFragment. */
export const FRAGMENT_NAME = 'default';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz     ';

/**
 * The edits made in one room and who still has to receive them. Every client of a room lives in
 * the same worker process, so a send time and its arrivals are read from one monotonic clock.
 * An edit is identified exactly by (clientID, clock): every edit inserts at least one character,
 * so it advances its author's clock, and a receiver sees the author's clock pass `clockEnd`.
 */
export class RoomTracker {
  /**
   * @param {string} documentName
   * @param {{ deliveryLatencies: number[], savedLatencies: number[] }} samples shared by a worker's rooms
   */
  constructor(documentName, samples) {
    this.documentName = documentName;
    this.samples = samples;
    /** @type {SimulatedEditor[]} */
    this.editors = [];
    /** @type {Map<number, { clockEnd: number, sentAt: number, remaining: number }[]>} */
    this.editsByAuthor = new Map();
    this.edits = 0;
    this.deliveries = 0;
    /** Timing starts only once every client of the room has synced and written its paragraph. */
    this.measuring = false;
  }

  /**
   * @param {number} author clientID
   * @param {number} clockEnd the author's clock after the edit
   * @param {number} sentAt performance.now() before the edit was made
   */
  recordEdit(author, clockEnd, sentAt) {
    if (!this.measuring) return;
    let edits = this.editsByAuthor.get(author);
    if (edits === undefined) {
      edits = [];
      this.editsByAuthor.set(author, edits);
    }
    edits.push({ clockEnd, sentAt, remaining: this.editors.length - 1 });
    this.edits += 1;
  }

  /**
   * Called when `receiver` integrated the author's structs up to `clockAfter`.
   * @param {SimulatedEditor} receiver
   * @param {number} author
   * @param {number} clockAfter
   * @param {number} now
   */
  recordArrival(receiver, author, clockAfter, now) {
    const edits = this.editsByAuthor.get(author);
    if (edits === undefined) return;
    let next = receiver.nextEditIndex.get(author) ?? 0;
    while (next < edits.length && edits[next].clockEnd <= clockAfter) {
      const edit = edits[next];
      edit.remaining -= 1;
      this.deliveries += 1;
      this.samples.deliveryLatencies.push(now - edit.sentAt);
      next += 1;
    }
    receiver.nextEditIndex.set(author, next);
  }

  /** @returns {number} (edit, receiver) pairs still missing */
  undelivered() {
    let missing = 0;
    for (const edits of this.editsByAuthor.values()) {
      for (const edit of edits) missing += edit.remaining;
    }
    return missing;
  }
}

/**
 * @typedef {object} EditorOptions
 * @property {string} url websocket URL of the document
 * @property {string} documentName
 * @property {import('./wire.mjs').Framing} framing
 * @property {string} name shown in the awareness state
 * @property {RoomTracker | null} room null for editors that are not timed (verifiers, history writers)
 * @property {boolean} subscribeSaved send Accord's persistence subscribe after syncing
 * @property {{ deliveryLatencies: number[], savedLatencies: number[] } | null} samples
 */

export class SimulatedEditor {
  /** @param {EditorOptions} options */
  constructor(options) {
    this.options = options;
    this.doc = new Y.Doc();
    this.fragment = this.doc.getXmlFragment(FRAGMENT_NAME);
    /** @type {Y.XmlText | null} the paragraph this editor types into */
    this.paragraphText = null;
    /** @type {Map<number, number>} per author, index of the next edit this editor waits for */
    this.nextEditIndex = new Map();
    /** @type {{ clockEnd: number, sentAt: number }[]} own edits not yet confirmed saved */
    this.unsaved = [];
    this.awarenessClock = 0;
    this.framesIn = 0;
    this.framesOut = 0;
    this.bytesIn = 0;
    this.bytesOut = 0;
    /** @type {WebSocket | null} */
    this.socket = null;
    this.synced = false;
    this.closed = false;
    /** @type {string | null} why the connection ended early, if it did */
    this.failure = null;

    this.doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
      if (origin === this) return; // arrived from the server: do not echo it back
      const encoder = startFrame(this.options.framing, this.options.documentName, MessageType.sync);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
    this.doc.on('afterTransaction', (/** @type {Y.Transaction} */ transaction) => {
      const room = this.options.room;
      if (transaction.origin !== this || room === null || !room.measuring) return;
      const now = performance.now();
      for (const [author, clockAfter] of transaction.afterState) {
        if (clockAfter > (transaction.beforeState.get(author) ?? 0)) room.recordArrival(this, author, clockAfter, now);
      }
    });
  }

  /**
   * Opens the socket and resolves once the server's state has been applied (sync step 2).
   * @param {number} timeoutMs
   * @returns {Promise<number>} milliseconds from opening the socket to synced
   */
  connect(timeoutMs) {
    const startedAt = performance.now();
    const { framing, documentName } = this.options;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failure = `not synced after ${timeoutMs} ms`;
        reject(new Error(`${documentName}: ${this.failure}`));
        this.close();
      }, timeoutMs);
      this.onSynced = () => {
        clearTimeout(timer);
        resolve(performance.now() - startedAt);
      };
      const socket = new WebSocket(this.options.url, { perMessageDeflate: false });
      this.socket = socket;
      socket.binaryType = 'nodebuffer';
      socket.on('open', () => {
        if (framing === 'hocuspocus') this.send(encodeHocuspocusToken(documentName));
        const encoder = startFrame(framing, documentName, MessageType.sync);
        syncProtocol.writeSyncStep1(encoder, this.doc);
        this.send(encoding.toUint8Array(encoder));
      });
      socket.on('message', (/** @type {Buffer} */ frame) => this.receive(frame));
      socket.on('error', (error) => {
        this.failure = error.message;
        if (!this.synced) {
          clearTimeout(timer);
          reject(error);
        }
      });
      socket.on('close', (code) => {
        if (!this.closed) this.failure = `closed by server with code ${code}`;
        if (!this.synced) {
          clearTimeout(timer);
          reject(new Error(`${documentName}: closed with code ${code} before sync`));
        }
      });
    });
  }

  /** @type {() => void} */
  onSynced = () => {};

  /** @param {Buffer} frame */
  receive(frame) {
    this.framesIn += 1;
    this.bytesIn += frame.length;
    const { framing, documentName } = this.options;
    const { decoder, messageType } = openFrame(framing, frame);
    if (messageType === MessageType.sync || (framing === 'hocuspocus' && messageType === MessageType.hocuspocusSyncReply)) {
      const reply = startFrame(framing, documentName, MessageType.sync);
      const emptyLength = encoding.length(reply);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > emptyLength) this.send(encoding.toUint8Array(reply));
      if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
        this.synced = true;
        if (this.options.subscribeSaved) this.send(encodePersistenceSubscribe(this.doc.clientID));
        this.onSynced();
      }
    } else if (messageType === MessageType.persistence && framing === 'y-websocket') {
      if (decoding.readVarUint(decoder) === PersistenceMessage.saved) this.confirmSaved(decoding.readVarUint(decoder));
    }
    // Awareness, Hocuspocus's auth answer and sync status need no reaction from a typist.
  }

  /** @param {number} clock every own edit below it is stored */
  confirmSaved(clock) {
    const now = performance.now();
    let confirmed = 0;
    while (confirmed < this.unsaved.length && this.unsaved[confirmed].clockEnd <= clock) {
      this.options.samples?.savedLatencies.push(now - this.unsaved[confirmed].sentAt);
      confirmed += 1;
    }
    if (confirmed > 0) this.unsaved.splice(0, confirmed);
  }

  /** @param {Uint8Array} frame */
  send(frame) {
    const socket = this.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return;
    this.framesOut += 1;
    this.bytesOut += frame.length;
    socket.send(frame);
  }

  /** Appends this editor's own paragraph, as pressing Enter at the end of a TipTap document does. */
  addParagraph() {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    this.fragment.insert(this.fragment.length, [paragraph]);
    this.paragraphText = text;
  }

  /**
   * Types one to three characters in the own paragraph, at the caret nine times in ten and at a
   * random place otherwise, sometimes after a backspace. Every edit inserts, so every edit advances the clock the receivers watch.
   */
  type() {
    const text = this.paragraphText;
    if (text === null || !this.synced || this.closed) return;
    const sentAt = performance.now();
    const count = 1 + Math.floor(Math.random() * 3);
    let typed = '';
    for (let i = 0; i < count; i += 1) typed += LETTERS[Math.floor(Math.random() * LETTERS.length)];
    this.doc.transact(() => {
      // Mostly carry on where the caret is, as people type; now and then click somewhere else.
      let position = Math.random() < 0.1 ? Math.floor(Math.random() * (text.length + 1)) : Math.min(this.cursor, text.length);
      if (position > 0 && Math.random() < 0.15) {
        text.delete(position - 1, 1);
        position -= 1;
      }
      text.insert(position, typed);
      this.cursor = position + count;
    });
    const clockEnd = Y.getState(this.doc.store, this.doc.clientID);
    this.options.room?.recordEdit(this.doc.clientID, clockEnd, sentAt);
    if (this.options.subscribeSaved && this.options.room?.measuring) this.unsaved.push({ clockEnd, sentAt });
  }

  cursor = 0;

  /** Publishes the caret as y-prosemirror does: relative positions inside the paragraph's text. */
  moveCursor() {
    const text = this.paragraphText;
    if (text === null || !this.synced || this.closed) return;
    const at = Math.min(this.cursor, text.length);
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at));
    this.awarenessClock += 1;
    this.send(encodeAwareness(this.options.framing, this.options.documentName, this.doc.clientID, this.awarenessClock, {
      user: { name: this.options.name, color: '#30bced' },
      cursor: { anchor: position, head: position },
    }));
  }

  /** @returns {string} the whole document as XML, for convergence checks */
  content() {
    return this.fragment.toString();
  }

  /** @returns {string} the state vector, base64, for convergence checks */
  stateVector() {
    return Buffer.from(Y.encodeStateVector(this.doc)).toString('base64');
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.socket?.close();
    this.doc.destroy();
  }
}
