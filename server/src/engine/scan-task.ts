// One file of a scan: read, hash, lint. Runs in a worker thread (worker.ts) or in-process; the
// result is plain data so it crosses threads and lands in the cache unchanged. File I/O is
// synchronous on purpose: linting is synchronous anyway, and for small local files a sync read
// costs a fraction of the four async round trips of fs.promises.readFile.
import type { PrecedentConfig } from './config';
import { digest } from './digest';
import type { ContextDecision } from './file-context';
import { DEFAULT_MAX_FILE_SIZE, lintText, lintWithoutParse } from './lint';
import { readRegularFile, type RealFolders } from './safe-read';
import { decodeFile } from './text';
import type { LintResult } from './types';

export interface ScanTask {
  root: string;
  /** Relative to root, forward slashes. */
  path: string;
  configs: (PrecedentConfig | undefined)[];
  maxFileSize?: number;
  /** Hash the content, for a cache (without one, hashing only costs time). */
  hashed?: boolean;
  /** Content hash from the cache: when the file still has it, it is not linted again. */
  knownHash?: string;
  /** What the file is for (its package known); decided from the path alone when absent. */
  context?: ContextDecision;
  /** Folders already resolved by this scan. */
  folders?: RealFolders;
  /** LintOptions.holdBack: the scan settles held-back files afterwards. */
  holdBack?: boolean;
}

/** A file that passed the prefilter, for a worker thread to parse: the text as already read and decoded. */
export interface ParseJob {
  path: string;
  text: string;
  configs: (PrecedentConfig | undefined)[];
  maxFileSize?: number;
  context?: ContextDecision;
}

/**
 * Size and mtime are those seen when reading, for the cache. `parseElsewhere`: the file passed the
 * prefilter and the caller asked to parse such files in a worker thread.
 */
export type ScanTaskOutcome = (
  | { unchanged: true; hash: string }
  | { unchanged: false; hash?: string; result: LintResult }
  | { unchanged: false; hash?: string; parseElsewhere: ParseJob }
) & { size?: number; mtimeMs?: number };

export function skippedResult(path: string, message: string): LintResult {
  return { path, findings: [], suppressed: [], suppressions: [], errors: [{ kind: 'skipped', message }], parsed: false };
}

type FileRead = { bytes: Uint8Array; hash?: string; size: number; mtimeMs: number } | { skipped: LintResult };

function readForScan(task: ScanTask, maxFileSize: number): FileRead {
  // Bytes ≥ UTF-16 units for UTF-8 text, so this cheap check only skips what lintText would.
  const read = readRegularFile(task.root, task.path, maxFileSize * 4, (size) => `${size} bytes exceeds the ${maxFileSize} limit (maxFileSize)`, task.folders);
  if ('refused' in read) return { skipped: skippedResult(task.path, `skipped: ${read.refused}`) };
  return { bytes: read.bytes, hash: task.hashed ? digest(read.bytes) : undefined, size: read.size, mtimeMs: read.mtimeMs };
}

/** The text to lint, or why there is none (a binary file). */
function decodeForLint(task: ScanTask, bytes: Uint8Array): { text: string } | { skipped: LintResult } {
  const decoded = decodeFile(bytes);
  return 'binary' in decoded ? { skipped: skippedResult(task.path, 'skipped: binary file') } : { text: decoded.text };
}

/** Reads and lints one file; with `parseElsewhere`, a file that needs a parse is only flagged so. */
export function runScanTask(task: ScanTask, parseElsewhere = false): ScanTaskOutcome {
  const maxFileSize = task.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = readForScan(task, maxFileSize);
  if ('skipped' in read) return { unchanged: false, result: read.skipped };
  const { hash, size, mtimeMs } = read;
  if (hash !== undefined && hash === task.knownHash) return { unchanged: true, hash, size, mtimeMs };
  const decoded = decodeForLint(task, read.bytes);
  if ('skipped' in decoded) return { unchanged: false, hash, size, mtimeMs, result: decoded.skipped };
  const options = { configs: task.configs, maxFileSize, context: task.context };
  // A held-back file is decided here, without a parse: a worker only gets files to parse.
  const linting = { ...options, holdBack: task.holdBack };
  const result = parseElsewhere ? lintWithoutParse(decoded.text, task.path, linting) : lintText(decoded.text, task.path, linting);
  return result ? { unchanged: false, hash, size, mtimeMs, result } : { unchanged: false, hash, size, mtimeMs, parseElsewhere: { path: task.path, text: decoded.text, ...options } };
}

/** What a worker thread does with a ParseJob (worker.ts). */
export function runParseJob(job: ParseJob): LintResult {
  return lintText(job.text, job.path, { configs: job.configs, maxFileSize: job.maxFileSize, context: job.context });
}

/** Reads and lints one file, whatever the cache knows. */
export function lintOneFile(task: ScanTask): LintResult {
  const maxFileSize = task.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = readForScan(task, maxFileSize);
  if ('skipped' in read) return read.skipped;
  const decoded = decodeForLint(task, read.bytes);
  return 'skipped' in decoded ? decoded.skipped : lintText(decoded.text, task.path, { configs: task.configs, maxFileSize, context: task.context });
}
