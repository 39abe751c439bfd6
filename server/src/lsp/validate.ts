// Shapes of what a client sends, checked before any handler reads it: a malformed notification
// or request (a URI the file system cannot map, `text: null`, `uri: 42`) is logged and ignored
// instead of reaching code that assumes the protocol's types. The server only ends on `exit`.
import { fileURLToPath } from 'node:url';
import type { NotificationHandler, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

type Guard<T> = (value: unknown) => value is T;
/** What TextDocuments listens on (the type is not exported by vscode-languageserver). */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/**
 * A URI the server can use: any parseable URI; a `file:` one must also map to a local path
 * (`file://host/share/x` and an encoded `/` in a segment do not, on POSIX).
 */
export function isUsableUri(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 10_000) return false;
  if (!URL.canParse(value)) return false;
  if (!value.startsWith('file:')) return true;
  try {
    fileURLToPath(value);
    return true;
  } catch {
    return false;
  }
}

export const isPosition: Guard<Position> = (value): value is Position =>
  isObject(value) && isCount(value.line) && isCount(value.character);

type Position = { line: number; character: number };
type Range = { start: Position; end: Position };

export const isRange: Guard<Range> = (value): value is Range => isObject(value) && isPosition(value.start) && isPosition(value.end);

/** `{ textDocument: { uri } }`, the common part of every document notification and request. */
export function hasDocument(value: unknown): value is { textDocument: { uri: string } } {
  return isObject(value) && isObject(value.textDocument) && isUsableUri(value.textDocument.uri);
}

export function isDidOpen(value: unknown): value is { textDocument: { uri: string; languageId: string; version: number; text: string } } {
  if (!hasDocument(value)) return false;
  const document = value.textDocument as Record<string, unknown>;
  return typeof document.languageId === 'string' && Number.isInteger(document.version) && typeof document.text === 'string';
}

export function isDidChange(value: unknown): value is { textDocument: { uri: string; version: number }; contentChanges: unknown[] } {
  if (!hasDocument(value) || !Number.isInteger((value.textDocument as Record<string, unknown>).version)) return false;
  const changes = (value as Record<string, unknown>).contentChanges;
  return Array.isArray(changes) && changes.every((change) => isObject(change) && typeof change.text === 'string' && (change.range === undefined || isRange(change.range)));
}

export function isTextDocumentPosition(value: unknown): value is { textDocument: { uri: string }; position: { line: number; character: number } } {
  return hasDocument(value) && isPosition((value as Record<string, unknown>).position);
}

export function isCodeActionParams(value: unknown): value is { textDocument: { uri: string }; range: unknown; context: { diagnostics: unknown[]; only?: string[] } } {
  const context = isObject(value) ? value.context : undefined;
  if (!hasDocument(value) || !isObject(context)) return false;
  const only = context.only;
  return Array.isArray(context.diagnostics) && context.diagnostics.every((diagnostic) => isObject(diagnostic) && isRange(diagnostic.range)) && (only === undefined || (Array.isArray(only) && only.every((kind) => typeof kind === 'string')));
}

/** The well-formed entries of a `workspace/didChangeWatchedFiles` notification; the others are reported. */
export function usableFileEvents(value: unknown, reject: (entry: unknown) => void): { uri: string; type: number }[] {
  const changes = isObject(value) && Array.isArray(value.changes) ? value.changes : [];
  if (!isObject(value) || !Array.isArray(value.changes)) reject(value);
  return changes.filter((change): change is { uri: string; type: number } => {
    const usable = isObject(change) && isUsableUri(change.uri) && (change.type === 1 || change.type === 2 || change.type === 3);
    if (!usable) reject(change);
    return usable;
  });
}

/** Folder URIs a client announced (initialize, workspace folders) that the server can open; the others are reported. */
export function usableFolderUris(folders: unknown, reject: (entry: unknown) => void): string[] {
  if (!Array.isArray(folders)) return [];
  return folders.flatMap((folder) => {
    const uri = typeof folder === 'string' ? folder : isObject(folder) ? folder.uri : undefined;
    if (isUsableUri(uri) && uri.startsWith('file:')) return [uri];
    reject(folder);
    return [];
  });
}

/** A list of strings, or undefined for anything else. */
export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** A short, single-line rendering of a rejected value for the log. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** What a diagnostic carries back in code-action requests (convert.ts DiagnosticData), as the client returned it. */
export function isDiagnosticData(value: unknown): value is { ruleId: string; decisions: string[]; fixes: { title: string; safe: boolean; edits: { range: Range; newText: string }[] }[] } {
  if (!isObject(value) || typeof value.ruleId !== 'string' || !Array.isArray(value.decisions) || !value.decisions.every((id) => typeof id === 'string')) return false;
  return (
    Array.isArray(value.fixes) &&
    value.fixes.every(
      (fix) => isObject(fix) && typeof fix.title === 'string' && Array.isArray(fix.edits) && fix.edits.every((edit) => isObject(edit) && isRange(edit.range) && typeof edit.newText === 'string'),
    )
  );
}

/**
 * The document notifications TextDocuments listens to, each checked first: a malformed one is
 * reported and never becomes a document.
 */
export function validatedDocumentSync(connection: TextDocumentConnection, reject: (method: string, params: unknown) => void): TextDocumentConnection {
  const checked =
    (method: string, check: (value: unknown) => boolean) =>
    <P>(handler: NotificationHandler<P>) =>
    (params: P) =>
      check(params) ? handler(params) : reject(method, params);
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(checked('textDocument/didOpen', isDidOpen)(handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(checked('textDocument/didChange', isDidChange)(handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(checked('textDocument/didClose', hasDocument)(handler)),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(checked('textDocument/willSave', hasDocument)(handler)),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(checked('textDocument/didSave', hasDocument)(handler)),
    onWillSaveTextDocumentWaitUntil: (handler) =>
      connection.onWillSaveTextDocumentWaitUntil((params, token) => {
        if (hasDocument(params)) return handler(params, token);
        reject('textDocument/willSaveWaitUntil', params);
        return [];
      }),
  };
}
