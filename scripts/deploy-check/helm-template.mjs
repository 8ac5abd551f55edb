// `helm template` of the four variants and what each rendering must (and must not) contain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_HINT, missing, root, tools } from './context.mjs';
import { configKeys, doc, documents, renderVariants, rendered } from './helm-render.mjs';

/** Renders defaults, all features, existing secrets and no worker; checks every rendering. */
export function helmTemplate() {
  if (!tools.helm) return missing('helm', INSTALL_HINT);
  const problems = renderVariants();
  if (problems.length) return problems;
  return [
    renderedObjects,
    environmentReachesPods,
    chartDecidedVariables,
    apiMetrics,
    apiPod,
    workerPod,
    migrationsJob,
    ingressRoutes,
    webUpstream,
    existingSecrets,
  ].flatMap((part) => part());
}

/** SHUTDOWN_TIMEOUT_MS of the default rendering, in seconds. */
const shutdownSeconds = () => Number(configKeys('default').SHUTDOWN_TIMEOUT_MS) / 1000;

/** Each variant renders the objects its values switch on, and none that they switch off. */
function renderedObjects() {
  const problems = [];
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
      'CronJob/chat-backup',
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
    'CronJob/chat-backup',
    'PersistentVolumeClaim/chat-backups',
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
    [
      'Deployment/chat-api',
      'NetworkPolicy/chat-api',
      'NetworkPolicy/chat-web',
      'CronJob/chat-backup',
    ],
    [
      'PersistentVolumeClaim/chat-backups',
      'Deployment/chat-worker',
      'PodDisruptionBudget/chat-worker',
      'HorizontalPodAutoscaler/chat-worker',
      'NetworkPolicy/chat-worker',
    ],
  );
  return problems;
}

/** Every variable in .env.example reaches the pods: in the ConfigMap or from a Secret; secrets only where needed. */
function environmentReachesPods() {
  const problems = [];
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
    'SMTP_URL',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ];
  // Only the API signs people in.
  const apiSecretVars = ['OIDC_CLIENT_SECRET'];
  // Set on the pods only when their values are (the full render sets them all).
  const optionalPodVars = [
    'DATABASE_DIRECT_URL',
    'DATABASE_READ_URL',
    'REDIS_CLUSTER',
    'ENCRYPTION_KEYS',
    'ENCRYPTION_INDEX_KEY',
  ];
  const api = doc('full', 'Deployment/chat-api');
  const workerFull = doc('full', 'Deployment/chat-worker');
  for (const name of envExample)
    if (
      !(name in full) &&
      !secretVars.includes(name) &&
      !apiSecretVars.includes(name) &&
      !optionalPodVars.includes(name)
    )
      problems.push(`.env.example's ${name} is not set by the chart's ConfigMap or Secret`);
  for (const name of optionalPodVars)
    for (const [component, text] of [
      ['API', api],
      ['worker', workerFull],
    ])
      if (!new RegExp(`- name: ${name}\\n`).test(text))
        problems.push(`the ${component} Deployment does not get ${name} in the full render`);
  for (const [component, text] of [
    ['API', api],
    ['worker', workerFull],
  ])
    for (const name of secretVars)
      if (!new RegExp(`- name: ${name}\\n\\s+valueFrom:\\n\\s+secretKeyRef:`).test(text))
        problems.push(`the ${component} Deployment does not take ${name} from a Secret`);
  for (const name of apiSecretVars) {
    if (!new RegExp(`- name: ${name}\\n\\s+valueFrom:\\n\\s+secretKeyRef:`).test(api))
      problems.push(`the API Deployment does not take ${name} from a Secret`);
    if (new RegExp(name).test(workerFull)) problems.push(`the worker Deployment gets ${name}`);
  }
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
  return problems;
}

/** Variables the chart decides: DB_MIGRATE and WORKER_MODE. */
function chartDecidedVariables() {
  const problems = [];
  if (configKeys('default').DB_MIGRATE !== 'false')
    problems.push('DB_MIGRATE must be "false" while the migrations Job runs');
  if (configKeys('existing-secrets').DB_MIGRATE !== 'true')
    problems.push('DB_MIGRATE must be "true" without the Job');
  for (const variant of ['default', 'full'])
    if (configKeys(variant).WORKER_MODE !== 'none')
      problems.push(`${variant}: WORKER_MODE must be "none" when the worker Deployment runs`);
  if (configKeys('no-worker').WORKER_MODE !== 'inline')
    problems.push('no-worker: WORKER_MODE must be "inline" without a worker');
  return problems;
}

/** API metrics: on their own container port, scraped there, never on the Service's port. */
function apiMetrics() {
  const problems = [];
  const api = doc('full', 'Deployment/chat-api');
  if (!api.includes('prometheus.io/port: "9464"'))
    problems.push('API Deployment is not scraped on its metrics port (9464)');
  if (!/- name: metrics\n\s+containerPort: 9464\n/.test(api))
    problems.push('API Deployment lacks the metrics container port');
  if (!/ports:\n\s+- port: 9464\n/.test(doc('full', 'NetworkPolicy/chat-api')))
    problems.push('API NetworkPolicy does not let metricsFrom reach the metrics port');
  if (/targetPort: metrics|port: 9464/.test(doc('full', 'Service/chat-api')))
    problems.push('the API Service exposes the metrics port');
  return problems;
}

/** The probes of the API and worker containers and the path each GETs. */
const PROBES = [
  ['livenessProbe', '/health'],
  ['readinessProbe', '/health/ready'],
  ['startupProbe', '/health'],
];

/** What every pod of the chart sets: read-only root, non-root, a /tmp, config checksums. */
const HARDENED = [
  'readOnlyRootFilesystem: true',
  'runAsNonRoot: true',
  'mountPath: /tmp',
  'checksum/config:',
  'checksum/secret:',
  'allowPrivilegeEscalation: false',
];

/** The `needles` a component's Deployment text lacks, as problems. */
const lacks = (component, text, needles) =>
  needles.filter((n) => !text.includes(n)).map((n) => `${component} Deployment lacks ${n}`);

/** No replicas with the HPA on (`withHpa`), 2 without it (`withoutHpa`). */
function replicasUnlessHpa(component, withHpa, withoutHpa) {
  const problems = [];
  if (/^\s+replicas:/m.test(withHpa))
    problems.push(`${component} Deployment sets replicas while the HPA is enabled`);
  if (!/^\s+replicas: 2$/m.test(withoutHpa))
    problems.push(`${component} Deployment does not set replicas without the HPA`);
  return problems;
}

/** API pod: probes, shutdown, security, replicas. */
function apiPod() {
  const problems = [];
  const api = doc('full', 'Deployment/chat-api');
  const apiDefault = doc('default', 'Deployment/chat-api');
  const grace = Number(apiDefault.match(/terminationGracePeriodSeconds:\s*(\d+)/)?.[1]);
  const shutdown = shutdownSeconds();
  if (!(grace > shutdown))
    problems.push(
      `terminationGracePeriodSeconds ${grace} <= SHUTDOWN_TIMEOUT_MS/1000 (${shutdown})`,
    );
  for (const [probe, path] of PROBES)
    if (
      !new RegExp(`${probe}:\\n(?:\\s+.*\\n)*?\\s+path: ${path.replace('/', '\\/')}\\n`).test(
        apiDefault,
      )
    )
      problems.push(`API ${probe} does not GET ${path}`);
  problems.push(...lacks('API', apiDefault, HARDENED));
  problems.push(...replicasUnlessHpa('API', api, apiDefault));
  return problems;
}

/** Worker pod: ops port, probes, shutdown, security, no migrations, scaling. */
function workerPod() {
  const problems = [];
  const workerFull = doc('full', 'Deployment/chat-worker');
  const shutdown = shutdownSeconds();
  const worker = doc('default', 'Deployment/chat-worker');
  if (!/- node\n\s+- backend\/dist\/worker\.js\n/.test(worker))
    problems.push('worker Deployment does not run backend/dist/worker.js');
  if (!/- name: ops\n\s+containerPort: 3001\n/.test(worker))
    problems.push('worker container has no port 3001 named ops');
  for (const [probe, path] of PROBES)
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
  problems.push(
    ...lacks('worker', worker, [
      ...HARDENED,
      'prometheus.io/port: "3001"',
      'automountServiceAccountToken: false',
    ]),
  );
  problems.push(...replicasUnlessHpa('worker', workerFull, worker));
  const workerHpa = doc('full', 'HorizontalPodAutoscaler/chat-worker');
  if (!/name: cpu\n\s+target:\n\s+type: Utilization\n\s+averageUtilization: 70\n/.test(workerHpa))
    problems.push('worker HPA does not scale on CPU utilisation (70 %)');
  if (!/maxUnavailable: 1\n/.test(doc('default', 'PodDisruptionBudget/chat-worker')))
    problems.push('worker PodDisruptionBudget is not maxUnavailable: 1');
  if (!/- port: 3001\n/.test(doc('full', 'NetworkPolicy/chat-worker')))
    problems.push('worker NetworkPolicy does not let metricsFrom reach the ops port');
  return problems;
}

/** Migrations: a pre-install/pre-upgrade hook Job that needs nothing the release creates. */
function migrationsJob() {
  const problems = [];
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
  return problems;
}

/** Ingress: every path to its Service, websocket timeouts. */
function ingressRoutes() {
  const problems = [];
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
  return problems;
}

/** Web: API upstream points at the API Service. */
function webUpstream() {
  const problems = [];
  if (!/name: API_UPSTREAM\n\s+value: "chat-api:3000"/.test(doc('default', 'Deployment/chat-web')))
    problems.push('web Deployment does not point API_UPSTREAM at chat-api:3000');
  return problems;
}

/** Existing secrets are referenced by name and key. */
function existingSecrets() {
  const problems = [];
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
}
