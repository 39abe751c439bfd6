// A scan of many files, shared by the CLI and the language server: cached results for unchanged
// files; the rest read and prefiltered on the main thread, and those that need a parse parsed in
// worker threads (in-process on 2 cores and for small scans, where workers cost more than they
// save); results delivered in file order, cancellable, and a time budget per file in workers.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';
import Tinypool from 'tinypool';
import type { ScanCache } from './cache';
import type { PrecedentConfig } from './config';
import { type ContextDecision, sameContext } from './file-context';
import { PackageFactsReader } from './package-facts';
import type { RealFolders } from './safe-read';
import { type ParseJob, runScanTask, type ScanTask, type ScanTaskOutcome, skippedResult } from './scan-task';
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
  /** LintOptions.holdBack: the caller settles held-back files afterwards (held-back.ts). */
  holdBack?: boolean;
  /** What the walk saw of package.json files (ProjectListing.packageManifests). */
  packageManifests?: ReadonlyMap<string, boolean>;
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
/** Scans using the pool right now: it is freed only when none is. */
let scansUsingPool = 0;
let idleTimer: NodeJS.Timeout | undefined;
/** Workers stay this long after the last scan, for the next one; then they and their parser are freed. */
const POOL_IDLE_MS = 30_000;

/** dist/worker.js next to the bundle; absent when running from sources (tests), then in-process. */
function workerFile(): string | undefined {
  const candidate = join(__dirname, 'worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

function acquirePool(threads: number): Tinypool | undefined {
  const filename = workerFile();
  if (!filename) return undefined;
  clearTimeout(idleTimer);
  // A scan already running keeps the pool it has, whatever size this one asks for.
  if (!pool || (pool.options.maxThreads !== threads && scansUsingPool === 0)) {
    void pool?.destroy();
    // Threads start at once, so that they load the parser while the main thread prefilters.
    pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads });
  }
  scansUsingPool++;
  return pool;
}

function releasePool(): void {
  scansUsingPool--;
  if (scansUsingPool === 0) idleTimer = setTimeout(() => void closeWorkerPool(), POOL_IDLE_MS).unref();
}

/** Stops the worker threads (the CLI calls it before exiting). */
export async function closeWorkerPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.destroy();
}

/**
 * The main thread reads and prefilters every file; only files that need a parse go to the
 * workers, one per core beyond the main thread's. On 2 cores one parse already keeps both busy
 * (V8's compiler and GC threads): a worker there costs more than it saves (measured), so scans
 * stay in-process, as small scans do.
 */
function defaultThreads(filesToLint: number): number {
  const cores = availableParallelism();
  return filesToLint >= MIN_FILES_FOR_WORKERS && cores > 2 ? cores - 1 : 0;
}

/** A cached result answers a scan in the same context; a held-back one only a scan that settles those. */
function reusable(result: LintResult, context: ContextDecision, holdBack = false): boolean {
  return sameContext(result.context, context) && (holdBack || !result.heldBack);
}

export async function scanFiles(options: ScanOptions): Promise<ScanOutcome> {
  const { root, files, cache } = options;
  const outcome: ScanOutcome = { results: [], cancelled: false, linted: 0, fromCache: 0, threads: 0 };
  const packages = new PackageFactsReader(root, options.packageManifests);
  const contexts = files.map((path) => packages.contextOf(path));
  // Only a cache needs the up-front stat: it answers unchanged files without reading them, when
  // their package still gives them the context they were linted in.
  const base = root.endsWith(sep) ? root : root + sep;
  const cached = files.map((path, index) => {
    if (!cache?.has(path)) return undefined;
    // Scanned paths are relative with forward slashes, which every platform's file system accepts.
    const info = statSync(base + path, { throwIfNoEntry: false });
    const result = info ? cache.fresh(path, info.size, info.mtimeMs) : undefined;
    return result && reusable(result, contexts[index], options.holdBack) ? result : undefined;
  });
  const toLint = cached.filter((result) => !result).length;
  const wanted = options.threads ?? defaultThreads(toLint);
  const activePool = wanted > 0 ? acquirePool(wanted) : undefined;
  outcome.threads = activePool?.options.maxThreads ?? 0;
  try {
    await lintInOrder(options, outcome, cached, contexts, activePool);
  } finally {
    if (activePool) releasePool();
  }
  if (options.prune && !outcome.cancelled) cache?.retainOnly(files);
  cache?.save();
  return outcome;
}

/** A file the main thread read and prefiltered, for a worker to parse. */
type ToParse = Extract<ScanTaskOutcome, { parseElsewhere: ParseJob }>;

/** Lints the files the cache did not answer, delivering every result in file order. */
async function lintInOrder(
  options: ScanOptions,
  outcome: ScanOutcome,
  cached: (LintResult | undefined)[],
  contexts: ContextDecision[],
  activePool: Tinypool | undefined,
): Promise<void> {
  const { root, files, cache } = options;
  const threads = activePool?.options.maxThreads ?? 0;
  const folders: RealFolders = new Map();

  const task = (index: number): ScanTask => {
    const path = files[index];
    const context = contexts[index];
    // An unchanged content answers from the cache only in the same context.
    const knownHash = cache?.knownHash(path, (result) => reusable(result, context, options.holdBack));
    return { root, path, configs: options.configs, maxFileSize: options.maxFileSize, hashed: cache !== undefined, knownHash, context, folders, holdBack: options.holdBack };
  };
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  /** The main thread's read (hash, size, mtime) with the worker's result, or a skip past the budget. */
  const runInPool = async (read: ToParse): Promise<ScanTaskOutcome> => {
    const { parseElsewhere: job, hash, size, mtimeMs } = read;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget);
    try {
      return { unchanged: false, hash, size, mtimeMs, result: (await activePool!.run(job, { signal: controller.signal })) as LintResult };
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      return { unchanged: false, result: skippedResult(job.path, `skipped: exceeded the ${budget} ms time budget`) };
    } finally {
      clearTimeout(timer);
    }
  };

  // Files waiting for a worker, started one per thread so that a file's budget starts when it runs.
  const outcomes: (ScanTaskOutcome | Promise<ScanTaskOutcome> | undefined)[] = new Array(files.length);
  const waiting: { read: ToParse; settle: (outcome: Promise<ScanTaskOutcome>) => void }[] = [];
  const started: Promise<unknown>[] = [];
  let running = 0;
  const startWaiting = () => {
    while (running < threads && waiting.length > 0 && !options.signal?.aborted) {
      const { read, settle } = waiting.shift()!;
      running++;
      const run = runInPool(read);
      settle(run);
      started.push(
        run
          .finally(() => {
            running--;
            startWaiting();
          })
          .catch(() => undefined),
      );
    }
  };

  let delivered = 0;
  const deliver = (index: number, done: ScanTaskOutcome | undefined) => {
    let result = cached[index];
    if (result) outcome.fromCache++;
    else if (done && 'result' in done) {
      result = done.result;
      outcome.linted++;
      if (done.hash && done.size !== undefined && done.mtimeMs !== undefined) cache?.store(files[index], done.size, done.mtimeMs, done.hash, result);
    } else if (done?.unchanged) {
      result = (done.size !== undefined && done.mtimeMs !== undefined && cache?.confirm(files[index], done.size, done.mtimeMs)) || undefined;
      outcome.fromCache++;
    }
    result ??= skippedResult(files[index], 'skipped: vanished during the scan');
    outcome.results.push(result);
    options.onResult?.(result, index, files.length);
  };
  /** Delivers, in file order, every result that is ready. */
  const deliverReady = (upTo: number) => {
    while (delivered < upTo && (cached[delivered] || !(outcomes[delivered] instanceof Promise))) {
      deliver(delivered, outcomes[delivered] as ScanTaskOutcome | undefined);
      delivered++;
    }
  };

  let lastYield = performance.now();
  let read = 0;
  for (; read < files.length; read++) {
    if (options.signal?.aborted) break;
    if (!cached[read]) {
      const done = runScanTask(task(read), activePool !== undefined);
      if ('parseElsewhere' in done) {
        const index = read;
        const worked = new Promise<ScanTaskOutcome>((resolve) => waiting.push({ read: done, settle: resolve })).then((result) => (outcomes[index] = result));
        // A failure surfaces where the result is awaited, in order; never as an unhandled rejection.
        worked.catch(() => undefined);
        outcomes[index] = worked;
        startWaiting();
      } else outcomes[read] = done;
    }
    deliverReady(read + 1);
    // The main thread yields now and then so that workers' results, cancellation and other
    // requests get a turn.
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  // Files still waiting for a worker when the scan is cancelled never start: stop waiting for them.
  const aborted = new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
  while (delivered < read && !options.signal?.aborted) {
    await Promise.race([outcomes[delivered], aborted]);
    deliverReady(read);
  }
  outcome.cancelled = Boolean(options.signal?.aborted) && delivered < files.length;
  await Promise.allSettled(started);
}
