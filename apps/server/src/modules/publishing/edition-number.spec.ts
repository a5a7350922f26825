import { describe, expect, it } from 'vitest';
import { editionTitle, fileStem, numberLabel, numberSlug, parseNumberSlug, seriesOf } from './edition-number';

describe('edition numbers', () => {
  it('names the series after the network’s short name', () => {
    expect(seriesOf('EC-NET: European Citizenship Network of Towns')).toBe('EC-NET Recommendation');
    expect(seriesOf('Towns Together')).toBe('Towns Together Recommendation');
  });

  it('writes the number for people, addresses and file names', () => {
    const number = { series: 'EC-NET Recommendation', year: 2026, sequence: 4, edition: 2 };
    expect(editionTitle(number)).toBe('EC-NET Recommendation 2026/04, edition 2');
    expect(numberLabel(2026, 123)).toBe('2026/123');
    expect(numberSlug(2026, 4)).toBe('2026-04');
    expect(fileStem(number)).toBe('ec-net-recommendation-2026-04-edition-2');
  });

  it('reads back only the one form of a number in an address', () => {
    expect(parseNumberSlug('2026-04')).toEqual({ year: 2026, sequence: 4 });
    expect(parseNumberSlug('2026-123')).toEqual({ year: 2026, sequence: 123 });
    for (const bad of ['2026-4', '2026-004', '2026-00', '26-04', '2026/04', '2026-04x', '', '2026-99999999']) expect(parseNumberSlug(bad)).toBeNull();
  });
});
