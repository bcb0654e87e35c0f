#!/usr/bin/env node
// Where SQL may live (run by `npm run lint`; docs/development.md "Layers"): in src/store and in
// each feature's repository module, `src/<feature>/repository.ts` or `src/<feature>/repository/`.
// Every other non-test .ts/.tsx file under src/ is parsed with the TypeScript compiler and fails
// the check, named file:line, when a string or template literal holds an SQL statement (the
// uppercase keywords below) or when it calls `cachedStatement(` or `.prepare(`. Comments are not
// code, so a comment may speak of SQL.
//
//   node scripts/check-sql.mjs [--root DIR]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const { values } = parseArgs({
  options: { root: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..') } },
});
const root = values.root;

/** The features, as .dependency-cruiser.mjs names them. */
const FEATURES = ['intake', 'sync', 'desk', 'situation', 'organize', 'program'];

/** SQL statements as the code writes them: uppercase keywords, in the shape of a statement. */
const STATEMENTS = [
  /\bSELECT\b[\s\S]*\bFROM\b/,
  /\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b/,
  /\bUPDATE\s+\S+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\bCREATE\s+(?:UNIQUE\s+|TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b/,
  /\bDROP\s+(?:TABLE|INDEX|TRIGGER|VIEW)\b/,
  /\bALTER\s+TABLE\b/,
  /\bPRAGMA\s+[a-z_]/,
  /\bVACUUM\b/,
];

const toPosix = (p) => p.split(sep).join('/');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (
      /\.tsx?$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    ) {
      yield path;
    }
  }
}

/** Whether SQL belongs in this file (a path relative to the root, with forward slashes). */
function mayHoldSql(file) {
  if (file.startsWith('src/store/')) return true;
  const [, feature, rest] = file.match(/^src\/([^/]+)\/(.+)$/) ?? [];
  if (!feature || !FEATURES.includes(feature)) return false;
  return /^repository\.tsx?$/.test(rest) || rest.startsWith('repository/');
}

/** The text of a literal, a template's holes standing for a name. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' x ');
  }
  return null;
}

/** Every place in one file that holds SQL: { line, what }. */
function findSql(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const at = (node, what) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });
  const visit = (node) => {
    const text = literalText(node);
    if (text !== null) {
      const statement = STATEMENTS.find((re) => re.test(text));
      if (statement) at(node, `SQL text (${text.match(statement)[0].split(/\s+/).slice(0, 2).join(' ')})`);
      // A template's holes are expressions, which may hold literals of their own.
      if (!ts.isTemplateExpression(node)) return;
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'cachedStatement')
        at(node, 'a call to cachedStatement(');
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'prepare')
        at(node, 'a call to .prepare(');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const problems = [];
for (const path of sourceFiles(join(root, 'src'))) {
  const file = toPosix(relative(root, path));
  if (mayHoldSql(file)) continue;
  for (const f of findSql(path)) problems.push(`${file}:${f.line}: ${f.what}`);
}

if (problems.length > 0) {
  console.error(
    'check-sql: SQL belongs in src/store or a feature\'s repository module (docs/development.md "Layers"):',
  );
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('check-sql: no SQL outside src/store and the repository modules');
