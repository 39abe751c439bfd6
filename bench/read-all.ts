// The read-only floor: reading every file the scan would read, nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, listFile] = process.argv.slice(2);
let bytes = 0;
for (const file of JSON.parse(readFileSync(listFile, 'utf8')) as string[]) bytes += readFileSync(join(root, file)).length;
process.stdout.write(JSON.stringify({ bytes }));
