// `npm run bench [-- [--peers] [--peer-rounds=N] /path/to/repo…]`: the real engine on a synthetic
// workspace (and each folder given), every figure measured in this run, ratios against the
// parse-only baseline; with --peers, ESLint, Biome and oxlint side by side (./peers). Prints one
// table per workspace and a final JSON line. Figures are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listFiles } from '../server/src/engine/workspace';
import { editLatency } from './edit-latency';
import { comparePeers } from './peers';
import { generateWorkspace } from './synthetic';

const REPO = resolve(__dirname, '..', '..');
const OUT = __dirname;
const CLI = join(REPO, 'dist', 'cli.js');

interface Measured {
  ms: number;
  rssMb?: number;
  stdout: string;
}

/** Runs a node script in a fresh process; wall time from spawn to exit, peak RSS from the preload. */
function measure(script: string, args: string[], nodeArgs: string[] = []): Measured {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...nodeArgs, '-r', join(OUT, 'rss-preload.js'), script, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${script} exited ${child.status}: ${child.stderr}`);
  const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(child.stderr);
  return { ms, rssMb: rss ? Math.round(Number(rss[1]) / 1024) : undefined, stdout: child.stdout };
}

interface BenchOptions {
  /** Time ESLint, Biome and oxlint on the same files (`--peers`). */
  peers: boolean;
  peerRounds: number;
}

async function benchWorkspace(name: string, root: string, options: BenchOptions) {
  const files = await listFiles(root);
  const listFile = join(mkdtempSync(join(tmpdir(), 'precedent-bench-')), 'files.json');
  writeFileSync(listFile, JSON.stringify(files));
  const bytes = files.reduce((sum, file) => sum + statSync(join(root, file)).size, 0);
  const cacheFile = join(tmpdir(), `precedent-bench-cache-${process.pid}-${name}.json`);
  rmSync(cacheFile, { force: true });
  const cli = (extra: string[]) => measure(CLI, [root, '--format', 'json', '--cache', '--cache-location', cacheFile, ...extra]);

  const read = measure(join(OUT, 'read-all.js'), [root, listFile]);
  const parse = measure(join(OUT, 'parse-all.js'), [root, listFile]);
  const cold = cli([]);
  const coldReport = JSON.parse(cold.stdout) as { summary: { errors: number; warnings: number; skipped: number } };
  const warm = cli([]);
  const changedFile = join(root, files.find((file) => /\.(ts|tsx|js)$/.test(file)) ?? files[0]);
  const original = readFileSync(changedFile);
  appendFileSync(changedFile, '\n// changed\n');
  const oneChanged = cli([]);
  writeFileSync(changedFile, original);
  const coldSingleThread = measure(CLI, [root, '--format', 'json', '--threads', '0']);
  const rescans = JSON.parse(measure(join(OUT, 'rescans.js'), [root, listFile, '10'], ['--expose-gc']).stdout) as { heapMb: number[] };
  rmSync(cacheFile, { force: true });

  const ratio = (ms: number) => (ms / parse.ms).toFixed(3);
  const rows: [string, string, string, string][] = [
    ['read-only floor', `${read.ms.toFixed(0)} ms`, ratio(read.ms), `${read.rssMb} MB`],
    ['parse-only baseline (1 thread)', `${parse.ms.toFixed(0)} ms`, '1.000', `${parse.rssMb} MB`],
    ['Precedent cold scan (CLI, default threads)', `${cold.ms.toFixed(0)} ms`, ratio(cold.ms), `${cold.rssMb} MB`],
    ['Precedent cold scan (CLI, --threads 0)', `${coldSingleThread.ms.toFixed(0)} ms`, ratio(coldSingleThread.ms), `${coldSingleThread.rssMb} MB`],
    ['warm rescan, nothing changed (--cache)', `${warm.ms.toFixed(0)} ms`, ratio(warm.ms), `${warm.rssMb} MB`],
    ['rescan after one file changed (--cache)', `${oneChanged.ms.toFixed(0)} ms`, ratio(oneChanged.ms), `${oneChanged.rssMb} MB`],
  ];
  console.log(`\n## ${name}: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB — ${coldReport.summary.errors} errors, ${coldReport.summary.warnings} warnings, ${coldReport.summary.skipped} skipped`);
  console.log('| measure | time | × parse-only | peak RSS |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`| heap after each of 10 in-process rescans (MB) | ${rescans.heapMb.join(' ')} | | |`);
  const peers = options.peers ? comparePeers(root, files, [process.execPath, CLI, root, '--format', 'json'], options.peerRounds) : undefined;
  return {
    peers,
    name,
    files: files.length,
    bytes,
    readMs: Math.round(read.ms),
    parseMs: Math.round(parse.ms),
    coldMs: Math.round(cold.ms),
    coldSingleThreadMs: Math.round(coldSingleThread.ms),
    warmMs: Math.round(warm.ms),
    oneChangedMs: Math.round(oneChanged.ms),
    coldRatio: Number(ratio(cold.ms)),
    warmRatio: Number(ratio(warm.ms)),
    peakRssMb: cold.rssMb,
    rescanHeapMb: rescans.heapMb,
  };
}

async function main() {
  console.log(`# Precedent bench — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const synthetic = mkdtempSync(join(tmpdir(), 'precedent-bench-synthetic-'));
  generateWorkspace(synthetic);
  const args = process.argv.slice(2);
  const rounds = args.find((arg) => arg.startsWith('--peer-rounds='));
  const options: BenchOptions = { peers: args.includes('--peers'), peerRounds: rounds ? Number(rounds.split('=')[1]) || 3 : 3 };
  const results = [await benchWorkspace('synthetic', synthetic, options)];
  rmSync(synthetic, { recursive: true, force: true });
  for (const folder of args.filter((arg) => !arg.startsWith('--'))) results.push(await benchWorkspace(folder, resolve(folder), options));
  const latency = await editLatency();
  console.log(`\n## language server: didChange → publishDiagnostics on a ${(latency.bytes / 1024).toFixed(0)} KB TSX file, ${latency.edits} keystrokes after the first`);
  console.log(`p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms (the first keystroke after opening, apart: ${latency.firstMs.toFixed(1)} ms)`);
  console.log(`p95 by where the keystroke lands: ${Object.entries(latency.p95ByKind).map(([kind, ms]) => `${kind} ${ms} ms`).join(', ')}`);
  console.log(JSON.stringify({ bench: results, editLatencyMs: { p50: Number(latency.p50.toFixed(1)), p95: Number(latency.p95.toFixed(1)), p95ByKind: latency.p95ByKind, firstMs: Number(latency.firstMs.toFixed(1)) } }));
}

void main();
