#!/usr/bin/env node
// Offline checks of everything deployment: the Helm chart (helm/chat), docker-compose.yml, the
// Dockerfiles and the nginx config in deploy/. No Kubernetes cluster, Docker engine or network
// is needed. Tools come from PATH or from scripts/install-deploy-tools.sh; a check whose tool
// is missing is SKIPPED with the reason, anything that runs and fails makes the exit code 1.
//
// Usage: node scripts/deploy-check.mjs
// Env:   CHAT_DEPLOY_TOOLS_DIR  where install-deploy-tools.sh put binaries (bin/) and Kubernetes
//                               schemas (kubernetes-json-schema/); default ~/.cache/chat-deploy-tools
//        DEPLOY_CHECK_REQUIRE   comma-separated tools that must not be skipped (e.g. in CI:
//                               helm,kubeconform,docker-compose,hadolint)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chart = join(root, 'helm', 'chat');
const toolsDir =
  process.env.CHAT_DEPLOY_TOOLS_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'chat-deploy-tools');
const schemaRoot = join(toolsDir, 'kubernetes-json-schema');
const required = new Set(
  (process.env.DEPLOY_CHECK_REQUIRE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const work = mkdtempSync(join(tmpdir(), 'deploy-check-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// Kubernetes version helm renders for (capabilities): the newest we have schemas for.
const KUBE_VERSION = '1.37.0';
// Values that every install must provide (see helm/chat/values.yaml).
const REQUIRED_VALUES = [
  'secret.jwtSecret=0123456789abcdefghijklmnopqrstuvwxyzABCD',
  'database.url=postgres://chat:secret@postgres.example:5432/chat',
  'redis.url=redis://redis.example:6379',
];
const FULL_VALUES = [
  'ingress.enabled=true',
  'ingress.className=nginx',
  'ingress.tls[0].secretName=chat-tls',
  'ingress.tls[0].hosts[0]=chat.example.com',
  'api.autoscaling.enabled=true',
  'api.autoscaling.targetMemoryUtilizationPercentage=80',
  'worker.autoscaling.enabled=true',
  'worker.autoscaling.targetMemoryUtilizationPercentage=80',
  'networkPolicy.enabled=true',
  'networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name=monitoring',
  'imagePullSecrets[0].name=regcred',
  'config.CORS_ORIGIN=https://chat.example.com',
  'config.PUBLIC_URL=https://chat.example.com',
  'config.SPA_DIR=/srv/spa',
  'config.LLM_BASE_URL=http://ollama.example:11434/v1',
  'config.LLM_SYSTEM_PROMPT=You are terse.',
  'llm.apiKey=sk-test-key',
  'config.VAPID_PUBLIC_KEY=BAAP7Otn96OOyfYpYr6VWqfbGqZH_Bq3EykdVQTZnje10hpr92_UssfV6T4f_RD52m-2mVV3BFt-Y1eak-ZbSoM',
  'config.VAPID_SUBJECT=mailto:ops@example.com',
  'push.vapidPrivateKey=8qSVxEKHLL1eINlqkrD5wcqiX8ElMgyNi1-N6A5JGm4',
  'config.S3_BUCKET=chat-uploads',
  'config.S3_ENDPOINT=http://minio.example:9000',
  'config.S3_FORCE_PATH_STYLE=true',
  's3.accessKeyId=chat',
  's3.secretAccessKey=chat-secret-key',
];
// The bot worker off: the API produces bot replies in-process. Autoscaling and NetworkPolicies
// on, to prove no worker object renders even then.
const NO_WORKER_VALUES = [
  'worker.enabled=false',
  'worker.autoscaling.enabled=true',
  'networkPolicy.enabled=true',
];
const EXISTING_SECRET_VALUES = [
  'secret.existingSecret=chat-secrets',
  'database.existingSecret=chat-db',
  'database.existingSecretKey=url',
  'redis.existingSecret=chat-redis',
  'migrations.enabled=false',
  'web.enabled=false',
  'serviceAccount.create=false',
  'serviceAccount.name=chat-runner',
  'llm.existingSecret=chat-llm',
  'llm.existingSecretKey=key',
];

// ---------------------------------------------------------------------------------------------
const results = [];

function record(name, status, detail = '', seconds = 0) {
  results.push({ name, status, detail, seconds });
  const mark = { ok: 'ok  ', FAIL: 'FAIL', SKIP: 'SKIP' }[status];
  process.stdout.write(`${mark} ${name}${detail ? ` - ${detail}` : ''}\n`);
}

/** Runs one named check: fn() returns problems (strings); throws count as a failure too. */
function check(name, fn) {
  const started = Date.now();
  let problems;
  try {
    problems = fn();
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  const seconds = (Date.now() - started) / 1000;
  if (problems && problems.skip) {
    record(name, 'SKIP', problems.skip, seconds);
  } else if (problems && problems.length > 0) {
    record(name, 'FAIL', '', seconds);
    for (const p of problems) process.stdout.write(`     ${p.replace(/\n/g, '\n     ')}\n`);
  } else {
    record(name, 'ok', '', seconds);
  }
}

const skip = (reason) => ({ skip: reason });

function which(tool) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(toolsDir, 'bin')];
  for (const dir of dirs) {
    const file = join(dir, tool);
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw result.error;
  return { code: result.status, out: result.stdout ?? '', err: result.stderr ?? '' };
}

const tools = {
  helm: which('helm'),
  kubeconform: which('kubeconform'),
  'docker-compose': which('docker-compose'),
  hadolint: which('hadolint'),
  nginx: which('nginx') ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null),
};
// `docker compose` (v2 plugin) validates too, when there is one.
if (which('docker') && run('docker', ['compose', 'version']).code === 0)
  tools['docker compose'] = which('docker');

function missing(tool, how) {
  if (required.has(tool))
    throw new Error(`${tool} is required (DEPLOY_CHECK_REQUIRE) but not found: ${how}`);
  return skip(`${tool} not found (${how})`);
}
const INSTALL_HINT = 'scripts/install-deploy-tools.sh';

// ---------------------------------------------------------------------------------------------
// Dockerfiles and nginx: structural checks that need no tool.

/** Parses a Dockerfile into instructions {op, args, line} with continuation lines joined. */
function parseDockerfile(file) {
  const out = [];
  let buffer = '';
  let start = 0;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!buffer && (line === '' || line.startsWith('#'))) return;
      if (buffer && line.startsWith('#')) return;
      if (!buffer) start = i + 1;
      buffer += (buffer ? ' ' : '') + line.replace(/\\$/, '').trim();
      if (!line.endsWith('\\')) {
        const [, op, args] = buffer.match(/^(\S+)\s*(.*)$/);
        out.push({ op: op.toUpperCase(), args, line: start });
        buffer = '';
      }
    });
  return out;
}

/** .dockerignore as a matcher: true when a context path (e.g. "backend/src") is excluded. */
function dockerignore() {
  const file = join(root, '.dockerignore');
  const rules = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => {
          const negate = l.startsWith('!');
          const pattern = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
          const re = pattern
            .split('/')
            .map((part) =>
              part === '**'
                ? '(?:.*)'
                : part
                    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                    .replace(/\*/g, '[^/]*')
                    .replace(/\?/g, '[^/]'),
            )
            .join('/')
            .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
          return { negate, re: new RegExp(`^${re}$`) };
        })
    : [];
  return (path) => {
    // A path is excluded when it or one of its parent folders matches (last rule wins).
    const parts = path.replace(/\/+$/, '').split('/');
    let excluded = false;
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      for (const rule of rules) if (rule.re.test(prefix)) excluded = !rule.negate;
      if (excluded && i < parts.length) return true;
    }
    return excluded;
  };
}

function checkDockerfile(file, expect) {
  const problems = [];
  const rel = relative(root, file);
  const ins = parseDockerfile(file);
  const ignored = dockerignore();
  const stages = [];
  const args = new Set();
  for (const i of ins) {
    if (i.op === 'ARG') args.add(i.args.split('=')[0]);
    if (i.op === 'FROM') {
      const m = i.args.match(/^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i);
      if (!m) problems.push(`${rel}:${i.line}: cannot parse FROM ${i.args}`);
      else {
        const image = m[1].replace(/^\$\{?(\w+)\}?$/, (_, name) =>
          args.has(name) ? `ARG ${name}` : _,
        );
        if (
          !image.startsWith('ARG ') &&
          !stages.some((s) => s.name === image) &&
          !/:[\w.-]+$/.test(image)
        )
          problems.push(`${rel}:${i.line}: base image ${image} has no tag`);
        stages.push({ name: m[2] ?? null, ins: [] });
      }
      continue;
    }
    if (!stages.length) continue;
    stages.at(-1).ins.push(i);
    if (i.op === 'COPY' || i.op === 'ADD') {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='));
      const paths = words.filter((w) => !w.startsWith('--'));
      const sources = paths.slice(0, -1);
      if (from) {
        const stage = from.slice('--from='.length);
        if (!stages.slice(0, -1).some((s) => s.name === stage))
          problems.push(`${rel}:${i.line}: COPY --from=${stage}: no earlier stage of that name`);
        continue;
      }
      for (const src of sources) {
        const path = src.replace(/^\.\//, '').replace(/\/$/, '') || '.';
        if (path === '.') continue;
        if (!existsSync(join(root, path)))
          problems.push(`${rel}:${i.line}: COPY source ${src} does not exist`);
        else if (ignored(path))
          problems.push(`${rel}:${i.line}: COPY source ${src} is excluded by .dockerignore`);
      }
    }
  }
  const final = stages.at(-1)?.ins ?? [];
  const last = (op) => final.filter((i) => i.op === op).at(-1);
  const user = last('USER')?.args;
  if (!user) problems.push(`${rel}: the final stage sets no USER (runs as root)`);
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`${rel}: the final stage runs as ${user}`);
  else if (!/^\d+(:\d+)?$/.test(user))
    problems.push(
      `${rel}: USER ${user} is not numeric (Kubernetes runAsNonRoot cannot verify a name)`,
    );
  if (!last('HEALTHCHECK')) problems.push(`${rel}: no HEALTHCHECK in the final stage`);
  const expose = last('EXPOSE')?.args;
  if (expose !== expect.expose)
    problems.push(`${rel}: EXPOSE ${expose} (expected ${expect.expose})`);
  if (expect.cmd && last('CMD')?.args !== expect.cmd)
    problems.push(`${rel}: CMD ${last('CMD')?.args} (expected ${expect.cmd})`);
  if (expect.stopsignal && last('STOPSIGNAL')?.args !== expect.stopsignal)
    problems.push(`${rel}: STOPSIGNAL ${last('STOPSIGNAL')?.args} (expected ${expect.stopsignal})`);
  for (const env of expect.env ?? []) {
    if (!final.some((i) => i.op === 'ENV' && new RegExp(`(^|\\s)${env}(\\s|$)`).test(i.args)))
      problems.push(`${rel}: the final stage does not set ENV ${env}`);
  }
  for (const [dest, src] of Object.entries(expect.copies ?? {})) {
    if (!final.some((i) => i.op === 'COPY' && i.args.endsWith(` ${dest}`) && i.args.includes(src)))
      problems.push(`${rel}: the final stage does not COPY ${src} to ${dest}`);
  }
  return problems;
}

check('Dockerfiles: stages, COPY sources vs .dockerignore, user, healthcheck', () => [
  ...checkDockerfile(join(root, 'deploy', 'api.Dockerfile'), {
    expose: '3000',
    cmd: '["node", "backend/dist/main.js"]',
    stopsignal: 'SIGTERM',
    env: ['NODE_ENV=production'],
  }),
  ...checkDockerfile(join(root, 'deploy', 'web.Dockerfile'), {
    expose: '8080',
    env: ['API_UPSTREAM=api:3000'],
    copies: {
      '/etc/nginx/templates/default.conf.template': 'deploy/nginx.conf',
      '/etc/nginx/snippets/security-headers.conf': 'deploy/nginx-security-headers.conf',
    },
  }),
]);

check('nginx config: placeholders, includes and proxied paths', () => {
  const problems = [];
  const conf = readFileSync(join(root, 'deploy', 'nginx.conf'), 'utf8');
  const code = conf.replace(/#.*$/gm, '');
  const placeholders = [...new Set([...code.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))];
  if (placeholders.join() !== 'API_UPSTREAM')
    problems.push(
      `template placeholders are ${placeholders.join(', ') || 'none'}; expected only API_UPSTREAM`,
    );
  const web = readFileSync(join(root, 'deploy', 'web.Dockerfile'), 'utf8');
  for (const m of code.matchAll(/include\s+(\S+);/g)) {
    if (!web.includes(` ${m[1]}`))
      problems.push(`nginx.conf includes ${m[1]}, which web.Dockerfile does not COPY`);
  }
  for (const path of [
    '/api/',
    '/socket.io/',
    '/docs',
    '/docs/',
    '/docs-json',
    '/health',
    '/health/',
  ]) {
    const re = new RegExp(
      `location\\s+(?:=|\\^~)\\s+${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*\\{[^}]*proxy_pass`,
    );
    if (!re.test(code)) problems.push(`no proxied location for ${path}`);
  }
  if (!/proxy_set_header\s+Upgrade\s+\$http_upgrade/.test(code))
    problems.push('no websocket Upgrade header');
  if (!/try_files\s+\$uri\s+\$uri\/\s+\/index\.html/.test(code))
    problems.push('no SPA fallback to /index.html');
  return problems;
});

check('nginx -t on the rendered template', () => {
  if (!tools.nginx) return skip('nginx not found (apt-get install nginx); syntax not checked');
  const dir = join(work, 'nginx');
  const snippet = join(dir, 'security-headers.conf');
  const rendered = readFileSync(join(root, 'deploy', 'nginx.conf'), 'utf8')
    .replaceAll('${API_UPSTREAM}', '127.0.0.1:3000')
    .replaceAll('/etc/nginx/snippets/security-headers.conf', snippet);
  mkdirSync(dir, { recursive: true });
  writeFileSync(snippet, readFileSync(join(root, 'deploy', 'nginx-security-headers.conf')));
  writeFileSync(join(dir, 'default.conf'), rendered);
  // Emulates the image's /etc/nginx/nginx.conf around our server block.
  const mime = existsSync('/etc/nginx/mime.types') ? 'include /etc/nginx/mime.types;' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid;\nerror_log stderr;\nevents { worker_connections 64; }\n` +
      `http {\n  ${mime}\n  client_body_temp_path ${dir}/c; proxy_temp_path ${dir}/p;\n` +
      `  fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;\n` +
      `  access_log off;\n  include ${dir}/default.conf;\n}\n`,
  );
  const r = run(tools.nginx, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')]);
  return r.code === 0 ? [] : [r.err.trim() || r.out.trim()];
});

check('hadolint deploy/*.Dockerfile', () => {
  if (!tools.hadolint) return missing('hadolint', INSTALL_HINT);
  const r = run(tools.hadolint, ['--no-color', 'deploy/api.Dockerfile', 'deploy/web.Dockerfile']);
  return r.code === 0 ? [] : [(r.out + r.err).trim()];
});

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

const COMPOSE_ENV_FILE = join(work, 'compose.env'); // empty: a developer's .env must not leak in
writeFileSync(COMPOSE_ENV_FILE, '');
const composeEnv = (extra) => {
  const env = { ...process.env, ...extra };
  for (const k of ['JWT_SECRET', 'COMPOSE_PROFILES', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME'])
    if (!(k in extra)) delete env[k];
  return env;
};

function checkCompose(label, command, prefix) {
  const args = [...prefix, '--env-file', COMPOSE_ENV_FILE, '-f', 'docker-compose.yml'];
  const problems = [];
  const spawn = (more, env) => {
    const r = spawnSync(command, [...args, ...more], { cwd: root, encoding: 'utf8', env });
    if (r.error) throw r.error;
    return r;
  };
  const ok = spawn(['config', '-q'], composeEnv({ JWT_SECRET: 'x'.repeat(40) }));
  if (ok.status !== 0)
    problems.push(`${label} config -q failed:\n${(ok.stderr || ok.stdout).trim()}`);
  // The worker is on by default: no profile needed.
  const services = spawn(['config', '--services'], composeEnv({ JWT_SECRET: 'x'.repeat(40) }));
  const names = services.stdout.split('\n').filter(Boolean).sort().join(',');
  if (names !== 'api,minio,minio-init,postgres,redis,web,worker')
    problems.push(`${label} services without a profile are ${names}`);
  // The resolved file: the API only enqueues, the worker never migrates and has a real healthcheck.
  const resolved = spawn(['config'], composeEnv({ JWT_SECRET: 'x'.repeat(40) })).stdout;
  const service = (name) =>
    resolved.match(new RegExp(`^  ${name}:\\n((?:(?:    .*)?\\n)*)`, 'm'))?.[1] ?? '';
  const api = service('api');
  const worker = service('worker');
  if (!/^      WORKER_MODE: ['"]?none['"]?$/m.test(api))
    problems.push(`${label}: the api service does not get WORKER_MODE=none by default`);
  // (docker-compose 1.29 lists profiled services under --services too: look at the service.)
  if (/^    profiles:/m.test(worker))
    problems.push(`${label}: the worker service has a profile (it must start by default)`);
  if (!/^      DB_MIGRATE: ['"]?false['"]?$/m.test(worker))
    problems.push(`${label}: the worker service does not get DB_MIGRATE=false`);
  if (!/- backend\/dist\/worker\.js$/m.test(worker))
    problems.push(`${label}: the worker service does not run backend/dist/worker.js`);
  const health =
    worker.match(/^    healthcheck:\n((?:      .*\n)*)/m)?.[1].replace(/\s+/g, ' ') ?? '';
  if (!/127\.0\.0\.1:.*\b3001\b.*\/health\b/.test(health) || /disable: true/.test(health))
    problems.push(`${label}: the worker healthcheck does not GET /health on port 3001: ${health}`);
  if (!/^    depends_on:\n      api:\n        condition: service_healthy$/m.test(worker))
    problems.push(`${label}: the worker does not wait for a healthy api`);
  for (const name of ['WORKER_PORT', 'BOTS', 'BOT_CONCURRENCY', 'LLM_API_KEY', 'LLM_BASE_URL'])
    if (!new RegExp(`^      ${name}:`, 'm').test(worker))
      problems.push(`${label}: the worker service does not get ${name}`);
  const noSecret = spawn(['config', '-q'], composeEnv({}));
  if (noSecret.status === 0 || !/JWT_SECRET/.test(noSecret.stderr + noSecret.stdout))
    problems.push(`${label} accepted the file without JWT_SECRET (it must refuse to start)`);
  return problems;
}

check('docker-compose (v1.29) config', () => {
  if (!tools['docker-compose'])
    return missing('docker-compose', `apt-get install docker-compose, or ${INSTALL_HINT}`);
  return checkCompose('docker-compose', tools['docker-compose'], []);
});

check('docker compose (v2) config', () => {
  if (!tools['docker compose']) return skip('no `docker compose` plugin');
  return checkCompose('docker compose', tools['docker compose'], ['compose']);
});

// ---------------------------------------------------------------------------------------------
// Helm chart

const helmEnv = {
  HELM_CACHE_HOME: join(work, 'helm', 'cache'),
  HELM_CONFIG_HOME: join(work, 'helm', 'config'),
  HELM_DATA_HOME: join(work, 'helm', 'data'),
};
const setFlags = (values) => values.flatMap((v) => ['--set', v]);
const helm = (args) => run(tools.helm, args, { env: helmEnv });
const template = (values, extra = []) =>
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
function documents(yaml) {
  return yaml
    .split(/^---\s*$/m)
    .map((text) => ({
      text,
      kind: text.match(/^kind:\s*(\S+)/m)?.[1],
      name: text.match(/^metadata:\n(?:  .*\n)*?  name:\s*(\S+)/m)?.[1],
    }))
    .filter((d) => d.kind);
}
const rendered = {};

check('helm lint --strict (defaults; all features)', () => {
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
});

check('helm template: defaults, all features, existing secrets, no worker', () => {
  if (!tools.helm) return missing('helm', INSTALL_HINT);
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
  if (problems.length) return problems;

  const kinds = (docs) => docs.map((d) => `${d.kind}/${d.name}`).sort();
  const expectKinds = (variant, want, unwanted = []) => {
    const have = kinds(documents(rendered[variant]));
    for (const k of want)
      if (!have.includes(k))
        problems.push(`${variant}: missing ${k} (rendered: ${have.join(', ')})`);
    for (const k of unwanted) if (have.includes(k)) problems.push(`${variant}: unexpected ${k}`);
  };
  expectKinds(
    'default',
    [
      'ConfigMap/chat-config',
      'Deployment/chat-api',
      'Deployment/chat-web',
      'Job/chat-migrations',
      'Pod/chat-test',
      'PodDisruptionBudget/chat-api',
      'Secret/chat',
      'Secret/chat-migrations',
      'Service/chat-api',
      'Service/chat-web',
      'ServiceAccount/chat',
      'Deployment/chat-worker',
      'PodDisruptionBudget/chat-worker',
    ],
    [
      'HorizontalPodAutoscaler/chat-api',
      'HorizontalPodAutoscaler/chat-worker',
      'Ingress/chat',
      'NetworkPolicy/chat-api',
      'Service/chat-worker',
    ],
  );
  expectKinds('full', [
    'Deployment/chat-worker',
    'PodDisruptionBudget/chat-worker',
    'HorizontalPodAutoscaler/chat-api',
    'HorizontalPodAutoscaler/chat-worker',
    'Ingress/chat',
    'NetworkPolicy/chat-api',
    'NetworkPolicy/chat-web',
    'NetworkPolicy/chat-worker',
  ]);
  expectKinds(
    'existing-secrets',
    ['Deployment/chat-api', 'Service/chat-api'],
    [
      'Secret/chat',
      'Secret/chat-migrations',
      'Job/chat-migrations',
      'Deployment/chat-web',
      'ServiceAccount/chat',
    ],
  );
  expectKinds(
    'no-worker',
    ['Deployment/chat-api', 'NetworkPolicy/chat-api', 'NetworkPolicy/chat-web'],
    [
      'Deployment/chat-worker',
      'PodDisruptionBudget/chat-worker',
      'HorizontalPodAutoscaler/chat-worker',
      'NetworkPolicy/chat-worker',
    ],
  );

  const doc = (variant, id) =>
    documents(rendered[variant]).find((d) => `${d.kind}/${d.name}` === id)?.text ?? '';
  const configKeys = (variant) =>
    Object.fromEntries(
      [...doc(variant, 'ConfigMap/chat-config').matchAll(/^  ([A-Z0-9_]+): "(.*)"$/gm)].map((m) => [
        m[1],
        m[2],
      ]),
    );

  // Every variable in .env.example reaches the pods: in the ConfigMap or from a Secret.
  const envExample = [
    ...readFileSync(join(root, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm),
  ].map((m) => m[1]);
  const full = configKeys('full');
  const secretVars = [
    'JWT_SECRET',
    'DATABASE_URL',
    'REDIS_URL',
    'LLM_API_KEY',
    'VAPID_PRIVATE_KEY',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ];
  for (const name of envExample)
    if (!(name in full) && !secretVars.includes(name))
      problems.push(`.env.example's ${name} is not set by the chart's ConfigMap or Secret`);
  const api = doc('full', 'Deployment/chat-api');
  const workerFull = doc('full', 'Deployment/chat-worker');
  for (const [component, text] of [
    ['API', api],
    ['worker', workerFull],
  ])
    for (const name of secretVars)
      if (!new RegExp(`- name: ${name}\\n\\s+valueFrom:\\n\\s+secretKeyRef:`).test(text))
        problems.push(`the ${component} Deployment does not take ${name} from a Secret`);
  if (/LLM_API_KEY/.test(doc('default', 'Deployment/chat-worker')))
    problems.push('LLM_API_KEY is set although neither llm.apiKey nor llm.existingSecret is');
  if (/LLM_API_KEY/.test(doc('full', 'Job/chat-migrations')))
    problems.push('the migrations Job gets LLM_API_KEY (it needs no LLM)');
  if (/VAPID_PRIVATE_KEY/.test(doc('full', 'Job/chat-migrations')))
    problems.push('the migrations Job gets VAPID_PRIVATE_KEY (it sends no push)');
  if (!/^  VAPID_PRIVATE_KEY: "/m.test(doc('full', 'Secret/chat')))
    problems.push("push.vapidPrivateKey does not reach the chart's Secret");
  if (!/^  LLM_API_KEY: "/m.test(doc('full', 'Secret/chat')))
    problems.push("llm.apiKey does not reach the chart's Secret");

  // Chart-decided variables.
  if (configKeys('default').DB_MIGRATE !== 'false')
    problems.push('DB_MIGRATE must be "false" while the migrations Job runs');
  if (configKeys('existing-secrets').DB_MIGRATE !== 'true')
    problems.push('DB_MIGRATE must be "true" without the Job');
  for (const variant of ['default', 'full'])
    if (configKeys(variant).WORKER_MODE !== 'none')
      problems.push(`${variant}: WORKER_MODE must be "none" when the worker Deployment runs`);
  if (configKeys('no-worker').WORKER_MODE !== 'inline')
    problems.push('no-worker: WORKER_MODE must be "inline" without a worker');

  // API metrics: on their own container port, scraped there, never on the Service's port.
  if (!api.includes('prometheus.io/port: "9464"'))
    problems.push('API Deployment is not scraped on its metrics port (9464)');
  if (!/- name: metrics\n\s+containerPort: 9464\n/.test(api))
    problems.push('API Deployment lacks the metrics container port');
  if (!/ports:\n\s+- port: 9464\n/.test(doc('full', 'NetworkPolicy/chat-api')))
    problems.push('API NetworkPolicy does not let metricsFrom reach the metrics port');
  if (/targetPort: metrics|port: 9464/.test(doc('full', 'Service/chat-api')))
    problems.push('the API Service exposes the metrics port');

  // API pod: probes, shutdown, security.
  const apiDefault = doc('default', 'Deployment/chat-api');
  const grace = Number(apiDefault.match(/terminationGracePeriodSeconds:\s*(\d+)/)?.[1]);
  const shutdown = Number(configKeys('default').SHUTDOWN_TIMEOUT_MS) / 1000;
  if (!(grace > shutdown))
    problems.push(
      `terminationGracePeriodSeconds ${grace} <= SHUTDOWN_TIMEOUT_MS/1000 (${shutdown})`,
    );
  for (const [probe, path] of [
    ['livenessProbe', '/health'],
    ['readinessProbe', '/health/ready'],
    ['startupProbe', '/health'],
  ])
    if (
      !new RegExp(`${probe}:\\n(?:\\s+.*\\n)*?\\s+path: ${path.replace('/', '\\/')}\\n`).test(
        apiDefault,
      )
    )
      problems.push(`API ${probe} does not GET ${path}`);
  for (const needle of [
    'readOnlyRootFilesystem: true',
    'runAsNonRoot: true',
    'mountPath: /tmp',
    'checksum/config:',
    'checksum/secret:',
    'allowPrivilegeEscalation: false',
  ])
    if (!apiDefault.includes(needle)) problems.push(`API Deployment lacks ${needle}`);
  if (/^\s+replicas:/m.test(api))
    problems.push('API Deployment sets replicas while the HPA is enabled');
  if (!/^\s+replicas: 2$/m.test(apiDefault))
    problems.push('API Deployment does not set replicas without the HPA');

  // Worker pod: ops port, probes, shutdown, security, no migrations.
  const worker = doc('default', 'Deployment/chat-worker');
  if (!/- node\n\s+- backend\/dist\/worker\.js\n/.test(worker))
    problems.push('worker Deployment does not run backend/dist/worker.js');
  if (!/- name: ops\n\s+containerPort: 3001\n/.test(worker))
    problems.push('worker container has no port 3001 named ops');
  for (const [probe, path] of [
    ['livenessProbe', '/health'],
    ['readinessProbe', '/health/ready'],
    ['startupProbe', '/health'],
  ])
    if (
      !new RegExp(
        `${probe}:\\n(?:\\s+.*\\n)*?\\s+httpGet:\\n\\s+path: ${path.replace('/', '\\/')}\\n\\s+port: ops\\n`,
      ).test(worker)
    )
      problems.push(`worker ${probe} does not GET ${path} on the ops port`);
  if (!/- name: DB_MIGRATE\n\s+value: "false"\n/.test(worker))
    problems.push('worker Deployment does not set DB_MIGRATE=false (it must never migrate)');
  const workerGrace = Number(worker.match(/terminationGracePeriodSeconds:\s*(\d+)/)?.[1]);
  if (!(workerGrace > shutdown))
    problems.push(
      `worker terminationGracePeriodSeconds ${workerGrace} <= SHUTDOWN_TIMEOUT_MS/1000 (${shutdown})`,
    );
  for (const needle of [
    'readOnlyRootFilesystem: true',
    'runAsNonRoot: true',
    'mountPath: /tmp',
    'checksum/config:',
    'checksum/secret:',
    'allowPrivilegeEscalation: false',
    'prometheus.io/port: "3001"',
    'automountServiceAccountToken: false',
  ])
    if (!worker.includes(needle)) problems.push(`worker Deployment lacks ${needle}`);
  if (/^\s+replicas:/m.test(workerFull))
    problems.push('worker Deployment sets replicas while the HPA is enabled');
  if (!/^\s+replicas: 2$/m.test(worker))
    problems.push('worker Deployment does not set replicas without the HPA');
  const workerHpa = doc('full', 'HorizontalPodAutoscaler/chat-worker');
  if (!/name: cpu\n\s+target:\n\s+type: Utilization\n\s+averageUtilization: 70\n/.test(workerHpa))
    problems.push('worker HPA does not scale on CPU utilisation (70 %)');
  if (!/maxUnavailable: 1\n/.test(doc('default', 'PodDisruptionBudget/chat-worker')))
    problems.push('worker PodDisruptionBudget is not maxUnavailable: 1');
  if (!/- port: 3001\n/.test(doc('full', 'NetworkPolicy/chat-worker')))
    problems.push('worker NetworkPolicy does not let metricsFrom reach the ops port');

  // Migrations hook Job.
  const job = doc('default', 'Job/chat-migrations');
  if (!/helm\.sh\/hook: pre-install,pre-upgrade/.test(job))
    problems.push('migrations Job is not a pre-install,pre-upgrade hook');
  if (!/helm\.sh\/hook-delete-policy:/.test(job))
    problems.push('migrations Job has no hook-delete-policy');
  if (!/- node\n\s+- backend\/dist\/bin\/migrate\.js/.test(job))
    problems.push('migrations Job does not run backend/dist/bin/migrate.js');
  if (/^\s+- name: DB_MIGRATE\n\s+value: "false"/m.test(doc('no-worker', 'Deployment/chat-api')))
    problems.push('API Deployment overrides DB_MIGRATE (only the worker should)');
  if (/configMapRef|secretKeyRef:\n\s+name: chat\n/.test(job))
    problems.push(
      'migrations Job references the release ConfigMap/Secret, which do not exist yet on install',
    );

  // Ingress routes.
  const ingress = doc('full', 'Ingress/chat');
  for (const [path, service] of [
    ['/api', 'chat-api'],
    ['/socket.io', 'chat-api'],
    ['/docs', 'chat-api'],
    ['/docs-json', 'chat-api'],
    ['/health', 'chat-api'],
    ['/', 'chat-web'],
  ])
    if (
      !new RegExp(
        `- path: ${path.replace(/[./]/g, '\\$&')}\\n\\s+pathType: \\w+\\n\\s+backend:\\n\\s+service:\\n\\s+name: ${service}\\n`,
      ).test(ingress)
    )
      problems.push(`Ingress does not route ${path} to ${service}`);
  if (!/proxy-read-timeout/.test(ingress))
    problems.push('Ingress lacks the websocket read timeout annotation');

  // Web: API upstream points at the API Service.
  if (!/name: API_UPSTREAM\n\s+value: "chat-api:3000"/.test(doc('default', 'Deployment/chat-web')))
    problems.push('web Deployment does not point API_UPSTREAM at chat-api:3000');

  // Existing secrets are referenced by name and key.
  const apiExisting = doc('existing-secrets', 'Deployment/chat-api');
  for (const [name, secret, key] of [
    ['JWT_SECRET', 'chat-secrets', 'JWT_SECRET'],
    ['DATABASE_URL', 'chat-db', 'url'],
    ['REDIS_URL', 'chat-redis', 'REDIS_URL'],
  ])
    if (
      !new RegExp(
        `- name: ${name}\\n\\s+valueFrom:\\n\\s+secretKeyRef:\\n\\s+name: ${secret}\\n\\s+key: ${key}\\n`,
      ).test(apiExisting)
    )
      problems.push(`existing-secrets: ${name} is not read from ${secret}/${key}`);
  const workerExisting = doc('existing-secrets', 'Deployment/chat-worker');
  if (
    !/- name: LLM_API_KEY\n\s+valueFrom:\n\s+secretKeyRef:\n\s+name: chat-llm\n\s+key: key\n/.test(
      workerExisting,
    )
  )
    problems.push('existing-secrets: the worker does not read LLM_API_KEY from chat-llm/key');
  return problems;
});

check('helm template: numbers from a values file stay integers', () => {
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
});

check('helm template refuses bad values (schema and required values)', () => {
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
});

check('kubeconform (strict, offline schemas)', () => {
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
});

// ---------------------------------------------------------------------------------------------
const count = (s) => results.filter((r) => r.status === s).length;
process.stdout.write('\n=== deploy-check summary\n');
for (const r of results) {
  const mark = { ok: 'ok  ', FAIL: 'FAIL', SKIP: 'SKIP' }[r.status];
  process.stdout.write(
    `${mark} ${r.name.padEnd(72)} ${r.seconds.toFixed(1)}s${r.status === 'SKIP' ? `  (${r.detail})` : ''}\n`,
  );
}
const skipped = results.filter((r) => r.status === 'SKIP');
if (skipped.length) process.stdout.write(`skipped: ${skipped.map((r) => r.name).join('; ')}\n`);
process.stdout.write(
  `deploy-check: ${count('ok')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped\n`,
);
process.exit(count('FAIL') > 0 ? 1 : 0);
