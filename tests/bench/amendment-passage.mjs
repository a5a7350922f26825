// The cost of the amendment passage check (libs/editor/src/amendment-passage.ts) per keystroke, on a
// small and a large document, from the built server (npm run build first):
//   node tests/bench/amendment-passage.mjs
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
const require = createRequire(import.meta.url);
const Y = require('yjs');
const { passageBoundsOf, passageViolation, prosemirrorJsonToYDoc, renderFragment, createThreadAnchor } = require('../../dist/libs/editor/src/index.js');

const PASSAGE = 'a budget line for youth councils';
function documentOf(paragraphs) {
  const content = [];
  for (let index = 0; index < paragraphs; index++) {
    const text = index === Math.floor(paragraphs / 2) ? `Every partner town should give ${PASSAGE} before the next election.` : `Paragraph ${index}: councils report to the town assembly twice a year, with figures per resident and a named contact.`;
    content.push({ type: 'paragraph', content: [{ type: 'text', text }] });
  }
  return { type: 'doc', content };
}

for (const paragraphs of [10, 2000]) {
  const server = prosemirrorJsonToYDoc(documentOf(paragraphs));
  const fragment = server.getXmlFragment('default');
  const rendered = renderFragment(fragment);
  let from = -1;
  rendered.doc.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text.includes(PASSAGE)) from = pos + node.text.indexOf(PASSAGE);
  });
  const anchor = createThreadAnchor(fragment, rendered, from, from + PASSAGE.length);
  const bounds = passageBoundsOf(server, anchor.start, anchor.end);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const text = fragment.length && client.getXmlFragment('default').get(Math.floor(paragraphs / 2)).get(0);
  const at = text.toString().indexOf(PASSAGE) + 5;
  const updates = [];
  client.on('update', (update) => updates.push(update));
  for (let index = 0; index < 200; index++) text.insert(at + index, 'x');
  // Checked against the server document as it grows, keystroke by keystroke.
  const timings = [];
  for (const update of updates) {
    const started = performance.now();
    const violation = passageViolation(server, bounds, update);
    timings.push(performance.now() - started);
    if (violation) throw new Error(violation);
    Y.applyUpdate(server, update);
  }
  timings.sort((a, b) => a - b);
  const bytes = Y.encodeStateAsUpdate(server).byteLength;
  console.log(`${paragraphs} paragraphs (${(bytes / 1024).toFixed(0)} KiB): per keystroke median ${timings[100].toFixed(3)} ms, p95 ${timings[190].toFixed(3)} ms, max ${timings[199].toFixed(3)} ms`);
}
