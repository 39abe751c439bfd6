// What the prospecting rules know that is data: the send APIs of mail and SMS providers, the
// campaign APIs whose opt-out the provider manages, and the names that tell marketing messages and
// marketing opt-ins apart from transactional ones. Provider shapes follow each SDK's documentation.

export interface SendApi {
  provider: string;
  /** The callee's last names: `['emails', 'send']` matches `resend.emails.send(…)`. */
  chain: string[];
  /** `new SendEmailCommand(…)` rather than a call. */
  constructs?: boolean;
  /** Which argument holds the message (Mailgun passes the domain first). */
  argument: number;
  /** Keys the message object must have, one of each group (tells Twilio's `messages.create` from an LLM SDK's). */
  requires: string[][];
  /** The call is the provider's only when the file imports one of these modules (generic method names). */
  modules?: string[];
  sms?: boolean;
}

export const SEND_APIS: SendApi[] = [
  // nodemailer: transporter.sendMail({ from, to, subject, html, text, headers, list })
  { provider: 'nodemailer', chain: ['sendMail'], argument: 0, requires: [['to', 'bcc'], ['html', 'text']] },
  // @sendgrid/mail: sgMail.send(msg) / sendMultiple(msg), with `asm` unsubscribe groups.
  { provider: 'SendGrid', chain: ['send'], argument: 0, requires: [['to', 'personalizations'], ['html', 'text', 'content']], modules: ['@sendgrid/mail'] },
  { provider: 'SendGrid', chain: ['sendMultiple'], argument: 0, requires: [['to'], ['html', 'text', 'content']], modules: ['@sendgrid/mail'] },
  // mailgun.js / mailgun-js: mg.messages.create(domain, { from, to, subject, html, 'h:List-Unsubscribe' })
  { provider: 'Mailgun', chain: ['messages', 'create'], argument: 1, requires: [['to'], ['html', 'text']] },
  { provider: 'Mailgun', chain: ['messages', 'send'], argument: 0, requires: [['to'], ['html', 'text']], modules: ['mailgun-js'] },
  // postmark: client.sendEmail({ From, To, Subject, HtmlBody, TextBody, MessageStream, Headers })
  { provider: 'Postmark', chain: ['sendEmail'], argument: 0, requires: [['To'], ['HtmlBody', 'TextBody']] },
  // resend: resend.emails.send({ from, to, subject, html, text, react, headers })
  { provider: 'Resend', chain: ['emails', 'send'], argument: 0, requires: [['to'], ['html', 'text']] },
  // AWS SES v1 `sendEmail({ Source, Destination, Message })` and v1/v2 `new SendEmailCommand(…)` (v2: Content.Simple).
  { provider: 'Amazon SES', chain: ['sendEmail'], argument: 0, requires: [['Destination'], ['Message']] },
  { provider: 'Amazon SES', chain: ['SendEmailCommand'], constructs: true, argument: 0, requires: [['Destination'], ['Message', 'Content']] },
  // Brevo (Sendinblue): transactionalEmailsApi.sendTransacEmail({ to, subject, htmlContent, textContent, headers })
  { provider: 'Brevo', chain: ['sendTransacEmail'], argument: 0, requires: [['to'], ['htmlContent', 'textContent']] },
  // Mailchimp Transactional (Mandrill): mailchimp.messages.send({ message: { html, text, to, headers } })
  { provider: 'Mailchimp Transactional', chain: ['messages', 'send'], argument: 0, requires: [['message']], modules: ['@mailchimp/mailchimp_transactional', 'mandrill-api'] },
  // Twilio: client.messages.create({ body, from, to })
  { provider: 'Twilio', chain: ['messages', 'create'], argument: 0, requires: [['to'], ['body']], sms: true },
];

/** Every name of a send API, for the prefilter. */
export const SEND_KEYWORDS = ['sendMail', 'sendEmail', 'sendMultiple', 'messages.create', 'messages.send', 'emails.send', 'SendEmailCommand', 'sendTransacEmail', '.send('];

/** Keys whose value is the visible content of a message (nested SES `Body.Html.Data`, Mailchimp `message.html`). */
export const BODY_KEYS = new Set(['html', 'text', 'HtmlBody', 'TextBody', 'htmlContent', 'textContent', 'body', 'Body', 'Html', 'Text', 'Data', 'content', 'Content', 'Simple', 'Message', 'message', 'value']);

/** Keys that hand the content to something this file does not show: a stored template or a component. */
export const TEMPLATE_KEYS = /^(templateId|template_id|template|TemplateId|TemplateAlias|templateName|template_name|react|Template|TemplateArn|TemplateData|dynamicTemplateData|dynamic_template_data|mjml)$/;

/**
 * An opt-out offered by the message or its headers: an unsubscribe link or word, the List-Unsubscribe
 * header (nodemailer's `list.unsubscribe`), SendGrid unsubscribe groups (`asm`), SES list management,
 * the providers' unsubscribe placeholders (Mailgun `%unsubscribe_url%`, Postmark `{{{ pm:unsubscribe }}}`,
 * Resend `{{{RESEND_UNSUBSCRIBE_URL}}}`, Mailchimp `*|UNSUB|*`), French and English wording.
 */
export const OPT_OUT =
  /unsubscri|list-unsubscribe|\bunsub\b|\*\|UNSUB\|\*|opt[-_ ]?out|d[ée]sabonn|d[ée]sinscri|se d[ée]sinscrire|manage (your )?(email )?(preferences|subscriptions?)|email preferences|\basm\b|ListManagementOptions|subscriptionTracking|subscription_tracking/i;

/** An SMS opt-out instruction: "Reply STOP", "STOP au 36180", "Text STOP to opt out". */
export const SMS_OPT_OUT = /\bSTOP\b|opt[-_ ]?out|unsubscri|d[ée]sabonn|d[ée]sinscri/;

/** Names, subjects and template ids of marketing messages. */
export const MARKETING_HINT = /newsletter|marketing|promo(?!ise|pt)|promotion|campaign|special[-_ ]?offer|\bdeals?\b|discount|coupon|\bsale\b|% off|black[-_ ]?friday|prospect|offres? (sp[ée]ciales?|promotionnelles?)|bons? plans?|soldes/i;

/**
 * Names and subjects of transactional messages, out of the rule's scope: they answer the recipient's
 * own action or concern an account or order. One of these wins over a marketing hint ("confirm your
 * newsletter subscription" is a transactional double opt-in).
 */
export const TRANSACTIONAL_HINT =
  /reset|password|passwd|verif|confirm|activat|magic[-_ ]?link|log[-_ ]?in|sign[-_ ]?in|\botp\b|one[-_ ]?time|2fa|mfa|two[-_ ]?factor|security|alert|receipt|invoice|order|shipping|shipment|delivery|payment|refund|invit|welcome|onboard|account|test[-_ ]?(e?mail|send|campaign)|preview|double[-_ ]?opt/i;

/**
 * Opt-in fields for marketing, after camelCase is split into `snake_case`: newsletter, marketing,
 * promotions, partner or special offers, e-mail/SMS opt-ins and consents.
 */
export const MARKETING_FIELD =
  /(^|_)(newsletters?|marketing|promos?|promotions?|promotional|mailing_list|(special|partner|partners|commercial)_offers?|offers_(email|sms|opt_?in)|(receive|accepts?|wants?|allow)_(offers|emails?|sms|news)|(email|sms|mail)_(opt_?in|optin|consent|marketing|offers|promotions?|newsletters?|news)|opt_?in_(email|sms|marketing|newsletter|offers)|prospecting|commercial_(emails?|communications?|consent)|direct_marketing)(_|$)/i;

/** Fields that are never marketing consent though a marketing word may occur (a marketing page's settings). */
export const NOT_MARKETING_FIELD = /(^|_)(terms|tos|privacy|remember|cookies?|analytics|tracking|gdpr_?consent|age|agree_?terms|legal|marketing_(page|site|url|copy|section|team|budget|dashboard|nav|mode|enabled|feature))(_|$)/i;

/** Label text of a marketing opt-in checkbox, in English and French. */
export const MARKETING_LABEL =
  /newsletter|marketing|promotion|promotional|special offers|partner offers|offers from|news and offers|deals|prospection|offres (commerciales|promotionnelles|partenaires|sp[ée]ciales)|lettre d'information|infolettre|bons plans|actualit[ée]s et offres/i;

/** Label text of checkboxes that are not marketing consent even when they mention an offer. */
export const NOT_MARKETING_LABEL = /terms|conditions|privacy policy|remember me|keep me (signed|logged) in|cookies?|cgu|cgv|conditions g[ée]n[ée]rales|se souvenir/i;

/** `newsletter` → `newsletter`, `acceptsMarketing` → `accepts_marketing`, `SMS-OptIn` → `sms_opt_in`. */
export function snakeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

/** A field or variable name that holds a marketing opt-in. */
export function isMarketingField(name: string | undefined): boolean {
  if (!name) return false;
  const snake = snakeName(name);
  return MARKETING_FIELD.test(snake) && !NOT_MARKETING_FIELD.test(snake);
}
