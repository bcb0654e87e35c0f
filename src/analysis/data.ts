import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * The editable data files of the analysis (rules, lexicons, gazetteer additions, enterprise
 * registry) live in data-files/analysis/ at the package root: two levels above both
 * src/analysis/ and dist/analysis/.
 */
const DATA_DIR = fileURLToPath(new URL('../../data-files/analysis/', import.meta.url));

/** Read one JSON data file of data-files/analysis/. */
export function readDataFile<T>(name: string, dir: string = DATA_DIR): T {
  return JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as T;
}
