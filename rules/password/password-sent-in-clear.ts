import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule, rangeOf } from '../api';
import { calleeName, keyName, memberChain } from '../ast';
import { passwordFieldOf, passwordOrigin } from './password-origin';
import { passwordIn } from './password-values';

/** Calls that send an e-mail or a text message, by callee name. */
const MESSAGE_CALLS = new Set(['sendMail', 'send', 'sendEmail', 'sendMultiple', 'create', 'SendEmailCommand', 'SendRawEmailCommand']);
/** Helpers whose every argument ends up in a message: `sendSms(phone, text)`, `sendEmail(to, subject, html)`. */
const POSITIONAL_SENDERS = /^send(Sms|Text|TextMessage|Mail|Email|Message|WelcomeEmail|WelcomeMail)$/i;
/** Keys that carry a message's recipient: they tell a message object from any other `create({...})`. */
const RECIPIENT_KEYS = new Set(['to', 'To', 'Destination', 'destination', 'recipient', 'recipients', 'personalizations', 'phone', 'phoneNumber', 'PhoneNumber']);
/** Keys whose values become the message the recipient reads. */
const CONTENT_KEYS = new Set([
  'subject', 'text', 'html', 'body', 'message', 'content', 'Subject', 'Body', 'Text', 'Html', 'Data', 'Message', 'TextBody', 'HtmlBody', 'Content',
  'context', 'variables', 'templateData', 'dynamicTemplateData', 'TemplateModel', 'substitutions', 'locals', 'data',
]);
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'http', 'notice']);
/** Receivers of log calls: console, winston/pino/bunyan loggers, Nest's Logger, `this.logger`, `req.log`. */
const LOGGER = /^(console|log|logger|.*Logger|winston|pino|bunyan|signale|consola)$/i;

const COMMAND_LINE_PATH = /(^|\/)(cli|bin|scripts?)\//;

const EMAIL_DECISIONS = ['cnil-2021-free-mobile', 'cnil-2022-free', 'cnil-2022-infogreffe', 'cnil-2019-active-assurances'];
/** A log is a store read by many: the decision about passwords logged in plaintext. */
const LOG_DECISIONS = ['dpc-2024-meta-plaintext-passwords'];
const LOG_PRECEDENT = "The Irish DPC fined Meta €91M for logging users' passwords in plaintext.";

export const passwordSentInClear = createRule<Record<string, never>>({
  meta: {
    id: 'password-sent-in-clear',
    family: 'password-storage',
    title: 'Password sent by e-mail or SMS, or written to a log',
    severity: 'error',
    decisions: [...EMAIL_DECISIONS, ...LOG_DECISIONS],
    languages: ['js'],
    keywords: ['password', 'passwd', 'pwd', 'passphrase', 'motdepasse', 'mot_de_passe'],
    // Only files that send a message or write a log can put a password in one.
    contextKeywords: [
      'sendmail', 'sendemail', 'sendsms', 'sendtext', 'sendmessage', 'sendwelcome', 'mailer', 'transporter', 'sgmail', '@sendgrid', 'mailgun',
      'twilio', 'messages.create', 'sendemailcommand', 'sendrawemail', 'send(', 'console.', 'logger', 'log.', '.log(', '.info(', '.debug(',
      '.warn(', '.error(', '.trace(', 'winston', 'pino', 'bunyan', 'consola', 'signale',
    ],
    // A message body is often built in one statement and sent in another (`sendMail({ html })`):
    // the send uses a name the body's statement declares, so pruning keeps both.
    statementScoped: true,
    docs: {
      why:
        'CNIL fined Free Mobile (SAN-2021-021) for e-mailing new subscribers their account password in clear, Free (SAN-2022-022) and Infogreffe (SAN-2022-018) for passwords stored in clear and sent in clear by e-mail, and Active Assurances (SAN-2019-007) for logins and passwords still sent in clear in e-mails. The Irish DPC fined Meta €91M (IN-19-4-1) because Facebook and Instagram users’ passwords were logged in plaintext on internal systems, each instance of which it found to be a personal data breach. A message sits in mailboxes, phones and provider logs for years; a log line is copied to every log store and readable by everyone with access to it.',
      fix: 'Never put a password in a message: send a single-use, short-lived link that lets the user choose the password. Never log one: log the event (`passwordChanged: true`) or a redacted value, and configure the logger to redact password fields (pino `redact`, winston formats); never log a request body that carries one. A service credential from the configuration (an SMTP test account, a database password) is not reported; a password the code generates at random and logs (an initial admin password printed at first start) is reported as information.',
      invalid: "await transporter.sendMail({ to: user.email, subject: 'Welcome', text: `Your password: ${password}` });",
      valid: "await transporter.sendMail({ to: user.email, subject: 'Welcome', text: `Choose your password: ${setPasswordLink}` });",
    },
    defaultOptions: {},
    optionsSchema: { properties: {} },
  },
  create(context) {
    // In a command-line tool, console output is the interface shown to the operator (e.g. the
    // generated admin password at setup), not a log store; its loggers still count.
    const consoleIsInterface = COMMAND_LINE_PATH.test(context.path);
    /** `const html = \`…${password}…\`` declared once in the file: a body built before the send. */
    const bodies = new Map<string, TSESTree.Node | null>();
    const sends: { call: TSESTree.CallExpression | TSESTree.NewExpression; positional: boolean }[] = [];
    const reported = new Set<TSESTree.Node>();
    /** Values logged, judged once the walk is done (their declarations may come later in scope). */
    const logged: TSESTree.Node[] = [];

    const report = (value: TSESTree.Node, kind: 'message' | 'log') => {
      if (reported.has(value)) return;
      reported.add(value);
      // A service's credential (an SMTP test account, a database password from the configuration) is no user's password.
      const origin = passwordOrigin(value);
      if (origin === 'service') return;
      if (kind === 'log' && origin === 'generated') {
        context.report({
          ...rangeOf(value),
          severity: 'info',
          decisions: LOG_DECISIONS,
          message:
            'A password this code generates at random is written to a log: acceptable only to hand an operator an initial password once, at first start, when it must be changed at first login; log stores keep the line. Otherwise log that a password was generated, not its value.',
        });
        return;
      }
      if (kind === 'message') {
        context.report({
          ...rangeOf(value),
          message: 'Password placed in an e-mail or text message: it stays readable in mailboxes and providers’ logs. CNIL fined Free Mobile, Free, Infogreffe and Active Assurances for passwords sent in clear. Send a single-use link that lets the user choose the password instead.',
        });
      } else {
        context.report({
          ...rangeOf(value),
          severity: 'warning',
          decisions: LOG_DECISIONS,
          message: `Password written to a log in clear: log stores are copied and widely readable. ${LOG_PRECEDENT} Log the event or a redacted value instead.`,
        });
      }
    };

    const reportWholeObject = (object: TSESTree.Node, field: TSESTree.Node) => {
      context.report({
        ...rangeOf(object),
        severity: 'warning',
        decisions: LOG_DECISIONS,
        message: `\`${context.getText(object)}\` is logged whole, and it carries the password (\`${context.getText(field)}\` is read in the same function): log stores are copied and widely readable. ${LOG_PRECEDENT} Log the fields you need, without the password, or configure the logger to redact it.`,
      });
    };

    return {
      js: {
        VariableDeclarator(declarator) {
          if (declarator.id.type !== 'Identifier' || !declarator.init) return;
          const name = declarator.id.name;
          bodies.set(name, bodies.has(name) ? null : declarator.init);
        },
        CallExpression(call) {
          const name = calleeName(call);
          if (!name) return;
          if (LOG_METHODS.has(name) && isLoggerCall(call) && !(consoleIsInterface && memberChain(call.callee)[0] === 'console')) {
            logged.push(...call.arguments);
            return;
          }
          if (MESSAGE_CALLS.has(name) || POSITIONAL_SENDERS.test(name)) sends.push({ call, positional: POSITIONAL_SENDERS.test(name) });
        },
        NewExpression(expression) {
          if (calleeName(expression) === 'SendEmailCommand' || calleeName(expression) === 'SendRawEmailCommand') sends.push({ call: expression, positional: false });
        },
        'Program:exit'() {
          for (const argument of logged.splice(0)) {
            const value = passwordIn(argument) ?? passwordProperty(argument);
            if (value) report(value, 'log');
            else {
              // `console.log(req.body)` where this function reads `req.body.password`: the password goes along.
              const field = passwordFieldOf(argument);
              if (field) reportWholeObject(argument, field);
            }
          }
          // `const mailOptions = { to, subject, text }; transporter.sendMail(mailOptions)`
          const built = (node: TSESTree.Node) => (node.type === 'Identifier' ? bodies.get(node.name) ?? undefined : undefined);
          for (const { call, positional } of sends.splice(0)) {
            for (const content of messageContents(call, positional, built)) {
              const body = built(content);
              const value = passwordIn(content) ?? templateData(content) ?? passwordIn(body) ?? templateData(body);
              if (value) report(value, 'message');
            }
          }
        },
      },
    };
  },
});

/** `console.log`, `logger.info`, `this.logger.warn`, `req.log.error` — not `Math.log`, not `res.send`. */
function isLoggerCall(call: TSESTree.CallExpression): boolean {
  const chain = memberChain(call.callee);
  return chain.length >= 2 && LOGGER.test(chain[chain.length - 2]);
}

/**
 * The values a send call puts into the message: content fields of its message object (searched a
 * few levels deep for SES's `Message.Body.Html.Data`), or every argument of a positional sender.
 * An object without a recipient key is not a message (`messages.create({ role, content })`).
 */
function messageContents(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  positional: boolean,
  built: (node: TSESTree.Node) => TSESTree.Node | undefined,
): TSESTree.Node[] {
  const contents: TSESTree.Node[] = [];
  const collect = (object: TSESTree.ObjectExpression, depth: number) => {
    for (const property of object.properties) {
      if (property.type !== 'Property') continue;
      const key = keyName(property);
      if (!key || !CONTENT_KEYS.has(key)) continue;
      if (property.value.type === 'ObjectExpression' && depth < 3 && key !== 'context' && key !== 'variables' && key !== 'data' && key !== 'locals') collect(property.value, depth + 1);
      else contents.push(property.value);
    }
  };
  for (const passed of call.arguments) {
    const declared = built(passed);
    const argument = declared?.type === 'ObjectExpression' ? declared : passed;
    if (argument.type === 'ObjectExpression') {
      const hasRecipient = argument.properties.some((property) => property.type === 'Property' && RECIPIENT_KEYS.has(keyName(property) ?? ''));
      if (hasRecipient || positional || call.type === 'NewExpression') collect(argument, 0);
    } else if (positional) contents.push(argument);
  }
  return contents;
}

/** `{ password }`, `{ user, password: req.body.password }`: a property carrying the value itself. */
function passwordProperty(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (node?.type !== 'ObjectExpression') return undefined;
  for (const property of node.properties) {
    if (property.type !== 'Property') continue;
    const value = passwordIn(property.value);
    if (value) return value;
  }
  return undefined;
}

/** A template rendered with the password: `html: render('welcome', { password })`, template variables. */
function templateData(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (node?.type === 'ObjectExpression') return passwordProperty(node);
  if (node?.type === 'CallExpression' || node?.type === 'AwaitExpression') {
    const call = node.type === 'AwaitExpression' ? node.argument : node;
    if (call.type !== 'CallExpression') return undefined;
    for (const argument of call.arguments) {
      const value = passwordProperty(argument);
      if (value) return value;
    }
  }
  return undefined;
}
