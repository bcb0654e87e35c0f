import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, parseCsv } from './csv.js';

describe('CSV', () => {
  it('neutralises text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+7 700 000')).toBe("'+7 700 000");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField("'=x")).toBe("''=x");
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('+5')).toBe('+5');
    expect(csvField('plain, with comma')).toBe('"plain, with comma"');
  });

  it('reads back exactly what it wrote, and no written cell starts a formula', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc
        .tuple(
          fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "''=", '"', ','),
          fc.string({ maxLength: 10 }),
        )
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), (cells) => {
        const row = [...cells, 'end'];
        const line = csvLine(row);
        expect(parseCsv(line)).toEqual([row]);
        for (const c of cells) {
          const written = csvField(c).replace(/^"/, '');
          if (!/^[+-]?\d+(\.\d+)?$/.test(c)) expect(written).not.toMatch(/^[=+\-@\t\r]/);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
