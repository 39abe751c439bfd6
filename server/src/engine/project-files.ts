// What the project model reads from disk, for the CLI and the language server alike: the texts of
// the configs module resolution needs (tsconfig, jsconfig, package.json), and the summaries of
// files an import needs that no rule parsed. Read as data, never executed.
import { lintHeldBack } from './held-back';
import { DEFAULT_MAX_FILE_SIZE } from './lint';
import { isResolverConfig, type Resolutions } from './module-resolution';
import { completeSummaries, ProjectIndex } from './project-index';
import { readRegularFile } from './safe-read';
import { type FileSummary, summarizeText } from './summary';
import { decodeFile } from './text';
import type { LintResult } from './types';

/** A listed file's text, read as a regular file inside the project (it may have become a FIFO since the walk). */
function readText(root: string, path: string, maxFileSize: number): string | undefined {
  // Bytes ≥ UTF-16 units for UTF-8 text: a cheap bound before reading.
  const read = readRegularFile(root, path, maxFileSize * 4, () => 'too large');
  if ('refused' in read) return undefined;
  const decoded = decodeFile(read.bytes);
  return 'binary' in decoded || decoded.text.length > maxFileSize ? undefined : decoded.text;
}

/** The tsconfig/jsconfig/package.json texts among the workspace's files, by workspace path. */
export function readResolverConfigs(root: string, files: readonly string[]): Map<string, string> {
  const configs = new Map<string, string>();
  for (const path of files) {
    const text = resolverConfigText(root, path);
    if (text !== undefined) configs.set(path, text);
  }
  return configs;
}

/** A config module resolution reads, as text (undefined for any other file). */
export function resolverConfigText(root: string, path: string): string | undefined {
  return isResolverConfig(path) ? readText(root, path, DEFAULT_MAX_FILE_SIZE) : undefined;
}

/** The summary of a file on disk (a constants module no rule's keywords brought to a parse). */
export function summaryFromDisk(root: string, path: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): FileSummary | undefined {
  const text = readText(root, path, maxFileSize);
  return text === undefined ? undefined : summarizeText(text, path);
}

/**
 * The project model of a scan: module resolution over the project's files and configs, every
 * result's facts, summary and pending findings, and the summaries imports need read from disk.
 */
export function projectIndexOf(root: string, files: readonly string[], results: Iterable<LintResult>, maxFileSize?: number, remembered?: Resolutions): ProjectIndex {
  const index = new ProjectIndex();
  index.setWorkspace(files, readResolverConfigs(root, files), remembered);
  for (const result of results) index.set(result.path, result.facts, result);
  completeSummaries(index, (path) => summaryFromDisk(root, path, maxFileSize));
  return index;
}

/**
 * Lints the held-back files of a whole-project scan that matter on the index's facts (held-back.ts)
 * and completes the summaries their imports need. `lint`: lints files in full, holding nothing back.
 */
export async function settleHeldBack(root: string, index: ProjectIndex, results: Iterable<LintResult>, lint: (paths: string[]) => Promise<LintResult[]>, maxFileSize?: number): Promise<Map<string, LintResult>> {
  const linted = await lintHeldBack(index, results, (path) => readText(root, path, maxFileSize ?? DEFAULT_MAX_FILE_SIZE), lint);
  if (linted.size > 0) completeSummaries(index, (path) => summaryFromDisk(root, path, maxFileSize));
  return linted;
}
