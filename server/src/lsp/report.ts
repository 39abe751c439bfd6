// The audit report of what the editor knows (open and scanned files), for "Show Report" and
// "Export Report": the same builder as the CLI's `--format markdown|html`.
import { basename, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintResult } from '../engine/types';
import { formatHtmlReport, formatMarkdownReport } from '../report/audit-report';
import { uriPath } from '../report/escape';
import { fileUri, type Project } from './projects';

export const REPORT_COMMAND = 'precedent.buildReport';

export interface ReportRequest {
  format?: 'markdown' | 'html';
  /**
   * Folder the report is written to: links into the code are relative to it (Markdown previews
   * refuse file: links). Without it, links are file: URIs.
   */
  linkBase?: string;
  /** A client command taking (file URI, zero-based line): links into the code become `command:` links (VS Code webviews). */
  linkCommand?: string;
}

export function workspaceReport(request: ReportRequest, projects: readonly Project[], resultsByUri: ReadonlyMap<string, LintResult>): string {
  const multiRoot = projects.length > 1;
  const results: LintResult[] = [];
  const uriByPath = new Map<string, string>();
  for (const [uri, result] of resultsByUri) {
    if (!uri.startsWith('file:')) continue;
    // result.path is relative to its project; several folders are told apart by their name.
    const project = projects.find((candidate) => fileUri(candidate.root, result.path) === uri);
    const path = multiRoot && project ? `${basename(project.root)}/${result.path}` : result.path;
    uriByPath.set(path, uri);
    results.push({ ...result, path });
  }
  results.sort((a, b) => a.path.localeCompare(b.path));
  const report = { root: projects[0]?.root ?? '', results, configProblems: projects.flatMap((project) => project.problems) };
  const target = (uri: string) =>
    request.linkBase ? uriPath(relative(request.linkBase, fileURLToPath(uri)), sep) : uri;
  const link = (path: string, line: number) =>
    request.linkCommand
      ? `command:${request.linkCommand}?${encodeURIComponent(JSON.stringify([uriByPath.get(path) ?? path, line]))}`
      : `${target(uriByPath.get(path) ?? path)}#L${line + 1}`;
  const options = { link, generatedAt: new Date() };
  return request.format === 'html' ? formatHtmlReport(report, options) : formatMarkdownReport(report, options);
}
