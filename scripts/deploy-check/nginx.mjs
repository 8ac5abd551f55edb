// The web image's nginx config: structure without a tool, syntax with nginx -t.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { skip } from './runner.mjs';
import { root, run, tools, work } from './context.mjs';

/** deploy/nginx.conf: the one placeholder, included files the image has, proxied paths. */
export function nginxConfig() {
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
}

/** nginx -t on the template rendered as the image renders it. */
export function nginxSyntax() {
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
}
