// helm lint --strict of the chart.
import { INSTALL_HINT, missing, tools, chart } from './context.mjs';
import { helm, setFlags } from './helm-render.mjs';
import { FULL_VALUES, KUBE_VERSION, REQUIRED_VALUES } from './helm-values.mjs';

/** helm lint --strict with the defaults and with every feature on. */
export function helmLint() {
  if (!tools.helm) return missing('helm', INSTALL_HINT);
  const problems = [];
  for (const values of [[], [...REQUIRED_VALUES, ...FULL_VALUES]]) {
    const r = helm([
      'lint',
      '--strict',
      chart,
      '--kube-version',
      KUBE_VERSION,
      ...setFlags(values),
    ]);
    if (r.code !== 0)
      problems.push(
        `helm lint ${values.length ? 'with all features' : 'with defaults'}:\n${(r.out + r.err).trim()}`,
      );
  }
  return problems;
}
