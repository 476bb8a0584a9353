#!/bin/sh
# Installs the Debian 12 packages that building, testing and the demo need.
# The one list of them all. Usage: scripts/deps.sh [build|check|all]
# Idempotent: installs only what is missing (needs root for that).
set -eu

build_pkgs="build-essential pkg-config linux-headers-amd64 libmnl-dev sparse
	libstrongswan strongswan-libcharon strongswan-charon"
check_pkgs="linux-image-amd64 qemu-system-x86 busybox-static iproute2 kmod cpio
	iputils-ping tcpdump iperf3 wireguard-tools util-linux procps jq python3-yaml
	strongswan-charon strongswan-swanctl libstrongswan
	libstrongswan-standard-plugins libcharon-extra-plugins"
debug_pkgs="linux-source-6.1 bc flex bison libelf-dev libssl-dev xz-utils"

case "${1:-all}" in
build) want=$build_pkgs ;;
check) want="$build_pkgs $check_pkgs" ;;
debug) want="$build_pkgs $check_pkgs $debug_pkgs" ;;
all) want="$build_pkgs $check_pkgs $debug_pkgs" ;;
*) echo "usage: $0 [build|check|debug|all]" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	s=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || true
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
