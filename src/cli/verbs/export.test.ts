import { describe, expect, it } from 'vitest';
import { exportVerb } from './export.js';

describe('tilshi export', () => {
  it('suggests the format a short name meant', async () => {
    await expect(exportVerb(['csv'])).rejects.toThrow(/no export format "csv": did you mean acled-csv\?/);
    await expect(exportVerb(['json'])).rejects.toThrow(/did you mean jsonl\?/);
    await expect(exportVerb(['pdf'])).rejects.toThrow(
      /no export format "pdf" \(acled-csv, geojson, jsonl or site\)/,
    );
    await expect(exportVerb([])).rejects.toThrow(/say what to export/);
  });
});
