/*
 * CSV as RFC 4180 writes it (and as ACLED exports it): comma-separated, fields quoted when they
 * hold a comma, quote or line break, quotes doubled, CRLF between records.
 */

/** One CSV field. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV record with its line end. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Parse CSV text into records (arrays of fields). Accepts CRLF or LF, a leading BOM, quoted
 * fields with doubled quotes and line breaks. Throws on a quote left open.
 *
 * @example parseCsv('a,b\r\n"x,1",2\r\n') // [['a','b'], ['x,1','2']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      any = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      any = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      if (any || field !== '') {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      any = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      any = true;
      i++;
    }
  }
  if (quoted) throw new Error('a quoted field is not closed');
  if (any || field !== '') {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
