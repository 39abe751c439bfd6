// Member-level pruning: inside a kept class, only the methods and fields a statement-scoped rule may need are converted.
import { createSourceFile, isClassDeclaration, type ClassDeclaration, JSDocParsingMode, ScriptKind, ScriptTarget, SyntaxKind } from 'typescript';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import { prunedView } from '../server/src/engine/pruning';

const CONTROLLER = `import { Controller } from './framework';
const unrelated = compute();
export class FilesController {
  private readonly root = 'uploads';
  constructor(private readonly store: Store) {}
  list() { return this.store.names().map((name) => name.toUpperCase()); }
  download(req, res) { return this.stream(req.params.name, res); }
  stream(name, res) { return res.sendFile(name, { root: this.root }); }
  get count() { return this.store.size; }
  audit() { return 'audit'; }
  report() { return Reports.render(); }
}
schedule(Files.audit);
`;

function parse(text: string) {
  return createSourceFile('file.ts', text, { languageVersion: ScriptTarget.Latest, jsDocParsingMode: JSDocParsingMode.ParseNone }, true, ScriptKind.TS);
}

/** Names of the members of the first class the view converts (dropped ones are `;`). */
function convertedMembers(text: string, evidence: RegExp): string[] {
  const view = prunedView(parse(text), evidence);
  const declaration = view.statements.find((statement): statement is ClassDeclaration => isClassDeclaration(statement))!;
  return declaration.members.filter((member) => member.kind !== SyntaxKind.SemicolonClassElement).map((member) => member.name?.getText() ?? 'constructor');
}

describe('pruning for statement-scoped rules', () => {
  it('keeps the methods with evidence, those that call them, those named outside the class, the fields they use and constructors', () => {
    expect(convertedMembers(CONTROLLER, /sendFile/)).toEqual(['root', 'constructor', 'download', 'stream', 'audit']);
  });

  it('drops the statements without evidence and leaves the parsed tree whole', () => {
    const file = parse(CONTROLLER);
    const view = prunedView(file, /sendFile/);
    expect(view.statements.map((statement) => SyntaxKind[statement.kind])).toEqual(['ImportDeclaration', 'EmptyStatement', 'ClassDeclaration', 'ExpressionStatement']);
    expect(file.statements.map((statement) => statement.kind)).not.toContain(SyntaxKind.EmptyStatement);
    const original = file.statements.find((statement): statement is ClassDeclaration => isClassDeclaration(statement))!;
    expect(original.members.map((member) => member.kind)).not.toContain(SyntaxKind.SemicolonClassElement);
  });

  it('drops the fields no kept member or outside code names, and keeps those with evidence', () => {
    const model = `export class User extends Model {
  @Column displayName: string;
  @Column avatarUrl: string;
  @Length({ min: 8 }) @Column password: string;
  static policy = { min: 8 };
  onSubmit = (res) => res.sendFile(this.avatarUrl);
  greet() { return this.displayName; }
}
check(User.policy);
`;
    expect(convertedMembers(model, /password/)).toEqual(['password', 'policy']);
    expect(convertedMembers(model, /sendFile/)).toEqual(['avatarUrl', 'policy', 'onSubmit']);
  });

  it('keeps quoted and computed members, whatever characters their names hold', () => {
    const text = "class Odd {\n  'serve(file'(res) { res.sendFile(this.path); }\n  [Symbol.iterator]() { return [][Symbol.iterator](); }\n  unused() { return 1; }\n}\n";
    expect(convertedMembers(text, /sendFile/)).toEqual(["'serve(file'", '[Symbol.iterator]']);
  });

  it('gives the view of the file itself when nothing can be dropped', () => {
    const file = parse("import { a } from 'a';\nres.sendFile(a);\n");
    expect(prunedView(file, /sendFile/)).toBe(file);
  });

  it('finds in a pruned controller what it finds in the whole file', () => {
    const controller = `import { Controller, Get, Param, Res } from '@nestjs/common';
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}
  @Get('health')
  health() { return { status: 'up' }; }
  @Get(':id/file')
  async file(@Param('id') id: string, @Res() res) {
    const doc = await this.documents.findById(id);
    res.download(doc.path);
  }
  summary() { return this.documents.count(); }
}
`;
    const whole = rules.map((rule) => ({ ...rule, meta: { ...rule.meta, statementScoped: false } }));
    const pruned = lintText(controller, 'src/documents.controller.ts');
    expect(pruned.findings.map((finding) => finding.ruleId)).toContain('download-without-auth');
    expect(pruned.findings).toEqual(lintText(controller, 'src/documents.controller.ts', { rules: whole }).findings);
    expect(convertedMembers(controller, /download\(/)).toEqual(['constructor', 'file']);
  });
});
