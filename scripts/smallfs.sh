#!/usr/bin/env bash
# Mounts a small tmpfs for truce's disk-full test and prints its mount point
# (export it as TRUCE_TEST_SMALLFS); 'umount DIR' removes it again. Needs
# root (or sudo); prints nothing and exits 0 when it cannot mount, so that
# the test then skips and says why.
#
# Usage: scripts/smallfs.sh              # mount, print the mount point
#        scripts/smallfs.sh umount DIR   # unmount and remove DIR
# Environment: TRUCE_SMALLFS_SIZE (default 128m: room for a PostgreSQL cluster).
set -euo pipefail

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"

if [ "${1:-}" = umount ]; then
	dir=${2:?usage: scripts/smallfs.sh umount DIR}
	$sudo umount "$dir" 2>/dev/null || true
	rmdir "$dir" 2>/dev/null || true
	exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/truce-smallfs-XXXXXX")
if $sudo mount -t tmpfs -o "size=${TRUCE_SMALLFS_SIZE:-128m},mode=0711" tmpfs "$dir" 2>/dev/null; then
	echo "$dir"
else
	echo "smallfs.sh: cannot mount a tmpfs (not root, no sudo?): the disk-full test will skip" >&2
	rmdir "$dir"
fi
