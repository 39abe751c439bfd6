// `npm run bench [-- [--rounds=N] [--peers] [--peer-rounds=N] /path/to/repo…]`: the real engine on a synthetic
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
  /** Rounds of every measure (`--rounds=N`, default 1): times are medians, ratios medians of each round's. */
  rounds: number;
}

/** The median of some numbers (the lower middle one of an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** One round's times of every measure, each run in a fresh process. */
interface Round {
  read: Measured;
  parse: Measured;
  cold: Measured;
  warm: Measured;
  oneChanged: Measured;
  coldSingleThread: Measured;
}

async function benchWorkspace(name: string, root: string, options: BenchOptions) {
  const files = await listFiles(root);
  const listFile = join(mkdtempSync(join(tmpdir(), 'precedent-bench-')), 'files.json');
  writeFileSync(listFile, JSON.stringify(files));
  const bytes = files.reduce((sum, file) => sum + statSync(join(root, file)).size, 0);
  const cacheFile = join(tmpdir(), `precedent-bench-cache-${process.pid}-${name}.json`);
  const cli = (extra: string[]) => measure(CLI, [root, '--format', 'json', '--cache', '--cache-location', cacheFile, ...extra]);
  const changedFile = join(root, files.find((file) => /\.(ts|tsx|js)$/.test(file)) ?? files[0]);

  // Each round runs the baseline and every measure in turn, so that a ratio compares runs made
  // close together: the machine's speed drifts (±10 % here) over a bench.
  const rounds: Round[] = [];
  for (let round = 0; round < options.rounds; round++) {
    rmSync(cacheFile, { force: true });
    const read = measure(join(OUT, 'read-all.js'), [root, listFile]);
    const parse = measure(join(OUT, 'parse-all.js'), [root, listFile]);
    const cold = cli([]);
    const warm = cli([]);
    const original = readFileSync(changedFile);
    appendFileSync(changedFile, '\n// changed\n');
    const oneChanged = cli([]);
    writeFileSync(changedFile, original);
    const coldSingleThread = measure(CLI, [root, '--format', 'json', '--threads', '0']);
    rounds.push({ read, parse, cold, warm, oneChanged, coldSingleThread });
  }
  rmSync(cacheFile, { force: true });
  const coldReport = JSON.parse(rounds[0].cold.stdout) as { summary: { errors: number; warnings: number; skipped: number } };
  const rescans = JSON.parse(measure(join(OUT, 'rescans.js'), [root, listFile, '10'], ['--expose-gc']).stdout) as { heapMb: number[] };
  const msOf = (measure: keyof Round) => median(rounds.map((round) => round[measure].ms));
  const ratioOf = (measure: keyof Round) => median(rounds.map((round) => round[measure].ms / round.parse.ms));
  const rssOf = (measure: keyof Round) => Math.max(...rounds.map((round) => round[measure].rssMb ?? 0));
  const row = (label: string, measure: keyof Round): [string, string, string, string] => [label, `${msOf(measure).toFixed(0)} ms`, ratioOf(measure).toFixed(3), `${rssOf(measure)} MB`];
  const rows: [string, string, string, string][] = [
    row('read-only floor', 'read'),
    row('parse-only baseline (1 thread)', 'parse'),
    row('Precedent cold scan (CLI, default threads, writes --cache)', 'cold'),
    row('Precedent cold scan (CLI, --threads 0, no cache)', 'coldSingleThread'),
    row('warm rescan, nothing changed (--cache)', 'warm'),
    row('rescan after one file changed (--cache)', 'oneChanged'),
  ];
  console.log(`\n## ${name}: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB — ${coldReport.summary.errors} errors, ${coldReport.summary.warnings} warnings, ${coldReport.summary.skipped} skipped${options.rounds > 1 ? ` — median of ${options.rounds} rounds (ratios: median of each round's ratio)` : ''}`);
  console.log('| measure | time | × parse-only | peak RSS |');
  console.log('|---|---|---|---|');
  for (const line of rows) console.log(`| ${line.join(' | ')} |`);
  console.log(`| heap after each of 10 in-process rescans (MB) | ${rescans.heapMb.join(' ')} | | |`);
  const peers = options.peers ? comparePeers(root, files, [process.execPath, CLI, root, '--format', 'json'], options.peerRounds) : undefined;
  return {
    peers,
    name,
    files: files.length,
    bytes,
    rounds: options.rounds,
    readMs: Math.round(msOf('read')),
    parseMs: Math.round(msOf('parse')),
    coldMs: Math.round(msOf('cold')),
    coldSingleThreadMs: Math.round(msOf('coldSingleThread')),
    warmMs: Math.round(msOf('warm')),
    oneChangedMs: Math.round(msOf('oneChanged')),
    coldRatio: Number(ratioOf('cold').toFixed(3)),
    coldSingleThreadRatio: Number(ratioOf('coldSingleThread').toFixed(3)),
    warmRatio: Number(ratioOf('warm').toFixed(3)),
    oneChangedRatio: Number(ratioOf('oneChanged').toFixed(3)),
    peakRssMb: rssOf('cold'),
    rescanHeapMb: rescans.heapMb,
  };
}

async function main() {
  console.log(`# Precedent bench — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const synthetic = mkdtempSync(join(tmpdir(), 'precedent-bench-synthetic-'));
  generateWorkspace(synthetic);
  const args = process.argv.slice(2);
  const count = (flag: string, fallback: number) => {
    const given = args.find((arg) => arg.startsWith(`${flag}=`));
    return given ? Math.max(1, Math.floor(Number(given.split('=')[1])) || fallback) : fallback;
  };
  const options: BenchOptions = { peers: args.includes('--peers'), peerRounds: count('--peer-rounds', 3), rounds: count('--rounds', 1) };
  const results = [await benchWorkspace('synthetic', synthetic, options)];
  rmSync(synthetic, { recursive: true, force: true });
  for (const folder of args.filter((arg) => !arg.startsWith('--'))) results.push(await benchWorkspace(folder, resolve(folder), options));
  // Each round is a fresh server and file; the round with the median p95 is reported.
  const latencies = [];
  for (let round = 0; round < options.rounds; round++) latencies.push(await editLatency());
  const latency = latencies.sort((a, b) => a.p95 - b.p95)[Math.floor((latencies.length - 1) / 2)];
  console.log(`\n## language server: didChange → publishDiagnostics on a ${(latency.bytes / 1024).toFixed(0)} KB TSX file, ${latency.edits} keystrokes after the first${options.rounds > 1 ? ` — the median of ${options.rounds} rounds by p95 (p95 of each: ${latencies.map((each) => each.p95.toFixed(1)).join(', ')} ms)` : ''}`);
  console.log(`p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms (the first keystroke after opening, apart: ${latency.firstMs.toFixed(1)} ms)`);
  console.log(`p95 by where the keystroke lands: ${Object.entries(latency.p95ByKind).map(([kind, ms]) => `${kind} ${ms} ms`).join(', ')}`);
  console.log(JSON.stringify({ bench: results, editLatencyMs: { p50: Number(latency.p50.toFixed(1)), p95: Number(latency.p95.toFixed(1)), p95ByKind: latency.p95ByKind, firstMs: Number(latency.firstMs.toFixed(1)) } }));
}

void main();
