// A two-panel line chart, written as plain SVG so the benchmark needs no plotting library:
// p99 fan-out latency and server CPU per 1,000 deliveries, by load, one line per peer.

const COLORS = ['#1b6ac9', '#d1495b', '#2e8b57', '#e08a00', '#7a4fb5', '#555555'];
const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 260;
const MARGIN = { top: 40, right: 20, bottom: 50, left: 60 };

/** @param {string} text */
const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A round upper bound for an axis: 1, 2 or 5 times a power of ten.
 * @param {number} value
 */
function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/**
 * @typedef {{ name: string, values: (number | null)[] }} Series
 * @param {{ title: string, unit: string, loads: string[], series: Series[], offsetX: number }} panel
 * @returns {string}
 */
function drawPanel({ title, unit, loads, series, offsetX }) {
  const width = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const height = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = series.flatMap((line) => line.values.filter((value) => value !== null));
  const top = niceCeiling(Math.max(0, ...all.map(Number)));
  const x = (/** @type {number} */ i) => MARGIN.left + (loads.length === 1 ? width / 2 : i * width / (loads.length - 1));
  const y = (/** @type {number} */ value) => MARGIN.top + height - value / top * height;
  const parts = [`<g transform="translate(${offsetX},0)">`];
  parts.push(`<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = top * tick / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + width}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(value) + 4}" font-size="11" text-anchor="end">${Number(value.toPrecision(3))}</text>`);
  }
  parts.push(`<text x="14" y="${MARGIN.top + height / 2}" font-size="11" transform="rotate(-90 14 ${MARGIN.top + height / 2})" text-anchor="middle">${escapeXml(unit)}</text>`);
  loads.forEach((load, i) => {
    parts.push(`<text x="${x(i)}" y="${MARGIN.top + height + 18}" font-size="11" text-anchor="middle">${escapeXml(load)}</text>`);
  });
  parts.push(`<text x="${MARGIN.left + width / 2}" y="${MARGIN.top + height + 38}" font-size="11" text-anchor="middle">clients / documents</text>`);
  series.forEach((line, index) => {
    const color = COLORS[index % COLORS.length];
    const points = line.values.map((value, i) => (value === null ? null : `${x(i).toFixed(1)},${y(value).toFixed(1)}`));
    // A missing measurement breaks the line instead of drawing through it.
    let run = [];
    for (const point of [...points, null]) {
      if (point !== null) run.push(point);
      else if (run.length > 0) {
        parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${run.join(' ')}"/>`);
        run = [];
      }
    }
    for (const point of points) {
      if (point !== null) {
        const [cx, cy] = point.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
      }
    }
  });
  parts.push('</g>');
  return parts.join('\n');
}

/**
 * @param {{ loads: string[], latency: Series[], cpu: Series[] }} data
 * @returns {string} a complete SVG document
 */
export function renderChart({ loads, latency, cpu }) {
  const legendHeight = 20 * Math.ceil(latency.length / 3) + 10;
  const width = PANEL_WIDTH * 2;
  const height = PANEL_HEIGHT + legendHeight;
  const legend = latency.map((line, index) => {
    const column = index % 3;
    const row = Math.floor(index / 3);
    const lx = MARGIN.left + column * 260;
    const ly = PANEL_HEIGHT + 12 + row * 20;
    return `<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/>`
      + `<text x="${lx + 18}" y="${ly + 2}" font-size="12">${escapeXml(line.name)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    drawPanel({ title: 'p99 fan-out latency', unit: 'ms', loads, series: latency, offsetX: 0 }),
    drawPanel({ title: 'Server CPU per 1,000 deliveries', unit: 'CPU seconds', loads, series: cpu, offsetX: PANEL_WIDTH }),
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
