// The update bot's configuration (renovate.json): valid JSON with a schedule, security updates
// on, the groups packages released together need, each still matching a dependency we have,
// and the version pins the toolchain depends on (TypeScript 6.0.x).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './context.mjs';

const GROUPS = ['NestJS', 'Angular', 'TypeORM'];
const MANIFESTS = ['package.json', 'backend/package.json', 'frontend/package.json'];

/** Renovate's package name patterns (`@nestjs/**`, exact names) as a test. */
const matcher = (patterns) => {
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split('**')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('.*')}$`,
      ),
  );
  return (name) => res.some((re) => re.test(name));
};

export function renovateConfig() {
  const problems = [];
  let config;
  try {
    config = JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8'));
  } catch (error) {
    return [`renovate.json: ${error.message}`];
  }
  const manifests = MANIFESTS.map((f) => JSON.parse(readFileSync(join(root, f), 'utf8')));
  const dependencies = new Set(
    manifests.flatMap((m) => Object.keys({ ...m.dependencies, ...m.devDependencies })),
  );
  if (!Array.isArray(config.schedule) || config.schedule.length === 0)
    problems.push('renovate.json: "schedule" must list when updates are proposed');
  if (config.vulnerabilityAlerts?.enabled !== true)
    problems.push('renovate.json: "vulnerabilityAlerts.enabled" must be true');
  const rules = Array.isArray(config.packageRules) ? config.packageRules : [];
  for (const group of GROUPS) {
    const rule = rules.find((r) => r.groupName === group);
    if (!rule) problems.push(`renovate.json: no "${group}" group`);
    else if (![...dependencies].some(matcher(rule.matchPackageNames ?? [])))
      problems.push(`renovate.json: the "${group}" group matches none of our dependencies`);
  }
  const typescript = manifests[0].devDependencies?.typescript;
  const pin = rules.find((r) => r.matchPackageNames?.includes('typescript'))?.allowedVersions;
  if (pin !== typescript)
    problems.push(
      `renovate.json: typescript's "allowedVersions" (${pin ?? 'none'}) must equal the pin in package.json (${typescript})`,
    );
  return problems;
}
