// What the chart does with values: numbers stay integers, bad values are refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_HINT, missing, tools, work } from './context.mjs';
import { template } from './helm-render.mjs';
import { REQUIRED_VALUES } from './helm-values.mjs';

/** Numbers from a values file render as integers, not 1e+06. */
export function helmNumbers() {
  if (!tools.helm) return missing('helm', INSTALL_HINT);
  const file = join(work, 'big-numbers.yaml');
  writeFileSync(
    file,
    'config:\n  RATE_LIMIT_MESSAGES_PER_DAY: 1000000\n  SHUTDOWN_TIMEOUT_MS: 30000\n',
  );
  const r = template(REQUIRED_VALUES, ['-f', file]);
  if (r.code !== 0) return [r.err.trim()];
  const problems = [];
  if (!r.out.includes('RATE_LIMIT_MESSAGES_PER_DAY: "1000000"'))
    problems.push('1000000 was not rendered as "1000000"');
  if (!/terminationGracePeriodSeconds: 40\n/.test(r.out))
    problems.push('API grace period does not follow SHUTDOWN_TIMEOUT_MS=30000 (want 40)');
  if (!/terminationGracePeriodSeconds: 35\n/.test(r.out))
    problems.push('worker grace period does not follow SHUTDOWN_TIMEOUT_MS=30000 (want 35)');
  return problems;
}

/** The chart refuses bad values: its schema and its required values. */
export function helmRefusesBadValues() {
  if (!tools.helm) return missing('helm', INSTALL_HINT);
  const cases = [
    [
      [],
      /secret\.jwtSecret is required[\s\S]*database\.url is required[\s\S]*redis\.url is required/,
    ],
    [['secret.jwtSecret=too-short', ...REQUIRED_VALUES.slice(1)], /jwtSecret/],
    [[...REQUIRED_VALUES, 'database.url=mysql://db/chat'], /database\.url|url/],
    [[...REQUIRED_VALUES, 'config.LOG_LEVEL=loud'], /LOG_LEVEL/],
    [[...REQUIRED_VALUES, 'config.PORT=0'], /PORT/],
    [[...REQUIRED_VALUES, 'ingres.enabled=true'], /ingres/],
    [[...REQUIRED_VALUES, 'api.terminationGracePeriodSeconds=10'], /terminationGracePeriodSeconds/],
    [
      [...REQUIRED_VALUES, 'api.autoscaling.enabled=true', 'api.resources.requests=null'],
      /requests\.cpu/,
    ],
    [[...REQUIRED_VALUES, 'worker.enabled=yes'], /worker/],
    [[...REQUIRED_VALUES, 'worker.replicaCount=-1'], /replicaCount/],
    [[...REQUIRED_VALUES, 'worker.autoscaling.targetCPUUtilizationPercentage=0'], /targetCPU/],
    [[...REQUIRED_VALUES, 'worker.pdb.enabled=maybe'], /pdb/],
    [[...REQUIRED_VALUES, 'worker.terminationGracePeriodSeconds=10'], /terminationGrace/],
    [
      [...REQUIRED_VALUES, 'worker.autoscaling.enabled=true', 'worker.resources.requests=null'],
      /worker\.autoscaling needs worker\.resources\.requests\.cpu/,
    ],
    [[...REQUIRED_VALUES, 'config.WORKER_PORT=70000'], /WORKER_PORT/],
    [[...REQUIRED_VALUES, 'config.BOTS=sizebot\\,chatgpt'], /BOTS/],
    [[...REQUIRED_VALUES, 'config.BOT_CONCURRENCY=0'], /BOT_CONCURRENCY/],
    [[...REQUIRED_VALUES, 'config.LLM_BASE_URL=ollama:11434'], /LLM_BASE_URL/],
    // Secrets and chart-decided variables are not config values.
    [[...REQUIRED_VALUES, 'config.LLM_API_KEY=sk-test'], /LLM_API_KEY/],
    [[...REQUIRED_VALUES, 'config.WORKER_MODE=inline'], /WORKER_MODE/],
  ];
  const problems = [];
  for (const [values, expected] of cases) {
    const r = template(values);
    if (r.code === 0) problems.push(`accepted: ${values.slice(-1)[0] ?? '(no values)'}`);
    else if (!expected.test(r.err))
      problems.push(`refused ${values.slice(-1)[0] ?? '(no values)'} but with: ${r.err.trim()}`);
  }
  return problems;
}
