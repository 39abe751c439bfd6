// Object storage: reads of an object whose key the client chose (AWS SDK v2/v3, GCS, Azure Blob,
// MinIO), and signed URLs that hand such an object out. Uploads and their signed URLs
// (PutObjectCommand, `getSignedUrl('putObject')`, `action: 'write'`, createPresignedPost) are not.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, memberChain, objectProperty, staticName } from '../ast';
import {
  LOCATOR_READS,
  LOCATORS,
  OBJECT_READS,
  READ_COMMANDS,
  SAS_CALLS,
  WRITE_ACTION,
  WRITE_COMMAND,
  WRITE_OPERATION,
} from './frameworks';

type Node = TSESTree.Node;

/** What a sink test needs to know of the handler around a call. */
export interface SinkScope {
  /** The node carries client input (directly or through variables derived from it). */
  isTainted(node: Node | null | undefined): boolean;
  /** The arguments name a public folder (or key prefix) and no upload folder. */
  servesPublic(args: Node[]): boolean;
  /** What an identifier was initialised with, in the handler or at the module's top level. */
  valueOf(node: Node | null | undefined): Node | undefined;
}

/** The call reads a stored object chosen by the client, or signs a URL that reads it. */
export function isStorageRead(call: TSESTree.CallExpression, scope: SinkScope): boolean {
  const name = calleeName(call);
  const args = call.arguments as Node[];
  if (!name) return false;
  const tainted = () => args.some((arg) => scope.isTainted(arg)) && !scope.servesPublic(args);
  if (OBJECT_READS.has(name)) return tainted();
  // MinIO `presignedUrl('GET', bucket, name)`.
  if (name === 'presignedUrl') return tainted() && !WRITE_OPERATION.test(stringLiteral(args[0]) ?? '');
  if (LOCATOR_READS.has(name) && call.callee.type === 'MemberExpression' && locatesClientChoice(call.callee.object, scope)) return readsLocated(name, args[0], scope);
  if (name === 'getSignedUrl' || name === 'getSignedUrlPromise') return tainted() && signsRead(args, scope);
  if (SAS_CALLS.has(name)) {
    const options = scope.valueOf(args[0]);
    return options?.type === 'ObjectExpression' && scope.isTainted(objectProperty(options, 'blobName')?.value as Node) && grantsRead(objectProperty(options, 'permissions')?.value as Node);
  }
  return false;
}

/** `new GetObjectCommand({ Key: req.params.key })`: an AWS SDK v3 read of a client-chosen key. */
export function isReadCommand(node: TSESTree.NewExpression, scope: SinkScope): boolean {
  const args = node.arguments as Node[];
  return READ_COMMANDS.has(calleeName(node) ?? '') && args.some((arg) => scope.isTainted(arg)) && !scope.servesPublic(args);
}

/** `bucket.file(name)` / `container.getBlobClient(name)`, directly or through a variable, with a client-chosen name. */
function locatesClientChoice(receiver: Node, scope: SinkScope): boolean {
  const value = receiver.type === 'Identifier' ? scope.valueOf(receiver) : receiver;
  if (value?.type !== 'CallExpression' || !LOCATORS.has(calleeName(value) ?? '') || value.callee.type !== 'MemberExpression') return false;
  const args = value.arguments as Node[];
  return scope.isTainted(args[0]) && !scope.servesPublic(args);
}

/** A read of a located object; a signed URL or SAS only when it grants reading. */
function readsLocated(method: string, options: Node | undefined, scope: SinkScope): boolean {
  const value = scope.valueOf(options);
  if (method === 'getSignedUrl') return !WRITE_ACTION.test(staticName(objectProperty(value, 'action')?.value as Node) ?? '');
  if (method === 'generateSasUrl') return grantsRead(objectProperty(value, 'permissions')?.value as Node);
  return true;
}

/**
 * AWS SDK v2 `s3.getSignedUrl('getObject', params)` and v3 `getSignedUrl(client, command)`: a read
 * unless the operation or command writes. Other signers (CloudFront's `getSignedUrl({ url })`) read.
 */
function signsRead(args: Node[], scope: SinkScope): boolean {
  const operation = stringLiteral(args[0]);
  if (operation !== undefined) return !WRITE_OPERATION.test(operation);
  const command = scope.valueOf(args[1]);
  return !(command?.type === 'NewExpression' && WRITE_COMMAND.test(calleeName(command) ?? ''));
}

/** Azure `BlobSASPermissions.parse('r')` / `.from({ read: true })`; unknown permissions count as reading. */
function grantsRead(permissions: Node | undefined): boolean {
  if (permissions?.type !== 'CallExpression') return true;
  const [method] = memberChain(permissions.callee).slice(-1);
  const [arg] = permissions.arguments;
  if (method === 'parse' && typeof staticName(arg) === 'string') return staticName(arg)!.includes('r');
  if (method === 'from' && arg?.type === 'ObjectExpression') {
    const read = objectProperty(arg, 'read')?.value;
    return read?.type === 'Literal' && read.value === true;
  }
  return true;
}

function stringLiteral(node: Node | undefined): string | undefined {
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}
