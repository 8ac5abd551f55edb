#!/usr/bin/env node
// Offline checks of everything deployment: the Helm chart (helm/chat), docker-compose.yml, the
// Dockerfiles and the nginx config in deploy/. No Kubernetes cluster, Docker engine or network
// is needed. Tools come from PATH or from scripts/install-deploy-tools.sh; a check whose tool
// is missing is SKIPPED with the reason, anything that runs and fails makes the exit code 1.
// The checks live in scripts/deploy-check/.
//
// Usage: node scripts/deploy-check.mjs
// Env:   CHAT_DEPLOY_TOOLS_DIR  where install-deploy-tools.sh put binaries (bin/) and Kubernetes
//                               schemas (kubernetes-json-schema/); default ~/.cache/chat-deploy-tools
//        DEPLOY_CHECK_REQUIRE   comma-separated tools that must not be skipped (e.g. in CI:
//                               helm,kubeconform,docker-compose,hadolint)
import { composeV1, composeV2 } from './deploy-check/compose.mjs';
import { dockerfiles, hadolint } from './deploy-check/dockerfiles.mjs';
import { helmLint } from './deploy-check/helm-lint.mjs';
import { helmTemplate } from './deploy-check/helm-template.mjs';
import { helmNumbers, helmRefusesBadValues } from './deploy-check/helm-values-checks.mjs';
import { kubeconform } from './deploy-check/kubeconform.mjs';
import { alertRules, grafanaDashboards } from './deploy-check/monitoring.mjs';
import { nginxConfig, nginxSyntax } from './deploy-check/nginx.mjs';
import { check, summary } from './deploy-check/runner.mjs';
import { renovateConfig } from './deploy-check/update-bot.mjs';
import { actionlint } from './deploy-check/workflows.mjs';

check('Dockerfiles: stages, COPY sources vs .dockerignore, user, healthcheck', dockerfiles);
check('nginx config: placeholders, includes and proxied paths', nginxConfig);
check('nginx -t on the rendered template', nginxSyntax);
check('hadolint deploy/*.Dockerfile', hadolint);
check('docker-compose (v1.29) config', composeV1);
check('docker compose (v2) config', composeV2);
check('helm lint --strict (defaults; all features)', helmLint);
check('helm template: defaults, all features, existing secrets, no worker', helmTemplate);
check('helm template: numbers from a values file stay integers', helmNumbers);
check('helm template refuses bad values (schema and required values)', helmRefusesBadValues);
check('kubeconform (strict, offline schemas)', kubeconform);
check('alert rules: PromQL parses, reads exported metrics', alertRules);
check('Grafana dashboard: panels, variables, PromQL against exported metrics', grafanaDashboards);
check('actionlint .github/workflows', actionlint);
check('renovate.json: schedule, groups, security updates, the TypeScript pin', renovateConfig);

process.exit(summary());
