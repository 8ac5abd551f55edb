// The values the Helm chart is rendered with: required, every feature on, no worker, existing
// secrets; and the Kubernetes version it renders for.

// Kubernetes version helm renders for (capabilities): the newest we have schemas for.
export const KUBE_VERSION = '1.37.0';
// Values that every install must provide (see helm/chat/values.yaml).
export const REQUIRED_VALUES = [
  'secret.jwtSecret=0123456789abcdefghijklmnopqrstuvwxyzABCD',
  'database.url=postgres://chat:secret@postgres.example:5432/chat',
  'redis.url=redis://redis.example:6379',
];
export const FULL_VALUES = [
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
  'mail.smtpUrl=smtp://mailer:secret@smtp.example.com:587',
  'config.OIDC_ISSUER=https://id.example.com/realms/acme',
  'config.OIDC_CLIENT_ID=chat',
  'oidc.clientSecret=oidc-client-secret',
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
  'config.OUTBOUND_ALLOW=keycloak.internal',
  'prometheusRule.enabled=true',
  'prometheusRule.labels.release=kube-prometheus-stack',
  // Scaled out: the URL above read as PgBouncer's, PostgreSQL itself for the lock and LISTEN.
  'database.directUrl=postgres://chat:secret@postgres-direct.example:5432/chat',
  // A read replica for history and search.
  'database.readUrl=postgres://chat_reader:secret@postgres-replica.example:5432/chat',
  'redis.cluster=true',
  'config.OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector.observability:4318',
  'config.OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
  'config.OTEL_TRACES_SAMPLER=parentbased_traceidratio',
  'config.OTEL_TRACES_SAMPLER_ARG=0.25',
  'config.SENTRY_DSN=https://public@sentry.example.com/7',
  'config.SENTRY_ENVIRONMENT=production',
  // Encryption at rest: the keys go into the chart's Secret.
  'encryption.keys=k1:IEX7pqZ5URQKdIaI+G7SMdf/pVn2tq2Ib3pCsJBbS28=',
  'encryption.indexKey=8rDERTeVmEPIjgji9OzyR7FYcKrmaemUgme1jF4ZXeQ=',
  // Archives on the chart's backup volume.
  'backup.enabled=true',
  'backup.timeZone=Europe/Berlin',
];
// The bot worker off: the API produces bot replies in-process. Autoscaling and NetworkPolicies
// on, to prove no worker object renders even then.
export const NO_WORKER_VALUES = [
  'worker.enabled=false',
  // Archives to an S3 prefix, the files on the uploads volume.
  'backup.enabled=true',
  'backup.destination=s3://chat-backups/nightly',
  'worker.autoscaling.enabled=true',
  'networkPolicy.enabled=true',
];
export const EXISTING_SECRET_VALUES = [
  'secret.existingSecret=chat-secrets',
  'database.existingSecret=chat-db',
  'database.existingSecretKey=url',
  'database.existingSecretDirectKey=direct-url',
  'database.existingSecretReadKey=read-url',
  'redis.existingSecret=chat-redis',
  'migrations.enabled=false',
  'web.enabled=false',
  'serviceAccount.create=false',
  'serviceAccount.name=chat-runner',
  'llm.existingSecret=chat-llm',
  'llm.existingSecretKey=key',
];
