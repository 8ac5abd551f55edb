# PgBouncer from Debian's package, in transaction pooling, configured from the environment
# (docker-compose.scale.yml): DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DEFAULT_POOL_SIZE.
FROM debian:bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends pgbouncer=1.18.* \
  && rm -rf /var/lib/apt/lists/*
COPY deploy/pgbouncer-entrypoint.sh /usr/local/bin/pgbouncer-entrypoint
USER postgres
EXPOSE 6432
ENTRYPOINT ["/usr/local/bin/pgbouncer-entrypoint"]
