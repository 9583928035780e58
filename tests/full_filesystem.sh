#!/usr/bin/env bash
# Runs the reliability case that writes to a file system with no space left (a real ENOSPC,
# where the other full-disk case uses a file size limit): the database lives on a small tmpfs
# mounted for it. Mounting needs root; without it the case is reported as skipped (77).
# Usage: full_filesystem.sh RELIABILITY_TESTS_BINARY
set -euo pipefail
binary=$1
mount_point=$(mktemp -d)
if ! mount -t tmpfs -o size=16m,mode=0700 procura-no-space "$mount_point" 2>/dev/null; then
  rmdir "$mount_point"
  echo "cannot mount a tmpfs here (it needs root): skipped"
  exit 77
fi
# A lazy unmount when a server child still holds a file there: the memory is freed once it exits.
trap 'umount "$mount_point" 2>/dev/null || umount -l "$mount_point" 2>/dev/null || true; rmdir "$mount_point" 2>/dev/null || true' EXIT
PROCURA_TEST_SMALL_FILESYSTEM="$mount_point" "$binary" '[enospc]'
