#!/bin/sh
# Prints the release of Debian 12's kernel (linux-image-amd64, 6.1.0-N-amd64)
# as installed here. The N changes with Debian updates: never hard-code it.
set -eu
dep=$(dpkg-query -W -f '${Depends}' linux-image-amd64 2>/dev/null || true)
ver=$(printf '%s\n' "$dep" | sed -n 's/.*linux-image-\([0-9][^ ,]*-amd64\).*/\1/p' | head -n1)
if [ -z "$ver" ]; then
	ver=$(ls -d /lib/modules/6.1.*-amd64 2>/dev/null | sort -V | tail -n1 | xargs -r basename)
fi
[ -n "$ver" ] || { echo "kver: Debian's linux-image-amd64 (6.1) is not installed" >&2; exit 1; }
echo "$ver"
