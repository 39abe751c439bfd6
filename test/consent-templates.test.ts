// Template tags inside inline scripts (markup-adapter's blankTemplateTags): the JavaScript around
// them parses, offsets stay put, and template conditionals testing consent gate trackers.
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import { blankTemplateTags } from '../server/src/engine/markup-adapter';

describe('template tags in inline scripts', () => {
  it('keeps length and lines, turns output tags into an expression and statement tags into spaces', () => {
    const code = "var id = <%- JSON.stringify(id) %>;\n{% if x %}\ngtag('config', '{{ id }}');\n<?php endif; ?>";
    const blanked = blankTemplateTags(code);
    expect(blanked).toHaveLength(code.length);
    expect(blanked.split('\n')).toHaveLength(4);
    expect(blanked).toMatch(/^var id = 0 +;\n +\ngtag\('config', '0 +'\);\n +$/);
  });

  it('leaves scripts without template tags untouched', () => {
    const code = 'const a = { b: { c: 1 } }; if (a < b && c > d) run();';
    expect(blankTemplateTags(code)).toBe(code);
  });

  it('parses EJS, Handlebars, PHP and Nunjucks scripts without errors', () => {
    const files: Record<string, string> = {
      'views/a.ejs': '<script>\n  var gaId = <%- JSON.stringify(gaId) %>;\n  gtag(\'config\', gaId);\n</script>',
      'views/b.hbs': "<script>\n  {{#if pixelId}}\n  fbq('init', '{{pixelId}}');\n  {{/if}}\n</script>",
      'views/c.php': "<script>\n  <?php if ($key): ?>\n  posthog.init('<?= $key ?>');\n  <?php endif; ?>\n</script>",
      'views/d.njk': "<script>\n  {% if id %}\n  gtag('config', '{{ id }}');\n  {% endif %}\n</script>",
    };
    for (const [path, text] of Object.entries(files)) {
      const result = lintText(text, path, { rules });
      expect(result.errors, path).toEqual([]);
      expect(result.findings.map((finding) => [finding.ruleId, finding.range.start.line]), path).toEqual([['tracker-before-consent', 2]]);
    }
  });

  it('treats a template conditional on consent as a gate', () => {
    const text = "{% if cookie_consent.analytics %}\n<script>\n  gtag('config', '{{ id }}');\n</script>\n{% endif %}\n<script>gtag('config', 'G-2');</script>";
    expect(lintText(text, 'views/head.njk', { rules }).findings.map((finding) => finding.range.start.line)).toEqual([5]);
  });
});
