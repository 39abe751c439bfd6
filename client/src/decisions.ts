// "Open decision": the finding's decisions in a picker when it cites several (authority,
// reference, entity, date, fine), the chosen one opened in the browser.
import * as vscode from 'vscode';
import type { DecisionSummary } from '../../server/src/lsp/decision-summary';

/** `url`: the primary decision (what other clients open); `choices`: every decision of the finding. Returns the URL opened. */
export async function openDecision(url: string, choices: readonly DecisionSummary[] = []): Promise<string | undefined> {
  const linked = choices.filter((choice) => choice.url);
  let chosen: string | undefined = url;
  if (linked.length > 1) {
    const items = linked.map((choice) => ({ label: choice.citation, description: choice.fine === '—' ? undefined : choice.fine, detail: choice.url, url: choice.url }));
    chosen = (await vscode.window.showQuickPick(items, { title: 'Open decision', placeHolder: 'Decisions this finding cites, most relevant first', matchOnDetail: true }))?.url;
  }
  // Not awaited: VS Code may ask the user to confirm an external site, and the command is done.
  if (chosen) void vscode.env.openExternal(vscode.Uri.parse(chosen));
  return chosen;
}
