// The Precedent view container: findings grouped family → rule → file, and a second tree by
// decision (each finding once, under the decision it cites first). The server sends the findings
// (precedent.findings); filters by severity and for suppressed findings apply to both trees.
import * as vscode from 'vscode';
import type { FindingEntry } from '../../server/src/lsp/findings';

export const FINDINGS_COMMAND = 'precedent.findings';
const SEVERITIES = ['error', 'warning', 'info'] as const;
type Severity = (typeof SEVERITIES)[number];

export interface ViewNode {
  label: string;
  /** Count or location shown next to the label. */
  description?: string;
  tooltip?: string;
  children?: ViewNode[];
  finding?: FindingEntry;
}

export interface Filters {
  severities: Set<Severity>;
  showSuppressed: boolean;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const countLabel = (findings: readonly unknown[]) => `${findings.length}`;

function findingNode(finding: FindingEntry, withFile: boolean): ViewNode {
  const line = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  const where = withFile ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(finding.uri))}:${line}` : line;
  const suppressed = finding.suppressed ? ` — suppressed: ${finding.suppressed.reason ?? 'no reason given'}` : '';
  return { label: finding.message, description: `${where}${suppressed}`, tooltip: `${finding.ruleTitle} (${finding.ruleId})\n${finding.message}${suppressed}`, finding };
}

/** family → rule → file → finding, families and rules in the order the server lists rules. */
export function byFamily(findings: readonly FindingEntry[]): ViewNode[] {
  return [...groupBy(findings, (finding) => finding.family)].map(([family, inFamily]) => ({
    label: family,
    description: countLabel(inFamily),
    children: [...groupBy(inFamily, (finding) => finding.ruleId)].map(([ruleId, inRule]) => ({
      label: inRule[0].ruleTitle,
      description: `${ruleId} · ${countLabel(inRule)}`,
      children: [...groupBy(inRule, (finding) => finding.uri)].map(([uri, inFile]) => ({
        label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri)),
        description: countLabel(inFile),
        children: inFile.map((finding) => findingNode(finding, false)),
      })),
    })),
  }));
}

/** decision → finding: each finding under its primary (first) decision. */
export function byDecision(findings: readonly FindingEntry[]): ViewNode[] {
  const groups = groupBy(findings.filter((finding) => finding.decisions.length > 0), (finding) => finding.decisions[0].id);
  return [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([, cited]) => {
      const decision = cited[0].decisions[0];
      return {
        label: decision.citation,
        description: `${decision.fine === '—' ? '' : `${decision.fine} · `}${countLabel(cited)}`,
        tooltip: decision.url,
        children: cited.map((finding) => findingNode(finding, true)),
      };
    });
}

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

class FindingsTree implements vscode.TreeDataProvider<ViewNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ViewNode[] = [];

  constructor(private readonly group: (findings: readonly FindingEntry[]) => ViewNode[]) {}

  update(findings: readonly FindingEntry[]): void {
    this.roots = this.group(findings);
    this.changed.fire();
  }

  getChildren(node?: ViewNode): ViewNode[] {
    return node ? (node.children ?? []) : this.roots;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = node.tooltip;
    const finding = node.finding;
    if (finding) {
      item.iconPath = finding.suppressed ? new vscode.ThemeIcon('mute') : SEVERITY_ICONS[finding.severity];
      item.contextValue = 'finding';
      const { start, end } = finding.range;
      item.command = {
        title: 'Reveal finding',
        command: 'vscode.open',
        arguments: [vscode.Uri.parse(finding.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }
}

export class FindingsViews implements vscode.Disposable {
  readonly filters: Filters = { severities: new Set(SEVERITIES), showSuppressed: false };
  readonly families = new FindingsTree(byFamily);
  readonly decisions = new FindingsTree(byDecision);
  private readonly views: vscode.TreeView<ViewNode>[];
  private findings: FindingEntry[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly fetch: () => Thenable<FindingEntry[] | undefined>) {
    this.views = [
      vscode.window.createTreeView('precedent.findings', { treeDataProvider: this.families, showCollapseAll: true }),
      vscode.window.createTreeView('precedent.decisions', { treeDataProvider: this.decisions, showCollapseAll: true }),
    ];
    void vscode.commands.executeCommand('setContext', 'precedent.showSuppressed', false);
  }

  /** Diagnostics change in bursts during a scan: ask the server once the burst settles. */
  scheduleRefresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), 250);
  }

  async refresh(): Promise<void> {
    this.findings = (await this.fetch()) ?? [];
    this.render();
  }

  shown(): FindingEntry[] {
    return this.findings.filter((finding) => this.filters.severities.has(finding.severity) && (this.filters.showSuppressed || !finding.suppressed));
  }

  private render(): void {
    const shown = this.shown();
    this.families.update(shown);
    this.decisions.update(shown);
    const active = shown.filter((finding) => !finding.suppressed).length;
    const hidden = SEVERITIES.filter((severity) => !this.filters.severities.has(severity));
    const description = [hidden.length > 0 ? `hiding ${hidden.join(', ')}` : '', this.filters.showSuppressed ? 'suppressed shown' : ''].filter(Boolean).join(' · ');
    // The container's badge sums its views' badges: only the first view counts.
    this.views[0].badge = { value: active, tooltip: `${active} privacy finding${active === 1 ? '' : 's'}` };
    for (const view of this.views) view.description = description || undefined;
  }

  async pickSeverities(choice?: Severity[]): Promise<void> {
    if (!choice) {
      const items = SEVERITIES.map((severity) => ({ label: severity, picked: this.filters.severities.has(severity) }));
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Precedent: severities to show' });
      if (!picked) return;
      choice = picked.map((item) => item.label);
    }
    this.filters.severities = new Set(choice);
    this.render();
  }

  setShowSuppressed(show: boolean): void {
    this.filters.showSuppressed = show;
    void vscode.commands.executeCommand('setContext', 'precedent.showSuppressed', show);
    this.render();
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const view of this.views) view.dispose();
  }
}
