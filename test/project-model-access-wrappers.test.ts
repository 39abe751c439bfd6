// Higher-order route wrappers (`export const GET = withWorkspace(async ({ workspace }) => …)`) judged
// through the project model: the wrapper's definition in another module decides whether the route
// is authenticated (it reads a session or answers 401), conventions decide when it cannot be read,
// and a lookup scoped by the tenant or user the wrapper hands over is an ownership check.
import { describe, expect, it } from 'vitest';
import { summarizeText } from '../server/src/engine/summary';
import { settleProject } from './helpers/project-model';

const TSCONFIG = new Map([['tsconfig.json', '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }']]);

const LIBRARY = {
  'src/lib/auth/index.ts': "export * from './workspace';\n",
  // Verifies the session and the membership, then hands both to the handler.
  'src/lib/auth/workspace.ts': `import { getSession } from './session';
import { prisma } from '@/lib/prisma';
export const withWorkspace = (handler, { requiredRoles = [] } = {}) => {
  return async (req, { params }) => {
    const session = await getSession();
    if (!session) return new Response('Unauthorized', { status: 401 });
    const workspace = await prisma.workspace.findFirst({ where: { slug: (await params).slug, users: { some: { userId: session.user.id } } } });
    return handler({ req, params: await params, searchParams: {}, session, workspace });
  };
};
`,
  'src/lib/auth/session.ts': 'export async function getSession() { return null; }\n',
  // Named like nothing in particular, but its definition reads the session.
  'src/lib/api/context.ts': `import { getServerSession } from 'next-auth';
export function withContext(handler) {
  return async (req, context) => {
    const session = await getServerSession();
    if (!session) throw new Error('no session');
    return handler({ req, params: await context.params, session });
  };
}
`,
  // Catches errors: no authentication, whatever the route's name suggests.
  'src/lib/api/handlers.ts': `export const withErrorHandler = (handler) => async (req, context) => {
  try {
    return await handler({ req, params: await context.params });
  } catch (error) {
    console.error(error);
    return Response.json({ error: 'internal' }, { status: 500 });
  }
};
`,
  // Named like an authenticating wrapper, defined as a logger: the definition wins.
  'src/lib/api/user.ts': `export const withUser = (handler) => async (req, context) => {
  console.info(req.url);
  return handler({ req, params: await context.params });
};
`,
  // A signed document token: the wrapper resolves the document the token grants.
  'src/lib/auth/with-document.ts': `import { jwtVerify } from 'jose';
export function withDocument(handler) {
  return async (req, { params }) => {
    const { payload } = await jwtVerify(new URL(req.url).searchParams.get('token'), SECRET);
    const document = await db.document.findUnique({ where: { id: payload.id } });
    return document ? handler({ req, params: await params, document }) : Response.json({ message: 'Unauthorized' }, { status: 401 });
  };
}
`,
  // A scheduler's wrapper: the caller proves it holds the signing secret; no user is involved.
  'src/lib/cron/with-cron.ts': `import { verifyQstashSignature } from './verify-qstash';
export const withCron = (handler) => async (req) => {
  await verifyQstashSignature({ req, rawBody: await req.clone().text() });
  return handler({ req });
};
`,
};

const settle = (route: string, extra: Record<string, string> = {}) => {
  const path = 'src/app/api/documents/[id]/route.ts';
  const result = settleProject({ ...LIBRARY, ...extra, [path]: route }, path, TSCONFIG);
  return result.findings.filter((finding) => finding.ruleId.startsWith('download-'));
};
const ruleIds = (route: string, extra?: Record<string, string>) => settle(route, extra).map((finding) => finding.ruleId).sort();

const route = (wrapper: string, from: string, lookup: string, params = '{ params }') => `import { readFile } from 'node:fs/promises';
import { ${wrapper} } from '${from}';
import { prisma } from '@/lib/prisma';
export const GET = ${wrapper}(async (${params}) => {
  const document = await prisma.document.findFirst({ where: ${lookup} });
  const data = await readFile(document.storagePath);
  return new Response(data, { headers: { 'Content-Disposition': 'attachment' } });
});
`;

describe('a wrapper defined in another module', () => {
  it('authenticates by its definition (session read, 401): an unscoped lookup is an ownership finding only', () => {
    expect(ruleIds(route('withWorkspace', '@/lib/auth', '{ id: params.id }', '{ params, workspace }'))).toEqual(['download-without-ownership-check']);
  });
  it('a lookup scoped by the workspace the wrapper resolved is an ownership check: no finding', () => {
    expect(ruleIds(route('withWorkspace', '@/lib/auth', '{ id: params.id, projectId: workspace.id }', '{ params, workspace }'))).toEqual([]);
  });
  it('a lookup scoped by the session user the wrapper hands over: no finding', () => {
    expect(ruleIds(route('withContext', '@/lib/api/context', '{ id: params.id, ownerId: session.user.id }', '{ params, session }'))).toEqual([]);
  });
  it('a wrapper with no recognisable name authenticates by its definition', () => {
    expect(ruleIds(route('withContext', '@/lib/api/context', '{ id: params.id }'))).toEqual(['download-without-ownership-check']);
  });
  it('an error-handling wrapper does not authenticate: the auth finding stays', () => {
    const findings = settle(route('withErrorHandler', '@/lib/api/handlers', '{ id: params.id }'));
    expect(findings.map((finding) => finding.ruleId)).toEqual(['download-without-auth']);
    expect(findings[0].message).toContain('(params.id)');
  });
  it('the definition wins over the name: a `withUser` that only logs does not authenticate', () => {
    expect(ruleIds(route('withUser', '@/lib/api/user', '{ id: params.id }'))).toEqual(['download-without-auth']);
  });
  it('behind a non-auth wrapper, Next.js middleware that authenticates the path still counts', () => {
    const middleware = { 'src/middleware.ts': "export { auth as middleware } from '@/auth';\nimport NextAuth from 'next-auth';\nexport const config = { matcher: ['/api/:path*'] };\n" };
    expect(ruleIds(route('withErrorHandler', '@/lib/api/handlers', '{ id: params.id }'), middleware)).toEqual(['download-without-ownership-check']);
  });
  it('a handler comparing what the wrapper resolved from the credential with the requested key checks access', () => {
    const documentRoute = (check: string) => `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { withDocument } from '@/lib/auth/with-document';
export const GET = withDocument(async ({ params, document }) => {
  const key = params.key.join('/');
  ${check}
  const { Body } = await new S3Client({}).send(new GetObjectCommand({ Bucket: 'documents', Key: key }));
  return new Response(Body);
});
`;
    expect(ruleIds(documentRoute("if (document.s3Key !== key) return Response.json({ message: 'Unauthorized' }, { status: 401 });"))).toEqual([]);
    expect(ruleIds(documentRoute("if (document.s3Key === 'legacy') return Response.json({ message: 'Gone' }, { status: 410 });"))).toEqual(['download-without-ownership-check']);
  });
  it('the message names the request value that picks the document, not one that picks between buckets', () => {
    const bucketRoute = `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { withWorkspace } from '@/lib/auth';
export const GET = withWorkspace(async ({ req, params }) => {
  const isPreview = req.nextUrl.searchParams.get('type') === 'preview';
  const document = await db.document.findUnique({ where: { id: params.id } });
  const command = new GetObjectCommand({ Bucket: isPreview ? 'previews' : 'files', Key: document.s3Key });
  const { Body } = await new S3Client({}).send(command);
  return new Response(Body);
});
`;
    const [finding] = settle(bucketRoute);
    expect(finding.ruleId).toBe('download-without-ownership-check');
    expect(finding.message).toContain('chosen by the request (params.id)');
  });
  it('a wrapper that verifies a service signature (cron, queue): neither finding', () => {
    expect(ruleIds(route('withCron', '@/lib/cron/with-cron', '{ id: (await req.json()).id }', '{ req }'))).toEqual([]);
    expect(ruleIds(route('withErrorHandler', '@/lib/api/handlers', '{ id: (await req.json()).id }', '{ req }'))).toEqual(['download-without-auth']);
  });
  it('a generated export (CSV of query rows) is no stored file behind any wrapper', () => {
    const csv = `import { withErrorHandler } from '@/lib/api/handlers';
import { prisma } from '@/lib/prisma';
declare function convertToCSV(rows: object[]): string;
export const GET = withErrorHandler(async ({ searchParams }) => {
  const rows = await prisma.sale.findMany({ where: searchParams });
  return new Response(convertToCSV(rows), { headers: { 'Content-Disposition': 'attachment' } });
});
`;
    expect(ruleIds(csv)).toEqual([]);
  });
});

describe('a wrapper whose definition cannot be read: conventions', () => {
  it('imported from an auth module: authenticated, the ownership finding stands', () => {
    expect(ruleIds(route('withContext', '@/lib/auth/missing', '{ id: params.id }'))).toEqual(['download-without-ownership-check']);
  });
  it('named after the principal it provides: authenticated', () => {
    expect(ruleIds(route('withTeamMember', '@/lib/missing', '{ id: params.id }'))).toEqual(['download-without-ownership-check']);
  });
  it('neither: the auth finding stands', () => {
    expect(ruleIds(route('withCors', '@/lib/missing', '{ id: params.id }'))).toEqual(['download-without-auth']);
  });
});

describe('function summaries', () => {
  it('record a function that calls or passes on its first parameter, with the names it calls and whether it answers 401', () => {
    const summary = summarizeText(
      `import { getSession } from './session';
export const withSession = (handler) => withLogging(async (req) => {
  const session = await getSession();
  if (!session) throw new ApiError({ code: 'unauthorized' });
  return handler({ req, session });
});
export function withCors(handler) {
  return async (req) => { const res = await handler(req); res.headers.set('access-control-allow-origin', '*'); return res; };
}
export function formatDate(date) { return date.toISOString(); }
export default function Page() { return null; }
`,
      'src/lib/session.ts',
    );
    expect(summary).toEqual({
      exports: {
        withSession: { kind: 'wrapper', calls: ['withLogging', 'getSession', 'ApiError'], denies: true },
        withCors: { kind: 'wrapper', calls: ['set'], denies: false },
      },
    });
  });
});

describe('example code', () => {
  it('a finding settled by the project step in an example is information, with the reason', () => {
    const path = 'examples/app/api/documents/[id]/route.ts';
    const result = settleProject({ ...LIBRARY, [path]: route('withErrorHandler', '@/lib/api/handlers', '{ id: params.id }') }, path, TSCONFIG);
    const findings = result.findings.filter((finding) => finding.ruleId.startsWith('download-'));
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([['download-without-auth', 'info']]);
    expect(findings[0].message).toContain('example code (under examples/)');
  });
});
