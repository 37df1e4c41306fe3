#!/usr/bin/env bash
# Makes sure a PostgreSQL server is running for truce's tests and prints the
# DSN to use (export it as TRUCE_TEST_POSTGRES). Idempotent and fast when the
# server already runs: then it only checks it and prints the DSN.
#
# When none runs, it installs Debian's postgresql package if missing, creates a
# throw-away cluster (initdb) in a temporary directory owned by a non-root OS
# user (postgres when run as root, else the current user), starts it on a
# loopback port with pg_ctl and creates the test database.
#
# Usage: scripts/postgres.sh            # start if needed, print the DSN
#        scripts/postgres.sh stop       # stop the throw-away server
#        scripts/postgres.sh restart    # restart it (fast shutdown: cuts every
#                                       # connection), waiting until it is up
# Environment: TRUCE_PG_PORT (default 55432), TRUCE_PG_DIR (default
# ${TMPDIR:-/tmp}/truce-pg-$TRUCE_PG_PORT), TRUCE_PG_DB (default truce_test).
set -euo pipefail

port=${TRUCE_PG_PORT:-55432}
dir=${TRUCE_PG_DIR:-${TMPDIR:-/tmp}/truce-pg-$port}
db=${TRUCE_PG_DB:-truce_test}
role=truce
dsn="postgres://$role@127.0.0.1:$port/$db?sslmode=disable"

say() { echo "postgres.sh: $*" >&2; }

bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
	if [ -z "$d" ] && command -v pg_ctl >/dev/null 2>&1; then
		d=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
	fi
	echo "$d"
}

# as runs a command as the OS user that owns the cluster: PostgreSQL refuses
# to run as root.
as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

bin=$(bindir)

if [ "${1:-}" = stop ]; then
	if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
		as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
	fi
	exit 0
fi

if [ "${1:-}" = restart ]; then
	[ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] || { say "no server runs in $dir/data"; exit 1; }
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >&2
	exit 0
fi

if [ -z "$bin" ]; then
	say "installing Debian package postgresql"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
	bin=$(bindir)
fi
[ -n "$bin" ] || { say "no PostgreSQL binaries found after installing"; exit 1; }

ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres; }

if ! ready; then
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		say "creating a throw-away cluster in $dir/data"
		mkdir -p "$dir"
		[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
		chmod 700 "$dir"
		as "$bin/initdb" -D "$dir/data" -U "$role" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			as "$bin/initdb" -D "$dir/data" -U "$role" --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
		cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
CONF
	fi
	rm -f "$dir/data/postmaster.pid" 2>/dev/null || true # stale after a reboot
	say "starting PostgreSQL on 127.0.0.1:$port"
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >&2 ||
		{ tail -20 "$dir/server.log" >&2; exit 1; }
fi

if ! "$bin/psql" -qAt -h 127.0.0.1 -p "$port" -U "$role" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
	"$bin/createdb" -h 127.0.0.1 -p "$port" -U "$role" "$db"
fi
echo "$dsn"
