#!/bin/sh
# Writes PgBouncer's configuration from the environment, then runs it in the foreground.
set -eu
umask 077
dir=$(mktemp -d)
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > "$dir/userlist.txt"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=${DB_HOST} port=${DB_PORT:-5432}

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
; Transaction pooling: a server connection serves one transaction, then the next client's.
pool_mode = transaction
default_pool_size = ${DEFAULT_POOL_SIZE:-40}
max_client_conn = ${MAX_CLIENT_CONN:-2000}
ignore_startup_parameters = extra_float_digits,options
INI
exec pgbouncer "$dir/pgbouncer.ini"
