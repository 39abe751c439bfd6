// A marketing message sent through a provider's API with no way to opt out: NESTOR's unsubscribe
// link did not work and Free Mobile kept sending marketing messages despite objections.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { anyKeyword, createRule, type Fix } from '../api';
import { ancestors, keyName, memberChain, objectProperty, staticName } from '../ast';
import { BODY_KEYS, MARKETING_HINT, OPT_OUT, SEND_APIS, SEND_KEYWORDS, type SendApi, SMS_OPT_OUT, TEMPLATE_KEYS, TRANSACTIONAL_HINT } from './marketing-data';

type Node = TSESTree.Node;
type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** Keys whose value names or labels the message: its subject, tags and categories, the stream it goes to. */
const CLASSIFYING_KEYS = /^(subject|Subject|tag|tags|Tag|category|categories|MessageStream|campaign|campaignId|campaign_id|o:tag|o:campaign|X-Campaign|metadata|Metadata|customArgs|custom_args)$/;
const SEND = anyKeyword(SEND_KEYWORDS);
const RESOLVE_DEPTH = 4;
/** Whole-line and block comments (not `//` inside a URL). */
const COMMENTS = /^[ \t]*\/\/.*$|\/\*[\s\S]*?\*\//gm;

export const marketingEmailWithoutUnsubscribe = createRule<Record<string, never>>({
  meta: {
    id: 'marketing-email-without-unsubscribe',
    family: 'prospecting-consent',
    title: 'Marketing message without an unsubscribe',
    severity: 'warning',
    decisions: ['cnil-2020-nestor', 'cnil-2021-free-mobile', 'cnil-2022-totalenergies'],
    languages: ['js'],
    keywords: ['newsletter', 'marketing', 'promo', 'campaign', 'discount', 'coupon', 'offer', 'deals', 'sale', 'prospect', 'soldes', 'offres'],
    evidence: (text) => SEND.test(text) && MARKETING_HINT.test(text),
    docs: {
      why:
        "CNIL fined NESTOR (SAN-2020-018) because the unsubscribe link of its marketing e-mails did not work and complainants kept receiving solicitations, and Free Mobile (SAN-2021-021) because it kept sending marketing messages despite objections; TotalEnergies (SAN-2022-011) did not respect the right to object to prospecting. A marketing message must carry a working way to object: an unsubscribe link in the body and, for e-mail, the `List-Unsubscribe` header (with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`); an SMS must say how to stop (\"STOP\"). The rule reads sends through nodemailer `sendMail`, SendGrid `send`/`sendMultiple`, Mailgun `messages.create`, Postmark `sendEmail`, Resend `emails.send`, Amazon SES `sendEmail`/`SendEmailCommand`, Brevo `sendTransacEmail`, Mailchimp Transactional `messages.send` and Twilio `messages.create`. A send is marketing only on evidence: the function that sends it, its subject, tags, category or stream (Postmark `broadcast`) say newsletter, marketing, campaign, promotion, offer, deal, discount, coupon or sale; any transactional sign (reset, password, verification, confirmation, login, receipt, invoice, order, shipping, payment, invitation, welcome, account, security alert) puts it out of scope. The opt-out is looked for in the message's body, the function that builds it (and same-file values it uses), its headers, nodemailer's `list.unsubscribe`, SendGrid `asm` groups, SES `ListManagementOptions`, and the providers' unsubscribe placeholders. Content typed in the request (`req.body` of an admin's newsletter form) counts as shown: the code that sends it must add the per-recipient opt-out. A body the file does not show (a function parameter, a stored template id, a React e-mail component, a template rendered from another file) is never reported, nor are the providers' campaign and broadcast APIs, whose unsubscribe handling the provider manages. An unsubscribe footer added by account settings (SendGrid subscription tracking, Mailgun unsubscribe tracking) is invisible to the rule: suppress with that reason.",
      fix: 'Add an unsubscribe link to the body and the `List-Unsubscribe` and `List-Unsubscribe-Post` headers pointing at an endpoint that records the opt-out (see unsubscribe-not-honored); for SMS, end the text with the STOP instruction.',
      invalid: "await transporter.sendMail({\n  to: subscriber.email,\n  subject: 'Our spring newsletter',\n  html: `<h1>New offers</h1><p>${offers}</p>`,\n});",
      valid: "await transporter.sendMail({\n  to: subscriber.email,\n  subject: 'Our spring newsletter',\n  html: `<h1>New offers</h1><p>${offers}</p><a href=\"${unsubscribeUrl}\">Unsubscribe</a>`,\n  list: { unsubscribe: { url: unsubscribeUrl, comment: 'Unsubscribe' } },\n  headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },\n});",
    },
    defaultOptions: {},
    optionsSchema: { properties: {} },
  },
  create(context) {
    const modules = new Set<string>();
    const values = new FileValues();
    const sends: { call: TSESTree.CallExpression | TSESTree.NewExpression; api: SendApi }[] = [];
    const text = (node: Node) => context.getText(node);

    /** The text of a node with the same-file values of the names it uses (`html: header + offers + footer`). */
    const resolvedText = (node: Node, seen = new Set<string>()): string => {
      const own = text(node);
      const used = [...new Set([...own.matchAll(/[A-Za-z_$][\w$]*/g)].map((match) => match[0]))].filter((name) => values.get(name, node) && !seen.has(name));
      if (seen.size >= RESOLVE_DEPTH * 4) return own;
      used.forEach((name) => seen.add(name));
      return [own, ...used.map((name) => resolvedText(values.get(name, node)!, seen))].join('\n');
    };

    return {
      js: {
        ImportDeclaration(declaration) {
          modules.add(String(declaration.source.value));
        },
        CallExpression(call) {
          if (call.callee.type === 'Identifier' && call.callee.name === 'require' && call.arguments[0]?.type === 'Literal') modules.add(String(call.arguments[0].value));
          for (const api of sendApis(call)) sends.push({ call, api });
        },
        NewExpression(expression) {
          for (const api of sendApis(expression)) sends.push({ call: expression, api });
        },
        VariableDeclarator(declarator) {
          if (declarator.id.type === 'Identifier' && declarator.init) values.add(declarator.id.name, declarator.init, declarator);
          // const { subject, html } = req.body: the names stand for the request's content.
          if (declarator.id.type === 'ObjectPattern' && declarator.init && isRequestBody(declarator.init)) {
            for (const property of declarator.id.properties) if (property.type === 'Property' && property.value.type === 'Identifier') values.add(property.value.name, declarator.init, declarator);
          }
        },
        FunctionDeclaration(fn) {
          if (fn.id) values.add(fn.id.name, fn, fn);
        },
        'Program:exit'() {
          const reported = new Set<Node>();
          for (const { call, api } of sends) {
            if (reported.has(call)) continue;
            if (api.modules && !api.modules.some((module) => modules.has(module))) continue;
            const message = messageObject(call.arguments[api.argument] as Node | undefined, values);
            if (!message || !api.requires.every((keys) => keys.some((key) => hasKey(message, key)))) continue;
            // The content lives in a stored template or a component of another file: nothing to judge.
            if (someKey(message, (property) => TEMPLATE_KEYS.test(keyName(property) ?? ''))) continue;
            const body = bodyValues(message);
            if (body.length === 0 || !body.every((value) => visible(value, values))) continue;
            const sender = enclosingFunction(call);
            const evidence = [senderNames(call), ...classifyingValues(message).map((value) => resolvedText(value))].join('\n');
            const broadcast = /broadcast/i.test(staticName(objectProperty(message, 'MessageStream')?.value as Node) ?? '');
            if (TRANSACTIONAL_HINT.test(evidence) || !(MARKETING_HINT.test(evidence) || broadcast)) continue;
            // Comments say nothing to the recipient: only code and strings count.
            const seen = [resolvedText(message), sender ? text(sender) : ''].join('\n').replace(COMMENTS, '');
            if ((api.sms ? SMS_OPT_OUT : OPT_OUT).test(seen)) continue;
            reported.add(call);
            const hint = (MARKETING_HINT.exec(evidence)?.[0] ?? 'broadcast').toLowerCase();
            context.report({
              start: call.range[0],
              end: call.arguments.length > 0 ? call.arguments[0].range[0] : call.range[1],
              message: api.sms
                ? `This ${api.provider} SMS looks like marketing ("${hint}") and its text does not say how to stop receiving them (no STOP instruction). CNIL fined Free Mobile for marketing messages sent despite objections. Add the opt-out instruction ("Reply STOP to unsubscribe") and honour it.`
                : `This ${api.provider} e-mail looks like marketing ("${hint}") and offers no way to unsubscribe: no unsubscribe link in the body the file shows and no List-Unsubscribe header. CNIL fined NESTOR because its unsubscribe link did not work, and Free Mobile for marketing messages sent despite objections. Add an unsubscribe link and the List-Unsubscribe headers.`,
              fixes: api.sms ? [] : headerFix(message, api),
            });
          }
        },
      },
    };
  },
});

/** The provider APIs a call's name fits (Mailgun and Twilio share `messages.create`; the message's shape tells them apart). */
function sendApis(call: TSESTree.CallExpression | TSESTree.NewExpression): SendApi[] {
  const chain = memberChain(call.callee);
  return SEND_APIS.filter((api) => Boolean(api.constructs) === (call.type === 'NewExpression') && api.chain.length <= chain.length && api.chain.every((name, i) => chain[chain.length - api.chain.length + i] === name) && (api.chain.length > 1 || chain.length > 1 || api.constructs));
}

/** The message: an object literal argument, or the same-file object a name holds; Mailchimp's `{ message }` inside. */
function messageObject(node: Node | undefined, values: FileValues): TSESTree.ObjectExpression | undefined {
  const object = node?.type === 'Identifier' ? values.get(node.name, node) : node;
  if (object?.type !== 'ObjectExpression') return undefined;
  const inner = objectProperty(object, 'message')?.value;
  return inner?.type === 'ObjectExpression' ? inner : object;
}

function properties(object: TSESTree.ObjectExpression): TSESTree.Property[] {
  return object.properties.filter((property): property is TSESTree.Property => property.type === 'Property');
}

function hasKey(object: TSESTree.ObjectExpression, key: string): boolean {
  return object.properties.some((property) => (property.type === 'Property' ? keyName(property) === key : false));
}

/** A property at any depth of the message matches. */
function someKey(object: TSESTree.ObjectExpression, test: (property: TSESTree.Property) => boolean): boolean {
  return properties(object).some((property) => test(property) || (property.value.type === 'ObjectExpression' && someKey(property.value, test)));
}

/** The leaves of the message's content keys (`html`, SES `Message.Body.Html.Data`, v2 `Content.Simple.Body.Text.Data`). */
function bodyValues(object: TSESTree.ObjectExpression): Node[] {
  return properties(object).flatMap((property) => {
    const key = keyName(property) ?? '';
    if (!BODY_KEYS.has(key) || key === 'Subject' || key === 'message') return [];
    return property.value.type === 'ObjectExpression' ? bodyValues(property.value) : [property.value as Node];
  });
}

function classifyingValues(object: TSESTree.ObjectExpression): Node[] {
  return properties(object).flatMap((property) => (CLASSIFYING_KEYS.test(keyName(property) ?? '') ? [property.value as Node] : property.value.type === 'ObjectExpression' && keyName(property) === 'Subject' ? [property.value] : []));
}

/** Content this file shows: literals, templates, and same-file names or functions that build them. */
function visible(node: Node, values: FileValues, depth = 0): boolean {
  if (depth > RESOLVE_DEPTH) return false;
  switch (node.type) {
    case 'Literal':
    case 'TemplateLiteral':
      return true;
    case 'BinaryExpression':
      return visible(node.left as Node, values, depth + 1) || visible(node.right, values, depth + 1);
    case 'Identifier': {
      const value = values.get(node.name, node);
      return value !== undefined && visible(value, values, depth + 1);
    }
    case 'CallExpression': {
      // A same-file function that returns markup; `.join('')` of a literal array; `render(<Email/>)` from elsewhere is not.
      const callee = node.callee.type === 'Identifier' ? values.get(node.callee.name, node) : undefined;
      if (callee && (callee.type === 'FunctionDeclaration' || callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression')) return true;
      return node.callee.type === 'MemberExpression' && visible(node.callee.object, values, depth + 1);
    }
    case 'MemberExpression':
    case 'AwaitExpression':
      return isRequestBody(node);
    case 'ArrayExpression':
      return node.elements.some((element) => element !== null && element.type !== 'SpreadElement' && visible(element, values, depth + 1));
    case 'FunctionDeclaration':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return true;
    default:
      return false;
  }
}

/**
 * Content the request brings (`req.body`, `await request.json()`): an administrator's newsletter typed
 * in a form. The sending code, not the text, must add the per-recipient opt-out, so it counts as seen.
 */
function isRequestBody(node: Node): boolean {
  const inner = node.type === 'AwaitExpression' ? node.argument : node;
  const chain = memberChain(inner);
  return /^(req|request|ctx|context)$/.test(chain[0] ?? '') && (chain.includes('body') || (inner.type === 'CallExpression' && /^(json|formData)$/.test(chain[chain.length - 1] ?? '')));
}

/** Values of the file's constants and functions, found from where a name is used (a parameter of that name hides them). */
class FileValues {
  private readonly byName = new Map<string, { value: Node; scope: Node | undefined }[]>();

  add(name: string, value: Node, declaration: Node): void {
    const entries = this.byName.get(name) ?? [];
    entries.push({ value, scope: enclosingFunction(declaration) });
    this.byName.set(name, entries);
  }

  get(name: string, at: Node): Node | undefined {
    const entries = this.byName.get(name);
    if (!entries) return undefined;
    for (const scope of [...ancestors(at), undefined]) {
      if (scope && isFunction(scope) && scope.params.some((param) => param.type === 'Identifier' && param.name === name)) return undefined;
      const entry = entries.find((candidate) => candidate.scope === scope);
      if (entry && (scope === undefined || isFunction(scope))) return entry.value;
    }
    return undefined;
  }
}

function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

function enclosingFunction(node: Node): FunctionNode | undefined {
  for (const ancestor of ancestors(node)) if (isFunction(ancestor)) return ancestor;
  return undefined;
}

/** Names of the functions, methods, classes and routes around the send: `sendNewsletter`, `CampaignMailer.send`, `/newsletter/send`. */
function senderNames(node: Node): string {
  return [...ancestors(node)]
    .map((ancestor) => {
      if (ancestor.type === 'FunctionDeclaration' || ancestor.type === 'ClassDeclaration') return ancestor.id?.name ?? '';
      if (ancestor.type === 'VariableDeclarator') return staticName(ancestor.id) ?? '';
      if (ancestor.type === 'MethodDefinition' || ancestor.type === 'Property' || ancestor.type === 'PropertyDefinition') return keyName(ancestor) ?? '';
      // The route a handler serves: router.post('/newsletter/send', …).
      if (ancestor.type === 'CallExpression' && ancestor.arguments[0]?.type === 'Literal' && ancestor.arguments.some((arg) => isFunction(arg))) return String(ancestor.arguments[0].value);
      return '';
    })
    .filter(Boolean)
    .join(' ');
}

/** A headers skeleton to fill in: where the URL points and what it records is for the author to decide. */
function headerFix(message: TSESTree.ObjectExpression, api: SendApi): Fix[] {
  if (hasKey(message, 'headers') || hasKey(message, 'Headers') || message.properties.length === 0 || api.provider === 'Amazon SES') return [];
  const last = message.properties[message.properties.length - 1];
  const skeleton =
    api.provider === 'Mailgun'
      ? "'h:List-Unsubscribe': '<https://example.com/unsubscribe?token=TODO>', 'h:List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'"
      : api.provider === 'Postmark'
        ? "Headers: [{ Name: 'List-Unsubscribe', Value: '<https://example.com/unsubscribe?token=TODO>' }, { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' }]"
        : "headers: { 'List-Unsubscribe': '<https://example.com/unsubscribe?token=TODO>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }";
  return [{ title: 'Add List-Unsubscribe headers (fill in your unsubscribe URL)', safe: false, edits: [{ start: last.range[1], end: last.range[1], newText: `, ${skeleton}` }] }];
}
