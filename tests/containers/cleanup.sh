#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/containers/cleanup.sh [--purge] [CACHE]: stop every container that
# lib.sh may have started with CACHE (default /var/tmp/nsinfo-containers),
# podman, LXC and systemd-nspawn alike.  --purge also deletes CACHE (rootfs,
# podman store and image, LXC containers); the next setup.sh rebuilds it.
set -u
purge=no
if [ "${1:-}" = --purge ]; then purge=yes; shift; fi
CT_CACHE=${1:-${CT_CACHE:-/var/tmp/nsinfo-containers}}
export CT_CACHE
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
[ -d "$CT_CACHE" ] || exit 0
ct_cleanup_all
if [ $purge = yes ]; then
	# (not `podman system reset`: it would also drop networks outside CACHE)
	rm -rf "$CT_CACHE"
fi
exit 0
