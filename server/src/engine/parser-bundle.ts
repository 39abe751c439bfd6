// Everything the engine needs from typescript-estree and TypeScript, behind one module that the
// build bundles separately (dist/estree.js) and parser-loader.ts loads on first use.
export { simpleTraverse } from '@typescript-eslint/typescript-estree';
export { astConverter } from '@typescript-eslint/typescript-estree/use-at-your-own-risk';
export {
  createModuleResolutionCache, createSourceFile, factory, isBinaryExpression, isCallExpression, isClassDeclaration, isEnumDeclaration, isExportAssignment, isExportDeclaration,
  isExpressionStatement, isFunctionDeclaration, isIdentifier, isImportDeclaration, isImportEqualsDeclaration, isLiteralExpression, isNamespaceImport, isOmittedExpression,
  isGetAccessorDeclaration, isMethodDeclaration, isPrefixUnaryExpression, isPrivateIdentifier, isPropertyDeclaration, isSetAccessorDeclaration, isVariableStatement, JSDocParsingMode, ModuleKind, ModuleResolutionKind, resolveModuleName, ScriptKind, ScriptTarget, setTextRange, SyntaxKind,
  updateSourceFile,
} from 'typescript';
