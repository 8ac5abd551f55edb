// The Dockerfiles: a structural check that needs no tool, and hadolint.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { INSTALL_HINT, missing, root, run, tools } from './context.mjs';

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

/** The API and web images: stages, COPY sources vs .dockerignore, user, healthcheck. */
export const dockerfiles = () => [
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
];

/** hadolint over both Dockerfiles. */
export function hadolint() {
  if (!tools.hadolint) return missing('hadolint', INSTALL_HINT);
  const r = run(tools.hadolint, ['--no-color', 'deploy/api.Dockerfile', 'deploy/web.Dockerfile']);
  return r.code === 0 ? [] : [(r.out + r.err).trim()];
}
