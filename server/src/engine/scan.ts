// A scan of many files, shared by the CLI and the language server: cached results for unchanged
// files, a pool of worker threads for the rest (in-process for small scans, where starting
// workers costs more than it saves), results delivered in file order, cancellable, and a time
// budget per file that a runaway parse cannot exceed.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Tinypool from 'tinypool';
import type { ScanCache } from './cache';
import type { PrecedentConfig } from './config';
import { runScanTask, type ScanTask, type ScanTaskOutcome, skippedResult } from './scan-task';
import type { LintResult } from './types';

/** Below this many files to lint, worker start-up (each loads the parser) outweighs the gain. */
const MIN_FILES_FOR_WORKERS = 48;
export const DEFAULT_TIME_BUDGET_MS = 15_000;
const YIELD_EVERY_MS = 20;

export interface ScanOptions {
  root: string;
  files: string[];
  configs: (PrecedentConfig | undefined)[];
  maxFileSize?: number;
  cache?: ScanCache;
  /** Worker threads; 0 lints in-process. Default: see defaultThreads. */
  threads?: number;
  /** Per-file wall-clock budget in worker threads; an exceeding file is reported as skipped. */
  timeBudgetMs?: number;
  signal?: AbortSignal;
  /** A scan of the whole project: cache entries of files not in `files` are dropped. */
  prune?: boolean;
  /** Called in file order as results become available. */
  onResult?: (result: LintResult, index: number, total: number) => void;
}

export interface ScanOutcome {
  results: LintResult[];
  cancelled: boolean;
  linted: number;
  fromCache: number;
  threads: number;
}

let pool: Tinypool | undefined;

/** dist/worker.js next to the bundle; absent when running from sources (tests), then in-process. */
function workerFile(): string | undefined {
  const candidate = join(__dirname, 'worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

function workerPool(threads: number): Tinypool | undefined {
  const filename = workerFile();
  if (!filename) return undefined;
  if (!pool || pool.options.maxThreads !== threads) {
    void pool?.destroy();
    pool = new Tinypool({ filename, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  }
  return pool;
}

/** Stops the worker threads (the CLI calls it before exiting). */
export async function closeWorkerPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.destroy();
}

/**
 * One parse already keeps ~1.5 cores busy (V8's compiler and GC threads), so workers pay off
 * only with cores to spare: one per core beyond the first, none on 2-core machines.
 */
function defaultThreads(filesToLint: number): number {
  const cores = availableParallelism();
  return filesToLint >= MIN_FILES_FOR_WORKERS && cores > 2 ? cores - 1 : 0;
}

export async function scanFiles(options: ScanOptions): Promise<ScanOutcome> {
  const { root, files, cache } = options;
  const outcome: ScanOutcome = { results: [], cancelled: false, linted: 0, fromCache: 0, threads: 0 };
  // Only a cache needs the up-front stat: it answers unchanged files without reading them.
  const pending = files.map((path) => {
    if (!cache) return undefined;
    const info = statSync(join(root, path), { throwIfNoEntry: false });
    return info ? cache.fresh(path, info.size, info.mtimeMs) : undefined;
  });
  const toLint = pending.filter((result) => !result).length;
  const threads = options.threads ?? defaultThreads(toLint);
  const activePool = threads > 0 ? workerPool(threads) : undefined;
  outcome.threads = activePool ? threads : 0;

  const task = (path: string): ScanTask => ({ root, path, configs: options.configs, maxFileSize: options.maxFileSize, knownHash: cache?.knownHash(path) });
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const runInPool = async (path: string): Promise<ScanTaskOutcome> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget);
    try {
      return (await activePool!.run(task(path), { signal: controller.signal })) as ScanTaskOutcome;
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      return { unchanged: false, result: skippedResult(path, `skipped: exceeded the ${budget} ms time budget`) };
    } finally {
      clearTimeout(timer);
    }
  };

  // A sliding window keeps one task per thread in flight, so a task's budget starts when it runs.
  const window = Math.max(1, outcome.threads);
  const inFlight = new Map<number, Promise<ScanTaskOutcome>>();
  let next = 0;
  const launch = () => {
    while (next < files.length && inFlight.size < window) {
      const index = next++;
      if (pending[index]) continue;
      inFlight.set(index, activePool ? runInPool(files[index]) : Promise.resolve(runScanTask(task(files[index]))));
    }
  };

  let lastYield = performance.now();
  for (let index = 0; index < files.length; index++) {
    if (options.signal?.aborted) {
      outcome.cancelled = true;
      break;
    }
    launch();
    let result = pending[index];
    if (result) outcome.fromCache++;
    else {
      const done = await inFlight.get(index)!;
      inFlight.delete(index);
      const seen = done.size !== undefined && done.mtimeMs !== undefined ? { size: done.size, mtimeMs: done.mtimeMs } : undefined;
      if (done.unchanged) {
        result = (seen && cache?.confirm(files[index], seen.size, seen.mtimeMs)) || undefined;
        outcome.fromCache++;
      } else {
        result = done.result;
        outcome.linted++;
        if (done.hash && seen) cache?.store(files[index], seen.size, seen.mtimeMs, done.hash, result);
      }
      // In-process scans yield now and then so cancellation and other requests get a turn.
      if (!activePool && performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    result ??= skippedResult(files[index], 'skipped: vanished during the scan');
    outcome.results.push(result);
    options.onResult?.(result, index, files.length);
  }
  await Promise.allSettled(inFlight.values());
  if (options.prune && !outcome.cancelled) cache?.retainOnly(files);
  cache?.save();
  return outcome;
}
