// Everything the engine needs from typescript-estree and TypeScript, behind one module that the
// build bundles separately (dist/estree.js) and js-adapter.ts loads on first use.
export { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
export { createSourceFile, isImportDeclaration, isVariableStatement, isLiteralExpression, isPrefixUnaryExpression, ScriptKind, ScriptTarget } from 'typescript';
