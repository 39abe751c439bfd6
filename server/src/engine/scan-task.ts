// One file of a scan: read, hash, lint. Runs in a worker thread (worker.ts) or in-process; the
// result is plain data so it crosses threads and lands in the cache unchanged.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrecedentConfig } from './config';
import { DEFAULT_MAX_FILE_SIZE, lintText } from './lint';
import { decodeFile } from './text';
import type { LintResult } from './types';

export interface ScanTask {
  root: string;
  /** Relative to root, forward slashes. */
  path: string;
  configs: (PrecedentConfig | undefined)[];
  maxFileSize?: number;
  /** Content hash from the cache: when the file still has it, it is not linted again. */
  knownHash?: string;
}

export type ScanTaskOutcome = { unchanged: true; hash: string } | { unchanged: false; hash?: string; result: LintResult };

export function skippedResult(path: string, message: string): LintResult {
  return { path, findings: [], suppressed: [], suppressions: [], errors: [{ kind: 'skipped', message }], parsed: false };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

type FileRead = { bytes: Uint8Array; hash: string } | { skipped: LintResult };

async function readForScan(task: ScanTask, maxFileSize: number): Promise<FileRead> {
  try {
    const info = await stat(join(task.root, task.path));
    // Bytes ≥ UTF-16 units for UTF-8 text, so this cheap check only skips what lintText would.
    if (info.size > maxFileSize * 4) return { skipped: skippedResult(task.path, `skipped: ${info.size} bytes exceeds the ${maxFileSize} limit (maxFileSize)`) };
    const bytes = await readFile(join(task.root, task.path));
    return { bytes, hash: contentHash(bytes) };
  } catch (error) {
    return { skipped: skippedResult(task.path, `skipped: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`) };
  }
}

function lintBytes(task: ScanTask, bytes: Uint8Array, maxFileSize: number): LintResult {
  const decoded = decodeFile(bytes);
  if ('binary' in decoded) return skippedResult(task.path, 'skipped: binary file');
  return lintText(decoded.text, task.path, { configs: task.configs, maxFileSize });
}

export async function runScanTask(task: ScanTask): Promise<ScanTaskOutcome> {
  const maxFileSize = task.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = await readForScan(task, maxFileSize);
  if ('skipped' in read) return { unchanged: false, result: read.skipped };
  if (read.hash === task.knownHash) return { unchanged: true, hash: read.hash };
  return { unchanged: false, hash: read.hash, result: lintBytes(task, read.bytes, maxFileSize) };
}

/** Reads and lints one file, whatever the cache knows. */
export async function lintOneFile(task: ScanTask): Promise<LintResult> {
  const maxFileSize = task.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = await readForScan(task, maxFileSize);
  return 'skipped' in read ? read.skipped : lintBytes(task, read.bytes, maxFileSize);
}
