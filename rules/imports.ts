// The names a file imports, as references the project step resolves (ImportedRef): rules say
// which imported value a finding needs; the engine finds the module and the value.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImportedRef } from './api';
import { staticName } from './ast';

type Node = TSESTree.Node;

export class ImportedNames {
  private readonly names = new Map<string, ImportedRef>();

  /** `import x, { y as z } from '…'`, `import * as ns from '…'`. */
  ImportDeclaration = (declaration: TSESTree.ImportDeclaration): void => {
    if (declaration.importKind === 'type') return;
    const specifier = declaration.source.value;
    for (const binding of declaration.specifiers) {
      if (binding.type === 'ImportDefaultSpecifier') this.names.set(binding.local.name, { specifier, name: 'default' });
      else if (binding.type === 'ImportNamespaceSpecifier') this.names.set(binding.local.name, { specifier, name: '*' });
      else if (binding.importKind !== 'type') this.names.set(binding.local.name, { specifier, name: staticName(binding.imported) ?? binding.local.name });
    }
  };

  /** `const config = require('…')`, `const { MIN } = require('…')`, `const MIN = require('…').MIN`. */
  VariableDeclarator = (declarator: TSESTree.VariableDeclarator): void => {
    const required = requiredRef(declarator.init);
    if (!required) return;
    if (declarator.id.type === 'Identifier') this.names.set(declarator.id.name, required);
    else if (declarator.id.type === 'ObjectPattern' && required.name === '*' && !required.members) {
      for (const property of declarator.id.properties) {
        if (property.type === 'Property' && property.value.type === 'Identifier') this.names.set(property.value.name, { specifier: required.specifier, name: staticName(property.key) ?? property.value.name });
      }
    }
  };

  /** The imported value an identifier or a member chain on one stands for (`MIN`, `config.password.min`). */
  refOf(node: Node | null | undefined): ImportedRef | undefined {
    if (!node) return undefined;
    if (node.type === 'Identifier') return this.names.get(node.name);
    if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return this.refOf(node.expression);
    if (node.type !== 'MemberExpression') return undefined;
    const member = staticName(node.property);
    const object = member === undefined || (node.computed && node.property.type !== 'Literal') ? undefined : this.refOf(node.object);
    return object && member !== undefined ? { ...object, members: [...(object.members ?? []), member] } : undefined;
  }
}

function requiredRef(node: Node | null | undefined): ImportedRef | undefined {
  if (!node) return undefined;
  if (node.type === 'MemberExpression') {
    const inner = requiredRef(node.object);
    const name = staticName(node.property);
    if (!inner || !name || node.computed) return undefined;
    return inner.name === '*' && !inner.members ? { specifier: inner.specifier, name } : { ...inner, members: [...(inner.members ?? []), name] };
  }
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const [source] = node.arguments;
  return source?.type === 'Literal' && typeof source.value === 'string' ? { specifier: source.value, name: '*' } : undefined;
}
