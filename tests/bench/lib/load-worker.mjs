// A load-generator process. The parent (run.mjs) hands it whole rooms, so that an edit and all of
// its arrivals are timed by one clock, and drives it phase by phase over the IPC channel.
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { SimulatedEditor, RoomTracker } from './editor-client.mjs';

/**
 * @typedef {{ documentName: string, url: string, urls?: string[], clients: number }} RoomPlan
 * @typedef {import('./wire.mjs').Framing} Framing
 * @typedef {{ cmd: 'connect', rooms: RoomPlan[], framing: Framing, subscribeSaved: boolean, connectConcurrency: number, timeoutMs: number }} ConnectCommand
 * @typedef {{ cmd: 'type', durationMs: number, intervalMs: number, awarenessMs: number, drainMs: number }} TypeCommand
 * @typedef {{ cmd: 'verify', timeoutMs: number }} VerifyCommand
 * @typedef {{ cmd: 'storm', clients: { documentName: string, url: string }[], framing: Framing, startAtEpochMs: number, timeoutMs: number }} StormCommand
 * @typedef {{ cmd: 'close' }} CloseCommand
 * @typedef {{ cmd: 'ready' }} ReadyCommand
 */

/** @type {{ deliveryLatencies: number[], savedLatencies: number[] }} */
const samples = { deliveryLatencies: [], savedLatencies: [] };
/** @type {RoomTracker[]} */
let rooms = [];
/** @type {Framing} */
let framing = 'y-websocket';
let subscribeSaved = false;

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {Record<string, unknown>} message */
function reply(message) {
  if (process.send) process.send(message);
}

/**
 * Runs `task` over `items` with at most `limit` in flight.
 * @template T
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<void>} task
 */
async function withConcurrency(items, limit, task) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await task(item);
    }
  });
  await Promise.all(lanes);
}

/** @param {ConnectCommand} command */
async function connect(command) {
  framing = command.framing;
  subscribeSaved = command.subscribeSaved;
  /** @type {SimulatedEditor[]} */
  const editors = [];
  rooms = command.rooms.map((plan) => {
    const room = new RoomTracker(plan.documentName, samples);
    for (let i = 0; i < plan.clients; i += 1) {
      const editor = new SimulatedEditor({
        // Several instances: the room's clients alternate between them, as a balancer would spread them.
        url: plan.urls ? plan.urls[i % plan.urls.length] : plan.url, documentName: plan.documentName, framing, name: `${plan.documentName}#${i}`,
        room, subscribeSaved, samples,
      });
      room.editors.push(editor);
      editors.push(editor);
    }
    return room;
  });
  /** @type {number[]} */
  const connectMs = [];
  /** @type {string[]} */
  const failures = [];
  await withConcurrency(editors, command.connectConcurrency, async (editor) => {
    try {
      connectMs.push(await editor.connect(command.timeoutMs));
      editor.addParagraph();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  });
  // Timing starts once every client sees every paragraph of its room.
  const deadline = performance.now() + command.timeoutMs;
  for (const room of rooms) {
    while (room.editors.some((editor) => editor.fragment.length < room.editors.length) && performance.now() < deadline) {
      await pause(10);
    }
    room.measuring = true;
  }
  const unsettled = rooms.filter((room) => room.editors.some((editor) => editor.fragment.length < room.editors.length)).length;
  reply({ type: 'connected', connectMs, failures, unsettledRooms: unsettled });
}

/** @param {TypeCommand} command */
async function type(command) {
  samples.deliveryLatencies = [];
  samples.savedLatencies = [];
  const cpuBefore = process.cpuUsage();
  // A stalled generator would show up as latency; its event-loop delay tells the two apart.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const startedAt = performance.now();
  /** @type {NodeJS.Timeout[]} */
  const timers = [];
  let typing = true;
  const editors = rooms.flatMap((room) => room.editors);
  for (const editor of editors) {
    // Each editor types every interval with +/-50% jitter, starting at a random phase so that
    // the load is spread over time instead of arriving in waves.
    const typeLater = (/** @type {number} */ delay) => {
      timers.push(setTimeout(() => {
        if (!typing) return;
        editor.type();
        typeLater(command.intervalMs * (0.5 + Math.random()));
      }, delay));
    };
    const moveLater = (/** @type {number} */ delay) => {
      timers.push(setTimeout(() => {
        if (!typing) return;
        editor.moveCursor();
        moveLater(command.awarenessMs * (0.5 + Math.random()));
      }, delay));
    };
    typeLater(Math.random() * command.intervalMs);
    moveLater(Math.random() * command.awarenessMs);
  }
  await pause(command.durationMs);
  typing = false;
  for (const timer of timers) clearTimeout(timer);
  const typedFor = performance.now() - startedAt;
  // Drain: wait for the last arrivals (and saved confirmations), bounded.
  const drainDeadline = performance.now() + command.drainMs;
  const pending = () => rooms.reduce((sum, room) => sum + room.undelivered(), 0)
    + (subscribeSaved ? editors.reduce((sum, editor) => sum + editor.unsaved.length, 0) : 0);
  while (pending() > 0 && performance.now() < drainDeadline) await pause(10);
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  reply({
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    type: 'typed',
    typedMs: typedFor,
    drainedMs: performance.now() - startedAt - typedFor,
    edits: rooms.reduce((sum, room) => sum + room.edits, 0),
    deliveries: rooms.reduce((sum, room) => sum + room.deliveries, 0),
    undelivered: rooms.reduce((sum, room) => sum + room.undelivered(), 0),
    unsaved: subscribeSaved ? editors.reduce((sum, editor) => sum + editor.unsaved.length, 0) : 0,
    deliveryLatencies: samples.deliveryLatencies,
    savedLatencies: samples.savedLatencies,
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
    framesIn: editors.reduce((sum, editor) => sum + editor.framesIn, 0),
    framesOut: editors.reduce((sum, editor) => sum + editor.framesOut, 0),
    failedClients: editors.filter((editor) => editor.failure !== null).map((editor) => editor.failure),
  });
}

/**
 * A room has converged when every client holds the same state vector and the same XML, and a fresh
 * client that syncs from the server afterwards gets exactly that too.
 * @param {VerifyCommand} command
 */
async function verify(command) {
  let converged = 0;
  /** @type {string[]} */
  const problems = [];
  for (const room of rooms) {
    const live = room.editors.filter((editor) => !editor.closed);
    const vector = live[0]?.stateVector();
    const content = live[0]?.content();
    let agreed = live.length === room.editors.length
      && live.every((editor) => editor.stateVector() === vector && editor.content() === content);
    if (!agreed) problems.push(`${room.documentName}: clients disagree`);
    const fresh = new SimulatedEditor({
      url: live[0]?.options.url ?? '', documentName: room.documentName, framing, name: 'verifier',
      room: null, subscribeSaved: false, samples: null,
    });
    try {
      await fresh.connect(command.timeoutMs);
      if (fresh.content() !== content || fresh.stateVector() !== vector) {
        agreed = false;
        problems.push(`${room.documentName}: server state differs from the clients'`);
      }
    } catch (error) {
      agreed = false;
      problems.push(`${room.documentName}: verifier could not sync (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      fresh.close();
    }
    if (agreed) converged += 1;
  }
  reply({ type: 'verified', rooms: rooms.length, converged, problems: problems.slice(0, 5) });
}

/**
 * Opens every given client at the same wall-clock instant (the parent picks it a little ahead so
 * all workers start together) and reports when each was synced.
 * @param {StormCommand} command
 */
async function storm(command) {
  const editors = command.clients.map((client, i) => new SimulatedEditor({
    url: client.url, documentName: client.documentName, framing: command.framing, name: `storm#${i}`,
    room: null, subscribeSaved: false, samples: null,
  }));
  const wait = command.startAtEpochMs - Date.now();
  if (wait > 0) await pause(wait);
  const startedAt = performance.now();
  /** @type {number[]} */
  const connectMs = [];
  let failures = 0;
  await Promise.all(editors.map(async (editor) => {
    try {
      connectMs.push(await editor.connect(command.timeoutMs));
    } catch {
      failures += 1;
    }
  }));
  const lastSyncedEpochMs = performance.timeOrigin + startedAt + Math.max(0, ...connectMs);
  for (const editor of editors) editor.close();
  reply({ type: 'stormed', connectMs, failures, lastSyncedEpochMs });
}

function closeAll() {
  for (const room of rooms) for (const editor of room.editors) editor.close();
  rooms = [];
  reply({ type: 'closed' });
}

process.on('message', (/** @type {ConnectCommand | TypeCommand | VerifyCommand | StormCommand | CloseCommand} */ command) => {
  /** @type {Promise<void> | void} */
  let work;
  if (command.cmd === 'connect') work = connect(command);
  else if (command.cmd === 'type') work = type(command);
  else if (command.cmd === 'verify') work = verify(command);
  else if (command.cmd === 'storm') work = storm(command);
  else if (command.cmd === 'close') work = closeAll();
  else if (command.cmd === 'ready') reply({ type: 'ready' });
  Promise.resolve(work).catch((error) => reply({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
process.on('disconnect', () => process.exit(0));
