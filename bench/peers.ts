// `npm run bench -- --peers`: the linters teams already run, timed on the same files as
// Precedent, in the same run. They come from .tools/peers (scripts/install-peers.sh), outside the
// product's dependencies; a peer that is not installed is reported as such, never guessed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PEERS = join(__dirname, '..', '..', '.tools', 'peers');
const BIN = join(PEERS, 'node_modules', '.bin');

/** Every peer lints JS/TS; Precedent also reads markup and configuration files. */
const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?)$/;

interface Peer {
  name: string;
  /** The executable that must exist for the peer to run. */
  binary: string;
  /** Arguments, given the workspace-relative file list. */
  args(files: string[]): string[];
}

const PEER_LINTERS: Peer[] = [
  {
    name: 'ESLint + typescript-eslint parser + eslint-plugin-security',
    binary: join(BIN, 'eslint'),
    args: (files) => [join(BIN, 'eslint'), '-c', join(PEERS, 'eslint.config.mjs'), '--no-warn-ignored', '-f', 'json', ...files],
  },
  { name: 'Biome lint (recommended rules)', binary: join(BIN, 'biome'), args: (files) => [join(BIN, 'biome'), 'lint', '--config-path', join(PEERS, 'biome.json'), '--max-diagnostics=0', ...files] },
  { name: 'oxlint (default rules)', binary: join(BIN, 'oxlint'), args: (files) => [join(BIN, 'oxlint'), ...files] },
];

export interface ProcessTime {
  wallMs: number;
  /** User + system CPU of the command and its children. */
  cpuMs: number;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs a command through `sh` and reads its CPU time from the shell's `times` builtin (children's
 * user and system time), so multi-threaded tools are charged for every core they use.
 */
export function timeCommand(args: string[], cwd: string): ProcessTime {
  const scratch = mkdtempSync(join(tmpdir(), 'precedent-bench-peer-'));
  const argsFile = join(scratch, 'args');
  // The file list can exceed one argument string's limit: the shell reads it from a file.
  writeFileSync(argsFile, args.map(quote).join(' '));
  const start = process.hrtime.bigint();
  const run = spawnSync('sh', ['-c', `eval "set -- $(cat ${quote(argsFile)})"; "$@" >/dev/null 2>&1; times`], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(scratch, { recursive: true, force: true });
  const children = run.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, minutes, secs]) => Number(minutes) * 60 + Number(secs));
  return { wallMs, cpuMs: Math.round((seconds[0] ?? 0) * 1000 + (seconds[1] ?? 0) * 1000) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median of `rounds` runs, wall and CPU taken from the same run. */
function medianTime(args: string[], cwd: string, rounds: number): ProcessTime {
  const runs = Array.from({ length: rounds }, () => timeCommand(args, cwd));
  const middle = median(runs.map((run) => run.cpuMs));
  return runs.find((run) => run.cpuMs === middle)!;
}

/** Prints one table: Precedent's cold scan against each installed peer, CPU ratio to Precedent. */
export function comparePeers(root: string, files: string[], precedentArgs: string[], rounds: number): { name: string; wallMs: number; cpuMs: number }[] {
  const scripts = files.filter((file) => SCRIPT_FILE.test(file));
  const precedent = medianTime(precedentArgs, root, rounds);
  const rows = [{ name: `Precedent cold scan (all ${files.length} files)`, ...precedent }];
  const missing: string[] = [];
  for (const peer of PEER_LINTERS) {
    if (!existsSync(peer.binary)) missing.push(peer.name);
    else rows.push({ name: `${peer.name} (${scripts.length} JS/TS files)`, ...medianTime(peer.args(scripts), root, rounds) });
  }
  console.log(`\n### side by side (median of ${rounds} rounds; CPU = user + system of all threads)`);
  console.log('| tool | wall | CPU | CPU × Precedent |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.name} | ${(row.wallMs / 1000).toFixed(2)} s | ${(row.cpuMs / 1000).toFixed(2)} s | ${(row.cpuMs / precedent.cpuMs).toFixed(2)} |`);
  if (missing.length > 0) console.log(`not installed (run \`npm run bench:peers-setup\`): ${missing.join('; ')}`);
  return rows;
}
