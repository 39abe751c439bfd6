// Memory across repeated full rescans (no cache): heap after a forced GC should stay flat.
import { readFileSync } from 'node:fs';
import { scanFiles } from '../server/src/engine/scan';

const [root, listFile, countArgument] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
const heaps: number[] = [];
const gc = (globalThis as { gc?: () => void }).gc;
void (async () => {
  for (let round = 0; round < Number(countArgument); round++) {
    await scanFiles({ root, files, configs: [], threads: 0 });
    gc?.();
    heaps.push(Math.round(process.memoryUsage().heapUsed / 1024 / 1024));
  }
  process.stdout.write(JSON.stringify({ heapMb: heaps }));
})();
