// The parse-only baseline: every JS/TS file through typescript-estree and every markup file
// through htmlparser2, once, single thread — what any AST linter pays before running a rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { parseDocument } from 'htmlparser2';
import { fileKind } from '../server/src/engine/languages';

const [root, listFile] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
let failures = 0;
for (const file of files) {
  const kind = fileKind(file);
  const text = readFileSync(join(root, file), 'utf8');
  try {
    if (kind?.adapter === 'js') parse(text, { range: true, jsx: kind.jsx, filePath: file, loc: true, comment: false, tokens: false });
    else if (kind?.adapter === 'markup') parseDocument(text, { withStartIndices: true, withEndIndices: true });
  } catch {
    failures++;
  }
}
process.stdout.write(JSON.stringify({ files: files.length, failures }));
