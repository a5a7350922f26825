/**
 * Nearest-rank percentiles of a list of milliseconds.
 * @param {number[]} values
 * @returns {{ count: number, p50: number | null, p95: number | null, p99: number | null, max: number | null }}
 */
export function summarise(values) {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  /** @param {number} p */
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}
