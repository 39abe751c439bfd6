// Code actions of a finding: its fixes, "disable for this line / file" in the file's own comment
// syntax, "open decision", and the `source.fixAll.precedent` action (safe fixes only).
import { CodeAction, CodeActionKind, type Command, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKind } from '../engine/languages';
import type { Finding } from '../engine/types';
import { SOURCE } from './convert';
import { decisionSummaries } from './decision-summary';
import { isDiagnosticData } from './validate';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.precedent`;
/** Server command: asks the client to open a decision's page (argument 0) in the browser; argument 1 lists every decision of the finding. */
export const OPEN_DECISION_COMMAND = 'precedent.openDecision';
/**
 * Client command run after a disable action is applied: selects the `reason` placeholder so the
 * user types over it. Clients without it ignore it (the server answers it with nothing).
 */
export const SELECT_REASON_COMMAND = 'precedent.selectReason';
export const REASON_PLACEHOLDER = 'reason';

interface CommentSyntax {
  open: string;
  close: string;
}

const LINE_COMMENT: CommentSyntax = { open: '// ', close: '' };
const JSX_COMMENT: CommentSyntax = { open: '{/* ', close: ' */}' };
const MARKUP_COMMENT: CommentSyntax = { open: '<!-- ', close: ' -->' };
const HASH_COMMENT: CommentSyntax = { open: '# ', close: '' };

/** JSON allows comments only in the JSONC dialects editors and TypeScript read. */
function isJsonc(path: string): boolean {
  return /\.jsonc$|(^|\/)(tsconfig|jsconfig)[^/]*\.json$|(^|\/)\.vscode\/[^/]+\.json$|(^|\/)\.precedent\.json$/.test(path);
}

/** Inside an inline `<script>` of a markup file (its directives are JS comments there). */
function insideScript(text: string, offset: number): boolean {
  const before = text.slice(0, offset).toLowerCase();
  return before.lastIndexOf('<script') > before.lastIndexOf('</script');
}

/**
 * A JSX child line (`<input …/>` under an element) takes a `{/* … *\/}` comment: `//` there would
 * render as text. A line is a child when it starts a tag and the previous code line ended a tag.
 */
function isJsxChildLine(lines: string[], line: number): boolean {
  if (!lines[line].trimStart().startsWith('<')) return false;
  for (let previous = line - 1; previous >= 0; previous--) {
    const code = lines[previous].trim();
    if (code === '') continue;
    return code.endsWith('>') && !code.endsWith('=>');
  }
  return false;
}

/** The comment syntax at a line of a file, or undefined when the file cannot hold comments. */
export function commentSyntax(path: string, text: string, offset: number, line: number): CommentSyntax | undefined {
  const kind = fileKind(path);
  if (!kind) return undefined;
  if (kind.adapter === 'js') return kind.jsx && isJsxChildLine(text.split(/\r\n?|\n/), line) ? JSX_COMMENT : LINE_COMMENT;
  if (kind.adapter === 'markup') return insideScript(text, offset) ? LINE_COMMENT : MARKUP_COMMENT;
  if (kind.format === 'json') return isJsonc(path) ? LINE_COMMENT : undefined;
  return HASH_COMMENT;
}

function insertion(document: TextDocument, line: number, syntax: CommentSyntax, directive: string): { edit: TextEdit; reason: Range } {
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const prefix = `${indent}${syntax.open}${directive} -- `;
  const eol = /\r\n?|\n/.exec(document.getText())?.[0] ?? '\n';
  const edit = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${prefix}${REASON_PLACEHOLDER}${syntax.close}${eol}` };
  // The new line takes `line`'s place, so the placeholder's range is on `line` after the edit.
  return { edit, reason: { start: { line, character: prefix.length }, end: { line, character: prefix.length + REASON_PLACEHOLDER.length } } };
}

function disableAction(title: string, uri: string, diagnostic: Diagnostic, inserted: { edit: TextEdit; reason: Range }): CodeAction {
  const action = CodeAction.create(title, { changes: { [uri]: [inserted.edit] } }, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title: 'Type the reason', command: SELECT_REASON_COMMAND, arguments: [uri, inserted.reason] };
  return action;
}

/**
 * The file directive goes first: after a shebang, and in markup after the `<!doctype>` (a comment
 * before it would put browsers in quirks mode).
 */
function fileDirectiveLine(document: TextDocument, path: string): number {
  const text = document.getText();
  if (text.startsWith('#!')) return 1;
  if (fileKind(path)?.adapter !== 'markup') return 0;
  const doctype = /^\uFEFF?\s*<!doctype\b[^>]*>/i.exec(text);
  return doctype ? document.positionAt(doctype[0].length).line + 1 : 0;
}

export function codeActionsFor(document: TextDocument, path: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data;
    // The client sends back what the server published; anything else is not ours to act on.
    if (!isDiagnosticData(data) || diagnostic.source !== SOURCE) continue;
    for (const fix of data.fixes) {
      const edits: TextEdit[] = fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText }));
      const action = CodeAction.create(fix.title, { changes: { [document.uri]: edits } }, CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      // Only a fix that cannot change behaviour beyond the finding is applied without a look.
      action.isPreferred = fix.safe;
      actions.push(action);
    }
    const line = diagnostic.range.start.line;
    const key = `${data.ruleId}:${line}`;
    if (offered.has(key)) continue;
    offered.add(key);
    const lineSyntax = commentSyntax(path, document.getText(), document.offsetAt(diagnostic.range.start), line);
    if (lineSyntax) {
      actions.push(disableAction(`Disable ${data.ruleId} for this line`, document.uri, diagnostic, insertion(document, line, lineSyntax, `precedent-disable-next-line ${data.ruleId}`)));
    }
    const fileLine = fileDirectiveLine(document, path);
    const fileSyntax = commentSyntax(path, document.getText(), document.offsetAt({ line: fileLine, character: 0 }), fileLine);
    if (fileSyntax) {
      actions.push(disableAction(`Disable ${data.ruleId} for the entire file`, document.uri, diagnostic, insertion(document, fileLine, fileSyntax, `precedent-disable-file ${data.ruleId}`)));
    }
    const decisions = decisionSummaries(data.decisions).filter((decision) => decision.url);
    if (decisions.length > 0) {
      // The first URL is what clients open; VS Code offers a picker of all of them (client/src/decisions.ts).
      const title = decisions.length > 1 ? `Open decision for ${data.ruleId}… (${decisions.length})` : `Open decision for ${data.ruleId}`;
      const open: Command = { title, command: OPEN_DECISION_COMMAND, arguments: [decisions[0].url, decisions] };
      const action = CodeAction.create(open.title, open, CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
  }
  return actions;
}

/** One action applying every safe fix of the document; overlapping fixes after the first are left. */
export function fixAllAction(uri: string, findings: readonly Finding[]): CodeAction | undefined {
  const edits: { start: number; end: number; edit: TextEdit }[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes.filter((candidate) => candidate.safe)) {
      const overlaps = fix.edits.some((edit) => edits.some((taken) => edit.offsets.start < taken.end && taken.start < edit.offsets.end));
      if (overlaps) continue;
      for (const edit of fix.edits) edits.push({ start: edit.offsets.start, end: edit.offsets.end, edit: { range: edit.range, newText: edit.newText } });
      break;
    }
  }
  if (edits.length === 0) return undefined;
  return CodeAction.create('Fix all safe Precedent findings', { changes: { [uri]: edits.map((entry) => entry.edit) } }, FIX_ALL_KIND);
}
