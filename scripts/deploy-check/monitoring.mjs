// The monitoring that ships with the product: the chart's alert rules (PrometheusRule) and the
// Grafana dashboard in deploy/grafana/. Every PromQL expression is parsed with Prometheus's own
// grammar (@prometheus-io/lezer-promql, what Prometheus's UI parses with), and every metric it
// reads must be one the API or the worker exports, so a renamed metric breaks this check rather
// than a dashboard nobody looks at until an outage.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parseAllDocuments } from 'yaml';
import { root } from './context.mjs';
import { rendered } from './helm-render.mjs';
import { skip } from './runner.mjs';

/** prom-client's default process and Node.js metrics, and Prometheus's own `up`. */
const BUILT_IN = /^(up|process_[a-z_]+|nodejs_[a-z_]+)$/;
const SUFFIXES = ['_bucket', '_sum', '_count'];

/** The metric names the backend registers (`name: '...'` beside prom-client constructors). */
function exportedMetrics() {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
        const text = readFileSync(path, 'utf8');
        if (!/new (Counter|Gauge|Histogram|Summary)\b/.test(text)) continue;
        for (const m of text.matchAll(/\bname: '([a-z_:][a-z0-9_:]*)'/g)) names.add(m[1]);
      }
    }
  };
  walk(join(root, 'backend', 'src'));
  return names;
}

/** Problems of one expression: a parse error, or a metric the product does not export. */
function checkExpression(where, expr, metrics) {
  const problems = [];
  const tree = parser.parse(expr);
  let error = null;
  const used = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) error = node.from;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        used.push(expr.slice(node.from, node.to));
      }
    },
  });
  if (error !== null) problems.push(`${where}: PromQL does not parse at ${error}: ${expr}`);
  if (used.length === 0 && error === null) problems.push(`${where}: reads no metric: ${expr}`);
  for (const name of used) {
    if (BUILT_IN.test(name)) continue;
    const base = SUFFIXES.reduce((n, s) => (n.endsWith(s) ? n.slice(0, -s.length) : n), name);
    if (!metrics.has(name) && !metrics.has(base)) {
      problems.push(`${where}: reads ${name}, which neither the API nor the worker exports`);
    }
  }
  return problems;
}

/** The alert rules as the "full" variant renders them (prometheusRule.enabled). */
export function alertRules() {
  const yaml = rendered.full;
  if (!yaml) return skip('nothing rendered (helm not found)');
  const rules = parseAllDocuments(yaml)
    .map((d) => d.toJS())
    .filter((d) => d?.kind === 'PrometheusRule');
  if (rules.length !== 1)
    return [`expected one PrometheusRule in the full render, got ${rules.length}`];
  const [rule] = rules;
  const metrics = exportedMetrics();
  const problems = [];
  if (rule.apiVersion !== 'monitoring.coreos.com/v1')
    problems.push(`apiVersion ${rule.apiVersion}`);
  const alerts = rule.spec?.groups?.flatMap((g) => g.rules ?? []) ?? [];
  if (alerts.length === 0) problems.push('no rules');
  const seen = new Set();
  for (const alert of alerts) {
    const where = `alert ${alert.alert}`;
    if (!alert.alert || seen.has(alert.alert)) problems.push(`${where}: missing or repeated name`);
    seen.add(alert.alert);
    if (!/^\d+[smh]$/.test(alert.for ?? '')) problems.push(`${where}: "for" must be a duration`);
    if (!['critical', 'warning'].includes(alert.labels?.severity)) {
      problems.push(`${where}: labels.severity must be critical or warning`);
    }
    if (!alert.annotations?.summary || !alert.annotations?.description) {
      problems.push(`${where}: needs a summary and a description`);
    }
    problems.push(...checkExpression(where, String(alert.expr ?? ''), metrics));
  }
  process.stdout.write(`     ${alerts.length} alert rules, ${metrics.size} metrics exported\n`);
  return problems;
}

/** deploy/grafana/*.json: a dashboard Grafana imports, every query valid against our metrics. */
export function grafanaDashboards() {
  const dir = join(root, 'deploy', 'grafana');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (files.length === 0) return ['no dashboard in deploy/grafana'];
  const metrics = exportedMetrics();
  const problems = [];
  for (const file of files) {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (!dashboard.title || !dashboard.uid) problems.push(`${file}: needs a title and a uid`);
    const variables = new Set((dashboard.templating?.list ?? []).map((v) => v.name));
    const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    const ids = new Set();
    let queries = 0;
    for (const panel of panels) {
      const where = `${file}: panel "${panel.title}"`;
      if (ids.has(panel.id)) problems.push(`${where}: id ${panel.id} repeated`);
      ids.add(panel.id);
      const { x, y, w, h } = panel.gridPos ?? {};
      if (![x, y, w, h].every(Number.isInteger) || x + w > 24) problems.push(`${where}: gridPos`);
      if (panel.type === 'row') continue;
      if (panel.datasource?.uid !== '${datasource}') {
        problems.push(`${where}: datasource must be the $datasource variable`);
      }
      for (const target of panel.targets ?? []) {
        for (const [, name] of String(target.expr).matchAll(/\$(?:\{)?([A-Za-z_]+)/g)) {
          if (!name.startsWith('__') && !variables.has(name)) {
            problems.push(`${where}: uses $${name}, which is not a dashboard variable`);
          }
        }
        // Grafana's variables replaced as it does before sending the query.
        const expr = String(target.expr)
          .replace(/\$__rate_interval|\$__interval/g, '5m')
          .replace(/\$\{?[A-Za-z_]+\}?/g, '.*');
        problems.push(...checkExpression(where, expr, metrics));
        queries += 1;
      }
    }
    process.stdout.write(`     ${file}: ${panels.length} panels, ${queries} queries\n`);
  }
  return problems;
}
