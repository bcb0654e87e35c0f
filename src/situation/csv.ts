/*
 * CSV as RFC 4180 writes it (and as ACLED exports it): comma-separated, fields quoted when they
 * hold a comma, quote or line break, quotes doubled, CRLF between records.
 *
 * Text that a spreadsheet would run as a formula (a cell starting with = + - @, a tab or a
 * carriage return: "CSV injection") is written with a leading apostrophe, which spreadsheets
 * show as text; `parseCsv` takes the apostrophe off again, so the node reads back exactly
 * what it wrote. Numbers, and text that is a plain number such as "-12.5", stay as they are.
 */

/** Text a spreadsheet could take for a formula, after any apostrophes already in front. */
const FORMULA = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
/** What `csvField` wrote: one apostrophe more than the text had before its first formula character. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** One CSV field. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A field as the node's CSV reader returns it: the apostrophe `csvField` added taken off. */
export function restoreField(field: string): string {
  return NEUTRALISED.test(field) ? field.slice(1) : field;
}

/** One CSV record with its line end. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Parse CSV text into records (arrays of fields). Accepts CRLF or LF, a leading BOM, quoted
 * fields with doubled quotes and line breaks; takes off the apostrophe that `csvField` puts
 * before formula characters. Throws on a quote left open.
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
      row.push(restoreField(field));
      field = '';
      any = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      if (any || field !== '') {
        row.push(restoreField(field));
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
    row.push(restoreField(field));
    rows.push(row);
  }
  return rows;
}
