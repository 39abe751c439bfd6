// "Explain Rule": the rule documentation shipped in the .vsix (docs/rules/<id>.md) as a Markdown
// preview. The picker lists rule titles (fetched once from the server), the rule of the finding
// under the cursor first and selected.
import * as vscode from 'vscode';
import type { RuleEntry } from '../../server/src/lsp/findings';

export const RULES_COMMAND = 'precedent.rules';

let rules: Promise<RuleEntry[]> | undefined;

/** Starts fetching the rule list, so the first picker opens at once. */
export function prefetchRules(): void {
  rules ??= Promise.resolve(vscode.commands.executeCommand<RuleEntry[]>(RULES_COMMAND)).then((list) => list ?? []);
}

function ruleUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const here = vscode.languages.getDiagnostics(editor.document.uri).find((diagnostic) => diagnostic.source === 'precedent' && diagnostic.range.contains(editor.selection.active));
  return here && typeof here.code === 'object' ? String(here.code.value) : undefined;
}

async function pickRule(): Promise<string | undefined> {
  prefetchRules();
  const current = ruleUnderCursor();
  const list = await rules!;
  const items = list.map((rule) => ({ label: rule.title, description: rule.id, detail: `${rule.family} · default ${rule.severity}`, id: rule.id }));
  const ordered = current ? [...items.filter((item) => item.id === current), ...items.filter((item) => item.id !== current)] : items;
  const picker = vscode.window.createQuickPick<(typeof items)[number]>();
  picker.title = 'Precedent: Explain Rule';
  picker.placeholder = 'Rule to explain';
  picker.matchOnDescription = true;
  picker.items = ordered;
  picker.activeItems = ordered.slice(0, 1);
  picker.show();
  return new Promise((resolve) => {
    picker.onDidAccept(() => {
      resolve(picker.selectedItems[0]?.id ?? picker.activeItems[0]?.id);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      picker.dispose();
    });
  });
}

export async function explainRule(context: vscode.ExtensionContext, ruleId?: string): Promise<vscode.Uri | undefined> {
  ruleId ??= await pickRule();
  if (!ruleId) return undefined;
  const file = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  await vscode.commands.executeCommand('markdown.showPreview', file);
  return file;
}
