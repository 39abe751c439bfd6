// Scan Workspace: the server's scan, shown as a notification with a progress bar and a Cancel
// button. The request carries a progress token the server reports on; Cancel cancels the request.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient, WorkDoneProgress } from 'vscode-languageclient/node';
import type { ScanSummary } from '../../server/src/server';

export const SCAN_COMMAND = 'precedent.scanWorkspace';

export type { ScanSummary };

export function scanWithProgress(client: LanguageClient, exclude: string[]): Thenable<ScanSummary | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Precedent: scanning the workspace', cancellable: true }, async (progress, cancel) => {
    const workDoneToken = `precedent-scan-${Date.now()}`;
    let done = 0;
    const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      const percentage = value.percentage ?? done;
      progress.report({ message: value.message, increment: percentage - done });
      done = percentage;
    });
    try {
      return (await client.sendRequest(ExecuteCommandRequest.type, { command: SCAN_COMMAND, arguments: [{ exclude }], workDoneToken }, cancel)) as ScanSummary;
    } catch (error) {
      // The request was cancelled before the server answered: nothing to announce.
      if (cancel.isCancellationRequested) return { files: 0, findings: 0, skipped: 0, cancelled: true };
      throw error;
    } finally {
      listener.dispose();
    }
  });
}
