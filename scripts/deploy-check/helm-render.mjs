// Helm: the binary in its own throwaway homes, `helm template` for the chart, the rendered
// variants, and the rendered documents by kind and name.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chart, run, tools, work } from './context.mjs';
import {
  EXISTING_SECRET_VALUES,
  FULL_VALUES,
  KUBE_VERSION,
  NO_WORKER_VALUES,
  REQUIRED_VALUES,
} from './helm-values.mjs';

const helmEnv = {
  HELM_CACHE_HOME: join(work, 'helm', 'cache'),
  HELM_CONFIG_HOME: join(work, 'helm', 'config'),
  HELM_DATA_HOME: join(work, 'helm', 'data'),
};
export const setFlags = (values) => values.flatMap((v) => ['--set', v]);
export const helm = (args) => run(tools.helm, args, { env: helmEnv });
export const template = (values, extra = []) =>
  helm([
    'template',
    'chat',
    chart,
    '--namespace',
    'chat',
    '--kube-version',
    KUBE_VERSION,
    ...setFlags(values),
    ...extra,
  ]);

/** Rendered manifests as [{kind, name, text}] (no YAML parser needed for what we assert). */
export function documents(yaml) {
  return yaml
    .split(/^---\s*$/m)
    .map((text) => ({
      text,
      kind: text.match(/^kind:\s*(\S+)/m)?.[1],
      name: text.match(/^metadata:\n(?:  .*\n)*?  name:\s*(\S+)/m)?.[1],
    }))
    .filter((d) => d.kind);
}
/** The variants `renderVariants` rendered: name -> YAML (also in work/<name>.yaml). */
export const rendered = {};

/** Renders the four variants; the problems of those that failed. */
export function renderVariants() {
  const problems = [];
  const variants = {
    default: REQUIRED_VALUES,
    full: [...REQUIRED_VALUES, ...FULL_VALUES],
    'existing-secrets': EXISTING_SECRET_VALUES,
    'no-worker': [...REQUIRED_VALUES, ...NO_WORKER_VALUES],
  };
  for (const [name, values] of Object.entries(variants)) {
    const r = template(values);
    if (r.code !== 0) problems.push(`${name}: ${r.err.trim()}`);
    else {
      rendered[name] = r.out;
      writeFileSync(join(work, `${name}.yaml`), r.out);
    }
  }
  return problems;
}

/** The text of document `id` ("Kind/name") of a rendered variant ('' when absent). */
export const doc = (variant, id) =>
  documents(rendered[variant]).find((d) => `${d.kind}/${d.name}` === id)?.text ?? '';

/** The chart ConfigMap's keys and values in a rendered variant. */
export const configKeys = (variant) =>
  Object.fromEntries(
    [...doc(variant, 'ConfigMap/chat-config').matchAll(/^  ([A-Z0-9_]+): "(.*)"$/gm)].map((m) => [
      m[1],
      m[2],
    ]),
  );
