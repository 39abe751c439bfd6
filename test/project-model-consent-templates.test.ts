// Trackers in template partials, judged by the templates that include them and the site config
// that switches them on: a consent conditional or a consent manager's script type around the
// include is a gate; an environment check or the id's presence is not.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';
import { ProjectIndex } from '../server/src/engine/project-index';
import { TemplateResolver } from '../server/src/engine/template-resolution';
import { annotations, filesUnder } from './helpers/fixture-annotations';
import { LspSession } from './helpers/lsp-client';
import { settleProject } from './helpers/project-model';
import { tempProject } from './helpers/temp-project';

const trackers = (result: { findings: { ruleId: string; severity: string; message: string }[] }) =>
  result.findings.filter((finding) => finding.ruleId === 'tracker-before-consent').map((finding) => `${finding.severity}: ${finding.message}`);

const GA_INCLUDE = `<script async src="https://www.googletagmanager.com/gtag/js?id={{ site.google_analytics }}"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', '{{ site.google_analytics }}');
</script>
`;
const jekyll = (head: string, extra: Record<string, string> = {}) => ({
  '_includes/google-analytics.html': GA_INCLUDE,
  '_includes/head.html': `<head>\n  <meta charset="utf-8">\n${head}\n</head>\n`,
  '_layouts/default.html': '<html>{%- include head.html -%}<body>{{ content }}</body></html>\n',
  ...extra,
});

describe('a Jekyll include holding the Google tag', () => {
  it('included under an environment check: one finding, in the partial, naming the including file and saying the condition is not consent', () => {
    const files = jekyll("{%- if jekyll.environment == 'production' and site.google_analytics -%}\n  {%- include google-analytics.html -%}\n{%- endif -%}");
    const found = trackers(settleProject(files, '_includes/google-analytics.html'));
    expect(found).toEqual([
      expect.stringMatching(/^warning: Google tag \(gtag\.js\) loads before the visitor has consented.*`_includes\/head\.html` includes it under `jekyll\.environment == 'production' and site\.google_analytics`, which does not test the visitor's consent\. CNIL fined/),
    ]);
    expect(trackers(settleProject(files, '_includes/head.html'))).toEqual([]);
  });
  it('included with no condition: named as included without a consent check', () => {
    expect(trackers(settleProject(jekyll('{% include google-analytics.html %}'), '_includes/google-analytics.html'))).toEqual([
      expect.stringMatching(/`_includes\/head\.html` includes it without a consent check\./),
    ]);
  });
  it('included only behind a consent conditional: nothing to report', () => {
    const files = jekyll("{% if site.cookie_consent and cookies_accepted %}{% include 'google-analytics.html' %}{% endif %}");
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([]);
  });
  it('included inside a script a consent manager releases: nothing to report', () => {
    const files = jekyll('<script type="text/plain" data-cookieconsent="statistics">\n{% include google-analytics.html %}\n</script>');
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([]);
  });
  it('gated in one template but not in another: reported, naming the ungated one only', () => {
    const files = jekyll('{% if cookies_accepted %}{% include google-analytics.html %}{% endif %}', { '_layouts/landing.html': '<html><head>{% include google-analytics.html %}</head></html>' });
    const found = trackers(settleProject(files, '_includes/google-analytics.html'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/`_layouts\/landing\.html` includes it without a consent check/);
    expect(found[0]).not.toMatch(/_includes\/head\.html/);
  });
  it('the including template is itself only included behind consent: gated two templates up', () => {
    const files = jekyll('{% include google-analytics.html %}', { '_layouts/default.html': '<html>{% if consent.analytics %}{% include head.html %}{% endif %}<body>{{ content }}</body></html>\n' });
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([]);
  });
  it('included nowhere the project knows: reported as the file alone gives', () => {
    const alone = trackers(lintText(GA_INCLUDE, '_includes/google-analytics.html'));
    expect(alone).toHaveLength(1);
    expect(trackers(settleProject({ '_includes/google-analytics.html': GA_INCLUDE }, '_includes/google-analytics.html'))).toEqual(alone);
  });
  it('a cycle of includes stops and is no gate', () => {
    const files = { ...jekyll('{% include google-analytics.html %}{% include head.html %}'), '_layouts/default.html': '' };
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toHaveLength(1);
  });
  it('an include shown in a code example or a comment is never rendered: no include', () => {
    const shown = "{% raw %}\n<pre>{% include google-analytics.html %}</pre>\n{% endraw %}\n{% comment %}{% include google-analytics.html %}{% endcomment %}\n{{!-- {{> analytics}} --}}\n<%# include('analytics') %>";
    expect(lintText(shown, '_includes/docs.html').facts).toBeUndefined();
    expect(lintText('{% raw %}{% include a.html %}{% endraw %}{% include b.html %}', '_includes/docs.html').facts).toEqual([{ kind: 'include', template: 'b.html', syntax: 'liquid', gated: false }]);
  });
  it('the including file states its includes as facts', () => {
    expect(lintText("{% if jekyll.environment == 'production' %}{% include google-analytics.html %}{% endif %}", '_includes/head.html').facts).toEqual([
      { kind: 'include', template: 'google-analytics.html', syntax: 'liquid', gated: false, condition: "jekyll.environment == 'production'" },
    ]);
  });
});

describe('the site config id and the theme template that emits it are one finding', () => {
  const config = 'title: Site\ngoogle_analytics: UA-12345678-1\n';
  it('reported once, in the template, naming the config key', () => {
    const files = jekyll('{% include google-analytics.html %}', { '_config.yml': config });
    expect(trackers(settleProject(files, '_config.yml'))).toEqual([]);
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([expect.stringMatching(/`_config\.yml` switches it on with `google_analytics`\./)]);
  });
  it('a docs site of the theme repository counts as the same site', () => {
    const files = jekyll('{% include google-analytics.html %}', { 'docs/_config.yml': config });
    expect(trackers(settleProject(files, 'docs/_config.yml'))).toEqual([]);
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([expect.stringMatching(/`docs\/_config\.yml` switches it on/)]);
  });
  it('the theme template behind consent: no finding at all', () => {
    const files = jekyll('{% if cookies_accepted %}{% include google-analytics.html %}{% endif %}', { '_config.yml': config });
    expect(trackers(settleProject(files, '_config.yml'))).toEqual([]);
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([]);
  });
  it('the template held back by a consent manager in the partial itself: no finding at all', () => {
    const held = '<script type="text/plain" data-category="analytics" src="https://www.googletagmanager.com/gtag/js?id={{ site.google_analytics }}"></script>\n';
    const files = { '_includes/google-analytics.html': held, '_config.yml': config };
    expect(trackers(settleProject(files, '_config.yml'))).toEqual([]);
    expect(trackers(settleProject(files, '_includes/google-analytics.html'))).toEqual([]);
  });
  it('without the template in the project (a gem theme): the config key is the finding', () => {
    expect(trackers(settleProject({ '_config.yml': config }, '_config.yml'))).toEqual([expect.stringMatching(/switched on by `google_analytics` in the site config/)]);
  });
  it('a template reading another setting does not take the config key\'s finding', () => {
    const other = GA_INCLUDE.replaceAll('site.google_analytics', 'site.gtag_id');
    const files = { '_includes/google-analytics.html': other, '_config.yml': config };
    expect(trackers(settleProject(files, '_config.yml'))).toHaveLength(1);
  });
});

describe('Hugo partials and site configs', () => {
  const GTAG = `{{ with site.Config.Services.GoogleAnalytics.ID }}\n${GA_INCLUDE.replaceAll('site.google_analytics', '.')}{{ end }}\n`;
  const site = (head: string) => ({
    'hugo.toml': 'title = "Docs"\n[services.googleAnalytics]\nID = "G-ABCDEF1234"\n',
    'layouts/_partials/helpers/gtag.html': GTAG,
    'layouts/_partials/head.html': head,
    'layouts/baseof.html': '<html><head>{{ partial "head.html" . }}</head><body>{{ block "main" . }}{{ end }}</body></html>',
  });
  it('under hugo.IsProduction: one finding in the partial naming head.html and the config key', () => {
    const files = site('{{ if hugo.IsProduction }}\n  {{ partial "helpers/gtag.html" . }}\n{{ end }}');
    expect(trackers(settleProject(files, 'hugo.toml'))).toEqual([]);
    expect(trackers(settleProject(files, 'layouts/_partials/helpers/gtag.html'))).toEqual([
      expect.stringMatching(/`layouts\/_partials\/head\.html` includes it under `hugo\.IsProduction`, which does not test the visitor's consent\. `hugo\.toml` switches it on with `services\.googleAnalytics\.ID`\./),
    ]);
  });
  it('behind a consent parameter: nothing anywhere', () => {
    const files = site('{{ if site.Params.cookieConsent.analyticsAccepted }}{{ partial "helpers/gtag.html" . }}{{ end }}');
    expect(trackers(settleProject(files, 'hugo.toml'))).toEqual([]);
    expect(trackers(settleProject(files, 'layouts/_partials/helpers/gtag.html'))).toEqual([]);
  });
  describe('Hugo\'s embedded partial called by name, and a site file overriding it', () => {
    const head = { 'layouts/partials/head.html': '<head>{{ partial "google_analytics.html" . }}</head>', 'layouts/_default/baseof.html': '<html>{{ partial "head.html" . }}</html>' };
    const held = '<script type="text/plain" data-category="analytics" src="https://www.googletagmanager.com/gtag/js?id={{ site.Config.Services.GoogleAnalytics.ID }}"></script>\n';
    it('without an override: the call is the embedded template, reported where it is called', () => {
      expect(trackers(settleProject(head, 'layouts/partials/head.html'))).toEqual([expect.stringMatching(/^warning: Google tag \(gtag\.js\).*`layouts\/_default\/baseof\.html` includes it/)]);
    });
    it('overridden by a site file that waits for consent: nothing anywhere', () => {
      const files = { ...head, 'layouts/partials/google_analytics.html': held };
      expect(trackers(settleProject(files, 'layouts/partials/head.html'))).toEqual([]);
      expect(trackers(settleProject(files, 'layouts/partials/google_analytics.html'))).toEqual([]);
    });
    it('overridden by a site file that loads the tag at once: one finding, in the override', () => {
      const files = { ...head, 'layouts/partials/google_analytics.html': held.replace(' type="text/plain" data-category="analytics"', '') };
      expect(trackers(settleProject(files, 'layouts/partials/head.html'))).toEqual([]);
      expect(trackers(settleProject(files, 'layouts/partials/google_analytics.html'))).toEqual([expect.stringMatching(/`layouts\/partials\/head\.html` includes it without a consent check/)]);
    });
  });
  it('a theme partial included from the theme\'s own templates', () => {
    const files = {
      'themes/t/layouts/partials/analytics.html': GTAG,
      'themes/t/layouts/_default/baseof.html': '<head>{{ partialCached "analytics.html" . }}</head>',
    };
    expect(trackers(settleProject(files, 'themes/t/layouts/partials/analytics.html'))).toEqual([expect.stringMatching(/`themes\/t\/layouts\/_default\/baseof\.html` includes it without a consent check/)]);
  });
});

describe('Nunjucks, Handlebars and EJS partials', () => {
  const PIXEL = "<script>\n  fbq('init', '{{ pixelId }}');\n  fbq('track', 'PageView');\n</script>\n";
  it('Eleventy: {% include "partials/pixel.njk" %} under a consent check is gated, elsewhere not', () => {
    const files = { 'src/_includes/partials/pixel.njk': PIXEL, 'src/_includes/base.njk': '{% if consent.marketing %}{% include "partials/pixel.njk" %}{% endif %}' };
    expect(trackers(settleProject(files, 'src/_includes/partials/pixel.njk'))).toEqual([]);
    const open = { ...files, 'src/_includes/base.njk': '{% include "partials/pixel.njk" %}' };
    expect(trackers(settleProject(open, 'src/_includes/partials/pixel.njk'))).toEqual([expect.stringMatching(/`src\/_includes\/base\.njk` includes it without a consent check/)]);
  });
  it('Handlebars: {{> analytics}} inside {{#if cookiesAccepted}} is gated', () => {
    const files = { 'views/partials/analytics.hbs': PIXEL, 'views/layouts/main.hbs': '<head>{{#if cookiesAccepted}}{{> analytics}}{{/if}}</head>' };
    expect(trackers(settleProject(files, 'views/partials/analytics.hbs'))).toEqual([]);
    const open = { ...files, 'views/layouts/main.hbs': '<head>{{> analytics}}</head>' };
    expect(trackers(settleProject(open, 'views/partials/analytics.hbs'))).toEqual([expect.stringMatching(/`views\/layouts\/main\.hbs` includes it/)]);
  });
  it('EJS: include relative to the including view', () => {
    const files = { 'views/partials/analytics.ejs': PIXEL, 'views/layout.ejs': "<head><%- include('partials/analytics') %></head>" };
    expect(trackers(settleProject(files, 'views/partials/analytics.ejs'))).toEqual([expect.stringMatching(/`views\/layout\.ejs` includes it/)]);
  });
});

describe('template resolution', () => {
  const resolver = new TemplateResolver([
    '_includes/analytics.html', 'docs/_includes/analytics.html', 'layouts/partials/gtag.html', 'themes/t/layouts/partials/gtag.html', 'themes/t/layouts/_default/baseof.html', 'src/_includes/partials/a.njk', 'views/partials/nav.hbs', 'pages/about.html',
  ]);
  it('finds Jekyll includes nearest the including file', () => {
    expect(resolver.resolve('_layouts/default.html', 'analytics.html', 'liquid')).toEqual(['_includes/analytics.html']);
    expect(resolver.resolve('docs/_layouts/default.html', 'analytics.html', 'liquid')).toEqual(['docs/_includes/analytics.html']);
    expect(resolver.resolve('blog/_layouts/post.html', 'analytics.html', 'liquid')).toEqual(['_includes/analytics.html']);
  });
  it('prefers the site\'s partial over the theme\'s, and the theme\'s from inside the theme', () => {
    expect(resolver.resolve('layouts/index.html', 'gtag.html', 'go')).toEqual(['layouts/partials/gtag.html']);
    expect(resolver.resolve('themes/t/layouts/_default/baseof.html', 'gtag', 'go')).toEqual(['themes/t/layouts/partials/gtag.html']);
    expect(resolver.resolve('layouts/index.html', 'partials/gtag.html', 'go')).toEqual(['layouts/partials/gtag.html']);
  });
  it('resolves Nunjucks paths and Handlebars names without extension; unknown names resolve to nothing', () => {
    expect(resolver.resolve('src/_includes/base.njk', 'partials/a.njk', 'liquid')).toEqual(['src/_includes/partials/a.njk']);
    expect(resolver.resolve('views/layouts/main.hbs', 'nav', 'handlebars')).toEqual(['views/partials/nav.hbs']);
    expect(resolver.resolve('_layouts/default.html', 'missing.html', 'liquid')).toEqual([]);
    expect(resolver.resolve('_layouts/default.html', '../../etc/passwd', 'liquid')).toEqual([]);
    expect(resolver.resolve('_layouts/default.html', 'about.html', 'liquid')).toEqual([]);
  });
  it('an index without a workspace list resolves among the files it was given', () => {
    const index = new ProjectIndex();
    const head = lintText('{% if cookies_accepted %}{% include ga.html %}{% endif %}', '_includes/head.html');
    const partial = lintText(GA_INCLUDE, '_includes/ga.html');
    for (const result of [head, partial]) index.set(result.path, result.facts, result);
    expect(index.includeSites('_includes/ga.html')).toEqual([{ file: '_includes/head.html', gated: true }]);
  });
});

// Multi-file fixtures: each folder under test/fixtures-project/tracker-before-consent/ is one site,
// settled as a project; `expect:` / `ok:` annotations hold for the settled findings.
describe('project fixtures', () => {
  const root = join(__dirname, 'fixtures-project', 'tracker-before-consent');
  for (const site of readdirSync(root)) {
    const files = Object.fromEntries(filesUnder(join(root, site)).map((file) => [file, readFileSync(join(root, site, file), 'utf8')]));
    for (const [file, text] of Object.entries(files)) {
      it(`${site}/${file}`, () => {
        const { expected, allowed } = annotations(text);
        const lines = settleProject(files, file).findings.filter((finding) => finding.ruleId === 'tracker-before-consent').map((finding) => finding.range.start.line);
        expect([...new Set(lines)].sort((a, b) => a - b)).toEqual([...(expected.get('tracker-before-consent') ?? [])].sort((a, b) => a - b));
        for (const line of allowed.get('tracker-before-consent') ?? []) expect(lines).not.toContain(line);
      });
    }
  }
});

describe('an include inside an inline script, judged by the JavaScript around it', () => {
  const GA_JS = `function loadScriptAsync(src, callback) {
  var script = document.createElement('script');
  script.onload = callback;
  script.src = src;
  document.head.appendChild(script);
}
loadScriptAsync('https://www.googletagmanager.com/gtag/js?id={{ site.google_analytics }}', function () {
  window.dataLayer = window.dataLayer || [];
  function gtag() { dataLayer.push(arguments); }
  gtag('js', new Date());
  gtag('config', '{{ site.google_analytics }}');
});
`;
  const banner = (check: string) => `<div id="cookie-notice">We use cookies. <a id="accept">Approve</a></div>
<script>
  function readCookie(name) { return document.cookie.indexOf(name + '=true') >= 0 ? 'true' : null; }
  if (${check}) {
    {% if jekyll.environment == "production" and site.google_analytics %}
      {% include ga.js %}
    {% endif %}
  } else {
    document.getElementById('cookie-notice').style.display = 'block';
  }
</script>
`;
  const files = (check: string) => ({ '_includes/ga.js': GA_JS, '_includes/cookie-consent.html': banner(check), '_layouts/default.html': '<body>{{ content }}{% include cookie-consent.html %}</body>' });
  it('a script partial alone is reported as before', () => {
    expect(trackers(lintText(GA_JS, '_includes/ga.js'))).toHaveLength(1);
  });
  it('behind a consent check in the banner\'s script: nothing to report', () => {
    expect(trackers(settleProject(files("readCookie('cookies_accepted') == 'true'"), '_includes/ga.js'))).toEqual([]);
  });
  it('inside a consent manager\'s callback: nothing to report', () => {
    const text = "<script>\n  window.addEventListener('CookiebotOnAccept', function () {\n    {% include ga.js %}\n  });\n</script>\n";
    expect(trackers(settleProject({ '_includes/ga.js': GA_JS, '_layouts/default.html': text }, '_includes/ga.js'))).toEqual([]);
  });
  it('behind a script condition not known as consent: reported, naming the banner and the condition without judging it', () => {
    expect(trackers(settleProject(files("readCookie('cookie-notice-option') == 'true'"), '_includes/ga.js'))).toEqual([
      expect.stringMatching(/`_includes\/cookie-consent\.html` includes it in a script under `readCookie\('cookie-notice-option'\) == 'true'`, which Precedent does not recognise as a consent check \(if it is one, add its name to the rule's `gateNames` option\)\./),
    ]);
  });
  it('the project names that condition in gateNames: the banner states a gated include', () => {
    const configs = [{ rules: { 'tracker-before-consent': { options: { gateNames: ['cookie-notice-option'] } } } }];
    const facts = lintText(banner("readCookie('cookie-notice-option') == 'true'"), '_includes/cookie-consent.html', { configs }).facts;
    expect(facts).toEqual([{ kind: 'include', template: 'ga.js', syntax: 'liquid', gated: true }]);
  });
  it('in a script with no condition around the include: named as included without a consent check', () => {
    const text = '<script>\n  {% include ga.js %}\n</script>\n';
    expect(trackers(settleProject({ '_includes/ga.js': GA_JS, '_layouts/default.html': text }, '_includes/ga.js'))).toEqual([expect.stringMatching(/`_layouts\/default\.html` includes it without a consent check/)]);
  });
});

describe('the CLI and the editor give the project\'s answer', () => {
  const files = jekyll("{%- if jekyll.environment == 'production' and site.google_analytics -%}{%- include google-analytics.html -%}{%- endif -%}", { '_config.yml': 'google_analytics: G-ABCDEF1234\n' });
  let session: LspSession | undefined;
  afterAll(async () => {
    await session?.stop();
  });

  it('the CLI reports the snippet once, in the partial', () => {
    const root = tempProject(files, 'precedent-templates-');
    const report = JSON.parse(spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), '--format', 'json', '.'], { cwd: root, encoding: 'utf8' }).stdout);
    const found = report.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'tracker-before-consent');
    expect(found.map((finding: { path: string }) => finding.path)).toEqual(['_includes/google-analytics.html']);
    expect(found[0].message).toMatch(/`_includes\/head\.html` includes it under .*`_config\.yml` switches it on with `google_analytics`/);
  });

  it('with only the partial open, names the including template; gating the include in the editor clears it', async () => {
    const root = tempProject(files, 'precedent-templates-lsp-');
    session = await LspSession.start(root);
    const partial = pathToFileURL(join(root, '_includes', 'google-analytics.html')).href;
    const head = pathToFileURL(join(root, '_includes', 'head.html')).href;
    await session.open(partial, 'html', files['_includes/google-analytics.html']);
    const named = await session.until(() => session!.diagnostics.get(partial)?.diagnostics.find((diagnostic) => diagnostic.code === 'tracker-before-consent' && /_includes\/head\.html/.test(diagnostic.message)));
    expect(named.message).toMatch(/which does not test the visitor's consent/);
    await session.open(head, 'html', files['_includes/head.html']);
    const gated = files['_includes/head.html'].replace("jekyll.environment == 'production'", 'cookies_accepted');
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: head, version: 2 }, contentChanges: [{ text: gated }] });
    const cleared = await session.until(() => {
      const current = session!.diagnostics.get(partial)?.diagnostics;
      return current && !current.some((diagnostic) => diagnostic.code === 'tracker-before-consent') && current;
    });
    expect(cleared).toEqual([]);
  });
});
