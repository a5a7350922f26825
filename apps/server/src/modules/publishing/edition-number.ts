/** An edition's place in its network's series: "EC-NET Recommendation 2026/04, edition 1". */
export interface EditionNumber {
  series: string;
  year: number;
  sequence: number;
  edition: number;
}

/** The series a network publishes in: its short name (before a colon) and the word "Recommendation". */
export function seriesOf(networkName: string): string {
  const short = networkName.split(':')[0].trim() || networkName.trim();
  return `${short} Recommendation`;
}

/** "2026/04": the number as people cite it (two digits at least). */
export function numberLabel(year: number, sequence: number): string {
  return `${year}/${String(sequence).padStart(2, '0')}`;
}

/** "2026-04": the number as it appears in a public address. */
export function numberSlug(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(2, '0')}`;
}

/** Reads "2026-04" back; null for anything else (the public pages answer 404). */
export function parseNumberSlug(slug: string): { year: number; sequence: number } | null {
  const match = /^([0-9]{4})-([0-9]{2,6})$/.exec(slug);
  if (!match) return null;
  const sequence = Number(match[2]);
  if (sequence < 1) return null;
  // One form per number: "2026-4" and "2026-004" do not alias "2026-04".
  if (numberSlug(Number(match[1]), sequence) !== slug) return null;
  return { year: Number(match[1]), sequence };
}

/** "EC-NET Recommendation 2026/04, edition 1". */
export function editionTitle(number: EditionNumber): string {
  return `${number.series} ${numberLabel(number.year, number.sequence)}, edition ${number.edition}`;
}

/** "ec-net-recommendation-2026-04-edition-1": the stem of every exported file's name. */
export function fileStem(number: EditionNumber): string {
  const series = number.series.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${series}-${numberSlug(number.year, number.sequence)}-edition-${number.edition}`;
}
