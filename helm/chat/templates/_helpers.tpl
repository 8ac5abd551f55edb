{{/* Chart name, truncated to the 63 characters Kubernetes allows in a label. */}}
{{- define "chat.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified release name, the prefix of every resource name. Kept to 52 characters so that
the longest suffix ("-migrations", 11) still fits 63.
*/}}
{{- define "chat.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "chat.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource. Call with (dict "ctx" $ "component" "api"). */}}
{{- define "chat.labels" -}}
helm.sh/chart: {{ include "chat.chart" .ctx }}
{{ include "chat.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: chat
{{- end -}}

{{/* Selector labels (immutable once a Deployment exists). Call with (dict "ctx" $ "component" "api"). */}}
{{- define "chat.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chat.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{- define "chat.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "chat.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* image reference; call with (dict "image" .Values.api.image "ctx" $). Tag defaults to appVersion. */}}
{{- define "chat.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag | toString) -}}
{{- end -}}

{{/*
A value as an environment-variable string. Numbers from values.yaml arrive as float64, which
would print 1000000 as "1e+06": whole numbers are printed as integers.
*/}}
{{- define "chat.envString" -}}
{{- if kindIs "float64" . -}}
{{- if eq . (floor .) -}}{{- int64 . -}}{{- else -}}{{- . -}}{{- end -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/* API port, from config.PORT. */}}
{{- define "chat.apiPort" -}}
{{- include "chat.envString" .Values.config.PORT -}}
{{- end -}}

{{/* The API's operations port (/metrics, /health, /health/ready), from config.METRICS_PORT. */}}
{{- define "chat.apiMetricsPort" -}}
{{- include "chat.envString" (default 9464 .Values.config.METRICS_PORT) -}}
{{- end -}}

{{/* Port of the worker's ops endpoints (/health, /health/ready, /metrics), from config.WORKER_PORT. */}}
{{- define "chat.workerPort" -}}
{{- include "chat.envString" (default 3001 .Values.config.WORKER_PORT) -}}
{{- end -}}

{{/*
Non-secret configuration of the API, worker and migrations, as KEY: "value" lines: every
non-empty key of .Values.config, plus the variables the chart decides. Used by the ConfigMap
and (inline) by the migrations Job, which runs before the ConfigMap exists.
*/}}
{{- define "chat.configData" -}}
{{- range $key, $value := .Values.config }}
{{- if ne (toString $value) "" }}
{{ $key }}: {{ include "chat.envString" $value | quote }}
{{- end }}
{{- end }}
DB_MIGRATE: {{ ternary "false" "true" .Values.migrations.enabled | quote }}
WORKER_MODE: {{ ternary "none" "inline" .Values.worker.enabled | quote }}
{{- if eq (toString .Values.config.SENTRY_RELEASE) "" }}
{{- /* Error reports name the release the images are: the one version of the chart. */}}
SENTRY_RELEASE: {{ printf "chat@%s" .Chart.AppVersion | quote }}
{{- end }}
{{- end -}}

{{/* Name of the Secret the chart creates for the values under secret/database/redis. */}}
{{- define "chat.secretName" -}}
{{- include "chat.fullname" . -}}
{{- end -}}

{{/*
The three secret variables as (name, secret, key) triples: from an existing Secret when one is
named, else from the chart's Secret (or, for the migrations hook, its hook Secret).
Call with (dict "ctx" $ "chartSecret" "<name of the chart-managed secret>").
*/}}
{{- define "chat.secretEnv" -}}
{{- $v := .ctx.Values -}}
- name: JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $v.secret.existingSecret | default .chartSecret }}
      key: {{ ternary $v.secret.existingSecretKey "JWT_SECRET" (ne $v.secret.existingSecret "") }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.database.existingSecret | default .chartSecret }}
      key: {{ ternary $v.database.existingSecretKey "DATABASE_URL" (ne $v.database.existingSecret "") }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.redis.existingSecret | default .chartSecret }}
      key: {{ ternary $v.redis.existingSecretKey "REDIS_URL" (ne $v.redis.existingSecret "") }}
{{- if $v.redis.cluster }}
- name: REDIS_CLUSTER
  value: "true"
{{- end }}
{{- if include "chat.hasDirectDatabaseUrl" .ctx }}
- name: DATABASE_DIRECT_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.database.existingSecret | default .chartSecret }}
      key: {{ ternary $v.database.existingSecretDirectKey "DATABASE_DIRECT_URL" (ne $v.database.existingSecret "") }}
{{- end }}
{{- if include "chat.hasReadDatabaseUrl" .ctx }}
- name: DATABASE_READ_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.database.existingSecret | default .chartSecret }}
      key: {{ ternary $v.database.existingSecretReadKey "DATABASE_READ_URL" (ne $v.database.existingSecret "") }}
{{- end }}
{{- end -}}

{{/* True ("true") when DATABASE_READ_URL is set: database.readUrl, or its key in existingSecret. */}}
{{- define "chat.hasReadDatabaseUrl" -}}
{{- if ternary .Values.database.existingSecretReadKey .Values.database.readUrl (ne .Values.database.existingSecret "") -}}
true
{{- end -}}
{{- end -}}

{{/* True ("true") when DATABASE_DIRECT_URL is set: database.directUrl, or its key in existingSecret. */}}
{{- define "chat.hasDirectDatabaseUrl" -}}
{{- if ternary .Values.database.existingSecretDirectKey .Values.database.directUrl (ne .Values.database.existingSecret "") -}}
true
{{- end -}}
{{- end -}}

{{/* Data of a chart-managed Secret: only the values not taken from an existing Secret. */}}
{{- define "chat.secretData" -}}
{{- if not .Values.secret.existingSecret }}
JWT_SECRET: {{ .Values.secret.jwtSecret | b64enc | quote }}
{{- end }}
{{- if not .Values.database.existingSecret }}
DATABASE_URL: {{ .Values.database.url | b64enc | quote }}
{{- if .Values.database.directUrl }}
DATABASE_DIRECT_URL: {{ .Values.database.directUrl | b64enc | quote }}
{{- end }}
{{- if .Values.database.readUrl }}
DATABASE_READ_URL: {{ .Values.database.readUrl | b64enc | quote }}
{{- end }}
{{- end }}
{{- if not .Values.redis.existingSecret }}
REDIS_URL: {{ .Values.redis.url | b64enc | quote }}
{{- end }}
{{- end -}}

{{/*
True ("true") when one of JWT_SECRET, DATABASE_URL, REDIS_URL comes from the chart's Secret (the
migrations hook then needs its own copy).
*/}}
{{- define "chat.needsSecret" -}}
{{- if or (not .Values.secret.existingSecret) (not .Values.database.existingSecret) (not .Values.redis.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/* True ("true") when LLM_API_KEY comes from the chart's Secret (llm.apiKey, no existingSecret). */}}
{{- define "chat.needsLlmSecret" -}}
{{- if and .Values.llm.apiKey (not .Values.llm.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/*
LLM_API_KEY as an env entry, when there is one (llm.existingSecret or llm.apiKey): only the API
and worker pods get it, never the migrations hook.
*/}}
{{- define "chat.llmSecretEnv" -}}
{{- if or .Values.llm.existingSecret .Values.llm.apiKey -}}
- name: LLM_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.llm.existingSecret | default (include "chat.secretName" .) }}
      key: {{ ternary .Values.llm.existingSecretKey "LLM_API_KEY" (ne .Values.llm.existingSecret "") }}
{{- end -}}
{{- end -}}

{{/* True ("true") when the S3 keys come from the chart's Secret (s3.*, no existingSecret). */}}
{{- define "chat.needsS3Secret" -}}
{{- if and .Values.s3.accessKeyId .Values.s3.secretAccessKey (not .Values.s3.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/*
S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY as env entries, when there are any: the API and worker
pods, never the migrations hook.
*/}}
{{- define "chat.s3SecretEnv" -}}
{{- if or .Values.s3.existingSecret (include "chat.needsS3Secret" .) -}}
{{- $name := .Values.s3.existingSecret | default (include "chat.secretName" .) -}}
- name: S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary .Values.s3.accessKeyIdKey "S3_ACCESS_KEY_ID" (ne .Values.s3.existingSecret "") }}
- name: S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary .Values.s3.secretAccessKeyKey "S3_SECRET_ACCESS_KEY" (ne .Values.s3.existingSecret "") }}
{{- end -}}
{{- end -}}

{{/* The PersistentVolumeClaim of local-disk uploads, when one is used. */}}
{{- define "chat.uploadsClaim" -}}
{{- if and (not .Values.config.S3_BUCKET) .Values.uploads.persistence.enabled -}}
{{- .Values.uploads.persistence.existingClaim | default (printf "%s-uploads" (include "chat.fullname" .)) -}}
{{- end -}}
{{- end -}}

{{/* The uploads volume mount of the API and worker containers (local-disk storage only). */}}
{{- define "chat.uploadsMount" -}}
{{- if not .Values.config.S3_BUCKET -}}
- name: uploads
  mountPath: {{ .Values.config.UPLOADS_DIR }}
{{- end -}}
{{- end -}}

{{/* The uploads volume: the claim, or an emptyDir. */}}
{{- define "chat.uploadsVolume" -}}
{{- if not .Values.config.S3_BUCKET -}}
- name: uploads
{{- with include "chat.uploadsClaim" . }}
  persistentVolumeClaim:
    claimName: {{ . }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .Values.uploads.emptyDir.sizeLimit }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* True ("true") when VAPID_PRIVATE_KEY comes from the chart's Secret (push.vapidPrivateKey). */}}
{{- define "chat.needsPushSecret" -}}
{{- if and .Values.push.vapidPrivateKey (not .Values.push.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/*
VAPID_PRIVATE_KEY as an env entry, when there is one (push.existingSecret or push.vapidPrivateKey):
the API and worker pods, never the migrations hook.
*/}}
{{- define "chat.pushSecretEnv" -}}
{{- if or .Values.push.existingSecret .Values.push.vapidPrivateKey -}}
- name: VAPID_PRIVATE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.push.existingSecret | default (include "chat.secretName" .) }}
      key: {{ ternary .Values.push.existingSecretKey "VAPID_PRIVATE_KEY" (ne .Values.push.existingSecret "") }}
{{- end -}}
{{- end -}}

{{/* True ("true") when SMTP_URL comes from the chart's Secret (mail.smtpUrl). */}}
{{- define "chat.needsMailSecret" -}}
{{- if and .Values.mail.smtpUrl (not .Values.mail.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/*
SMTP_URL (it may carry a password) as an env entry, when there is one (mail.existingSecret or
mail.smtpUrl): the API and worker pods, never the migrations hook.
*/}}
{{- define "chat.mailSecretEnv" -}}
{{- if or .Values.mail.existingSecret .Values.mail.smtpUrl -}}
- name: SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.mail.existingSecret | default (include "chat.secretName" .) }}
      key: {{ ternary .Values.mail.existingSecretKey "SMTP_URL" (ne .Values.mail.existingSecret "") }}
{{- end -}}
{{- end -}}

{{/* True ("true") when the encryption keys come from the chart's Secret (encryption.keys). */}}
{{- define "chat.needsEncryptionSecret" -}}
{{- if and .Values.encryption.keys (not .Values.encryption.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/*
ENCRYPTION_KEYS and ENCRYPTION_INDEX_KEY as env entries, when encryption at rest is on
(encryption.existingSecret or encryption.keys): the API and worker pods only.
*/}}
{{- define "chat.encryptionSecretEnv" -}}
{{- if or .Values.encryption.existingSecret .Values.encryption.keys -}}
- name: ENCRYPTION_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ .Values.encryption.existingSecret | default (include "chat.secretName" .) }}
      key: {{ ternary .Values.encryption.keysKey "ENCRYPTION_KEYS" (ne .Values.encryption.existingSecret "") }}
- name: ENCRYPTION_INDEX_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.encryption.existingSecret | default (include "chat.secretName" .) }}
      key: {{ ternary .Values.encryption.indexKeyKey "ENCRYPTION_INDEX_KEY" (ne .Values.encryption.existingSecret "") }}
{{- end -}}
{{- end -}}

{{/* True ("true") when OIDC_CLIENT_SECRET comes from the chart's Secret (oidc.clientSecret). */}}
{{- define "chat.needsOidcSecret" -}}
{{- if and .Values.oidc.clientSecret (not .Values.oidc.existingSecret) -}}
true
{{- end -}}
{{- end -}}

{{/* OIDC_CLIENT_SECRET as an env entry, when there is one: the API pods only (they sign people in). */}}
{{- define "chat.oidcSecretEnv" -}}
{{- if or .Values.oidc.existingSecret .Values.oidc.clientSecret -}}
- name: OIDC_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.oidc.existingSecret | default (include "chat.secretName" .) }}
      key: {{ ternary .Values.oidc.existingSecretKey "OIDC_CLIENT_SECRET" (ne .Values.oidc.existingSecret "") }}
{{- end -}}
{{- end -}}

{{/* extraEnv (a map of NAME: value) as env entries. */}}
{{- define "chat.extraEnv" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ include "chat.envString" $value | quote }}
{{- end }}
{{- end -}}

{{/* Default termination grace: the API's shutdown budget + the preStop pause + 5 s margin. */}}
{{- define "chat.apiTerminationGrace" -}}
{{- $shutdown := div (int64 (include "chat.envString" .Values.config.SHUTDOWN_TIMEOUT_MS)) 1000 -}}
{{- $floor := add $shutdown (int64 .Values.api.preStopSleepSeconds) -}}
{{- if kindIs "invalid" .Values.api.terminationGracePeriodSeconds -}}
{{- add $floor 5 -}}
{{- else -}}
{{- $set := int64 .Values.api.terminationGracePeriodSeconds -}}
{{- if le $set $floor -}}
{{- fail (printf "api.terminationGracePeriodSeconds (%d) must exceed SHUTDOWN_TIMEOUT_MS/1000 + api.preStopSleepSeconds (%d), or Kubernetes kills pods mid-shutdown" $set $floor) -}}
{{- end -}}
{{- $set -}}
{{- end -}}
{{- end -}}

{{/* Default termination grace of the worker: its shutdown budget + 5 s margin (no preStop pause). */}}
{{- define "chat.workerTerminationGrace" -}}
{{- $floor := div (int64 (include "chat.envString" .Values.config.SHUTDOWN_TIMEOUT_MS)) 1000 -}}
{{- if kindIs "invalid" .Values.worker.terminationGracePeriodSeconds -}}
{{- add $floor 5 -}}
{{- else -}}
{{- $set := int64 .Values.worker.terminationGracePeriodSeconds -}}
{{- if le $set $floor -}}
{{- fail (printf "worker.terminationGracePeriodSeconds (%d) must exceed SHUTDOWN_TIMEOUT_MS/1000 (%d), or Kubernetes kills workers before they hand back their jobs" $set $floor) -}}
{{- end -}}
{{- $set -}}
{{- end -}}
{{- end -}}

{{/* Fails the render with one clear line per missing required value. */}}
{{- define "chat.validate" -}}
{{- $problems := list -}}
{{- if and (not .Values.secret.existingSecret) (not .Values.secret.jwtSecret) -}}
{{- $problems = append $problems "secret.jwtSecret is required (32+ random characters: --set secret.jwtSecret=$(openssl rand -base64 48)), or name a Secret in secret.existingSecret" -}}
{{- end -}}
{{- if and (not .Values.database.existingSecret) (not .Values.database.url) -}}
{{- $problems = append $problems "database.url is required (postgres://USER:PASSWORD@HOST:5432/DB, PostgreSQL 16+), or name a Secret in database.existingSecret" -}}
{{- end -}}
{{- if and (not .Values.redis.existingSecret) (not .Values.redis.url) -}}
{{- $problems = append $problems "redis.url is required (redis://HOST:6379 or rediss://..., Redis 7+), or name a Secret in redis.existingSecret" -}}
{{- end -}}
{{- if and .Values.api.autoscaling.enabled (not (dig "requests" "cpu" "" .Values.api.resources)) -}}
{{- $problems = append $problems "api.autoscaling needs api.resources.requests.cpu (the HPA scales on CPU utilisation of the request)" -}}
{{- end -}}
{{- if and .Values.worker.enabled .Values.worker.autoscaling.enabled (not (dig "requests" "cpu" "" .Values.worker.resources)) -}}
{{- $problems = append $problems "worker.autoscaling needs worker.resources.requests.cpu (the HPA scales on CPU utilisation of the request)" -}}
{{- end -}}
{{- if and .Values.config.OIDC_ISSUER (or (not .Values.config.OIDC_CLIENT_ID) (not .Values.config.PUBLIC_URL)) -}}
{{- $problems = append $problems "config.OIDC_ISSUER needs config.OIDC_CLIENT_ID and config.PUBLIC_URL (the redirect URI starts with it)" -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n  - %s" (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}

{{/* The backup CronJob's volume claim, when its archives go to a volume (no S3 destination). */}}
{{- define "chat.backupClaim" -}}
{{- if not .Values.backup.destination -}}
{{- .Values.backup.persistence.existingClaim | default (printf "%s-backups" (include "chat.fullname" .)) -}}
{{- end -}}
{{- end -}}
