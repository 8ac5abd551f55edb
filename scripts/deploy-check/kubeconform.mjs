// The rendered manifests against Kubernetes' JSON schemas (offline copies only).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_HINT, missing, required, run, schemaRoot, tools, work } from './context.mjs';
import { rendered } from './helm-render.mjs';
import { skip } from './runner.mjs';

/** kubeconform -strict over the rendered variants, against every offline schema version. */
export function kubeconform() {
  if (!tools.kubeconform) return missing('kubeconform', INSTALL_HINT);
  if (!tools.helm) return skip('nothing rendered (helm not found)');
  const versions = existsSync(schemaRoot)
    ? readdirSync(schemaRoot)
        .map((d) => d.match(/^v(\d+\.\d+\.\d+)-local-strict$/)?.[1])
        .filter(Boolean)
    : [];
  if (versions.length === 0) {
    if (required.has('kubeconform'))
      throw new Error(`no Kubernetes schemas in ${schemaRoot}: run ${INSTALL_HINT} schemas`);
    return skip(
      `no Kubernetes schemas in ${schemaRoot} (run ${INSTALL_HINT} schemas); never fetched from the network`,
    );
  }
  const files = Object.keys(rendered).map((name) => join(work, `${name}.yaml`));
  if (files.length === 0) return ['nothing rendered to validate (helm template failed)'];
  const location = join(
    schemaRoot,
    '{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json',
  );
  const problems = [];
  // The schemas must really load: a broken manifest has to be rejected, not skipped.
  const broken = join(work, 'broken.yaml');
  writeFileSync(
    broken,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: "two"\n  selector: {}\n  templat: {}\n',
  );
  for (const version of versions) {
    const base = [
      // A CRD with no offline schema here; monitoring.mjs checks it (structure and PromQL).
      '-skip',
      'PrometheusRule',
      '-strict',
      '-summary',
      '-kubernetes-version',
      version,
      '-schema-location',
      location,
    ];
    const r = run(tools.kubeconform, [...base, ...files]);
    if (r.code !== 0) problems.push(`Kubernetes ${version}:\n${(r.out + r.err).trim()}`);
    else process.stdout.write(`     Kubernetes ${version}: ${r.out.trim().split('\n').at(-1)}\n`);
    const bad = run(tools.kubeconform, [...base, broken]);
    if (bad.code === 0 || !/invalid/i.test(bad.out))
      problems.push(
        `Kubernetes ${version}: a broken Deployment was not rejected: ${bad.out.trim()}`,
      );
  }
  return problems;
}
