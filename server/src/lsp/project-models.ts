// The project model of each workspace root in the language server (facts, summaries, module
// resolution), kept current file by file: a file's result is settled by the other files' facts,
// and when its own facts change, the results of the files that depend on them are settled again.
import { readResolverConfigs, summaryFromDisk } from '../engine/project-files';
import { applyProjectFacts, completeSummaries, ProjectIndex } from '../engine/project-index';
import { summarizeText } from '../engine/summary';
import type { Finding, LintResult } from '../engine/types';
import { fileUri } from './projects';

/** What the models need of the server: its results, its open documents and where to publish. */
export interface SettlingHost {
  /** The last result of each file with diagnostics, settled; updated in place. */
  results: Map<string, LintResult>;
  /** The editor's buffer of an open file. */
  openText(uri: string): string | undefined;
  openVersion(uri: string): number | undefined;
  /** The workspace root a file belongs to. */
  rootOf(uri: string): string | undefined;
  /** Closed files keep their diagnostics (once the workspace was scanned). */
  keepsClosedFiles(): boolean;
  maxFileSize(): number | undefined;
  publish(uri: string, findings: Finding[], version?: number): void;
}

export class ProjectModels {
  private readonly indexes = new Map<string, ProjectIndex>();

  constructor(private readonly host: SettlingHost) {}

  indexOf(root: string): ProjectIndex {
    let index = this.indexes.get(root);
    if (!index) this.indexes.set(root, (index = new ProjectIndex()));
    return index;
  }

  /**
   * Records a file's facts and returns its result settled by the project's facts. When the facts
   * changed, findings of other files that depend on them are settled again and republished.
   */
  settle(root: string, path: string, uri: string, result: LintResult): LintResult {
    const index = this.indexOf(root);
    const changed = index.set(path, result.facts, result);
    const completed = this.complete(root);
    const settled = applyProjectFacts(result, index);
    this.host.results.set(uri, settled);
    if (changed || completed) this.resettle(uri);
    return settled;
  }

  /** Summaries imports need that no lint result gave: the editor's buffer of an open file, else the disk. */
  complete(root: string): boolean {
    let read = false;
    completeSummaries(this.indexOf(root), (path) => {
      read = true;
      const open = this.host.openText(fileUri(root, path));
      return open !== undefined ? summarizeText(open, path) : summaryFromDisk(root, path, this.host.maxFileSize());
    });
    return read;
  }

  /** The files and configs module resolution works with: those of the last listing. */
  setWorkspace(root: string, files: string[]): void {
    this.indexOf(root).setWorkspace(files, readResolverConfigs(root, files));
  }

  /** Settles every known result again, publishing those whose findings changed. */
  resettle(exceptUri?: string): void {
    for (const [uri, result] of this.host.results) {
      if (uri === exceptUri || (this.host.openText(uri) === undefined && !this.host.keepsClosedFiles())) continue;
      const root = this.host.rootOf(uri);
      if (!root) continue;
      const settled = applyProjectFacts(result, this.indexOf(root));
      if (settled === result) continue;
      this.host.results.set(uri, settled);
      // The findings settled last time, not the published ones (the baseline setting changes those).
      const published = result.findings;
      if (settled.findings.length !== published.length || settled.findings.some((finding, i) => finding !== published[i])) {
        this.host.publish(uri, settled.findings, this.host.openVersion(uri));
      }
    }
  }
}
