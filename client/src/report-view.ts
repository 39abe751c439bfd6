// The audit report in the editor: "Show Report" renders the server's HTML report (the same
// builder as the CLI's `--format html`) in a webview, its links into the code as command links;
// "Export Report" writes the Markdown and HTML files with links relative to where they are.
import * as path from 'node:path';
import * as vscode from 'vscode';

const BUILD_REPORT_COMMAND = 'precedent.buildReport';
/** Client command behind the report's links: (file URI, zero-based line). */
export const OPEN_LOCATION_COMMAND = 'precedent.openLocation';

let panel: vscode.WebviewPanel | undefined;

export async function openLocation(uri: string, line: number): Promise<void> {
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}

/** Shows the report; returns its HTML. */
export async function showReport(): Promise<string> {
  const html = (await vscode.commands.executeCommand<string>(BUILD_REPORT_COMMAND, { format: 'html', linkCommand: OPEN_LOCATION_COMMAND })) ?? '';
  if (!panel) {
    panel = vscode.window.createWebviewPanel('precedent.report', 'Precedent report', vscode.ViewColumn.Active, { enableCommandUris: [OPEN_LOCATION_COMMAND], enableFindWidget: true });
    panel.onDidDispose(() => (panel = undefined));
  }
  // No script runs in the report: styles and inline SVG only.
  const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;
  panel.webview.html = html.replace('<head>', `<head>\n${policy}`);
  panel.reveal();
  return html;
}

/** The report from the server, its links into the code relative to where it is written. */
async function buildReport(format: 'markdown' | 'html', file: vscode.Uri): Promise<string> {
  return (await vscode.commands.executeCommand<string>(BUILD_REPORT_COMMAND, { format, linkBase: path.dirname(file.fsPath) })) ?? '';
}

/** Writes the report as Markdown and HTML side by side; returns both files. */
export async function exportReport(target?: vscode.Uri): Promise<vscode.Uri[] | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  target ??= await vscode.window.showSaveDialog({
    defaultUri: folder && vscode.Uri.joinPath(folder, 'precedent-report.md'),
    filters: { Markdown: ['md'] },
    title: 'Export Precedent report (an .html copy is written next to it)',
  });
  if (!target) return undefined;
  const html = target.with({ path: target.path.replace(/(\.md)?$/, '.html') });
  await vscode.workspace.fs.writeFile(target, Buffer.from(await buildReport('markdown', target)));
  await vscode.workspace.fs.writeFile(html, Buffer.from(await buildReport('html', html)));
  void vscode.window.showInformationMessage(`Precedent report written to ${vscode.workspace.asRelativePath(target)} and ${vscode.workspace.asRelativePath(html)}.`);
  return [target, html];
}
