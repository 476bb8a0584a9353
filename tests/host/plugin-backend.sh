#!/bin/sh
# Host test: Debian's charon (strongSwan 5.9.8) finds kernel-cryptomap in the
# plugin directory ahead of kernel-netlink, and without cryptomap.ko (the host
# runs another kernel) the plugin refuses to load, loudly, rather than become
# a backend that cannot work. A control run with kernel-netlink preferred
# shows charon's silent fallback (trap policies in XFRM, our plugin unloaded).
# The plugin as charon's working backend is tested in the VM
# (tests/vm-tests/ike-cmap.sh), where the module is.
#
# charon runs in a throwaway network namespace with only loopback, in a
# private mount namespace whose /run is a temporary directory (pid file, vici
# socket, log: all /run/charon.*, paths Debian's AppArmor profile allows) and
# whose plugin directory shows the freshly built plugin next to Debian's.
# Nothing on the host changes and no packet leaves the namespace.
#
# Exit status: 0 pass, 1 fail, 4 skip (not root, no network namespaces).
set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
PLUGIN_SO=$REPO/plugin/libstrongswan-kernel-cryptomap.so
SNIPPET=$REPO/plugin/kernel-cryptomap.conf
CHARON=/usr/lib/ipsec/charon
PLUGINDIR=/usr/lib/ipsec/plugins

TMP=
NAMESPACES=
PIDS=
failures=0

say() { printf '%s\n' "$*"; }
ok() { say "ok - $*"; }
fail() { say "not ok - $*"; failures=$((failures + 1)); }
skip() { say "SKIP: $*"; exit 4; }
die() { say "FAIL: $*"; exit 1; }

stop_charon() {	# $1: pid from charon's own pid file
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while [ -d "/proc/$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$1" 2>/dev/null || true
}

cleanup() {
	set +e
	for p in $PIDS; do stop_charon "$p"; done
	wait 2>/dev/null
	for ns in $NAMESPACES; do ip netns del "$ns" 2>/dev/null; done
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || skip "needs root (network and mount namespaces)"
command -v unshare >/dev/null || skip "no unshare(1)"
[ -x "$CHARON" ] || die "$CHARON missing (scripts/deps.sh check installs strongSwan)"
command -v swanctl >/dev/null || die "swanctl missing"
[ -f "$PLUGIN_SO" ] || die "$PLUGIN_SO not built (make -C plugin)"

TMP=$(mktemp -d /tmp/cmtest.XXXXXX)
probe=cmtest-probe-$$
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces"
ip netns del "$probe"
host_pidfile=$(cat /run/charon.pid 2>/dev/null || echo absent)

# $1 run directory, $2 extra lines for charon.plugins (the control's priority)
write_config() {
	mkdir -p "$1/run" "$1/plugins"
	cp -p "$PLUGINDIR"/*.so "$1/plugins/"
	cp -p "$PLUGIN_SO" "$1/plugins/"
	cp "$SNIPPET" "$1/run/charon.kernel-cryptomap.conf"
	cat >"$1/run/charon.strongswan.conf" <<-EOF
	charon {
	    load_modular = yes
	    plugins {
	        include /etc/strongswan.d/charon/*.conf
	        include /run/charon.kernel-cryptomap.conf
	        $2
	    }
	    filelog {
	        cmtest {
	            path = /run/charon.log
	            default = 1
	            lib = 2
	            flush_line = yes
	            append = no
	        }
	    }
	}
	EOF
	# Selectors from the documentation ranges; nothing is ever sent to them.
	cat >"$1/traps.conf" <<-EOF
	connections {
	    cmtest {
	        local_addrs = 127.0.0.1
	        remote_addrs = 127.0.0.2
	        local {
	            auth = psk
	        }
	        remote {
	            auth = psk
	        }
	        children {
	            subnets {
	                local_ts = 198.51.100.0/24
	                remote_ts = 203.0.113.0/24
	                esp_proposals = aes128-sha256
	                start_action = trap
	            }
	            service {
	                local_ts = 198.51.100.7/32[udp/5000-5010]
	                remote_ts = 203.0.113.9/32[udp]
	                esp_proposals = aes128-sha256
	                start_action = trap
	            }
	        }
	    }
	}
	EOF
}

# $1 run directory, $2 namespace; sets CHARON_PID
start_charon() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	ip netns exec "$2" unshare --mount --propagation private sh -c '
		mount --bind "$1/run" /run &&
		mount --bind "$1/plugins" "$2" &&
		STRONGSWAN_CONF=/run/charon.strongswan.conf exec "$3"
	' sh "$1" "$PLUGINDIR" "$CHARON" >"$1/charon.out" 2>&1 &
	i=0
	while [ $i -lt 150 ]; do
		if [ -S "$1/run/charon.vici" ] && [ -s "$1/run/charon.pid" ]; then
			break
		fi
		sleep 0.1; i=$((i + 1))
	done
	CHARON_PID=$(cat "$1/run/charon.pid" 2>/dev/null || true)
	if [ -z "$CHARON_PID" ]; then
		cat "$1/charon.out" "$1/run/charon.log" 2>/dev/null
		die "charon did not start"
	fi
	PIDS="$PIDS $CHARON_PID"
	# `ip netns exec ... &` may be a wrapper: the pid file is charon's own
	[ "$(readlink "/proc/$CHARON_PID/exe")" = "$CHARON" ] || die "pid $CHARON_PID is not charon"
	[ "$(ip netns identify "$CHARON_PID")" = "$2" ] || die "charon $CHARON_PID not in $2"
}

swanctl_in() {	# $1 run directory, rest: swanctl arguments; output to $1/swanctl.out
	d=$1; shift
	swanctl "$@" --uri "unix://$d/run/charon.vici" >>"$d/swanctl.out" 2>&1
}

loaded_plugins() {	# $1 run directory
	swanctl --stats --uri "unix://$1/run/charon.vici" 2>/dev/null |
		sed -n 's/^loaded plugins: //p'
}

# $1 plugin list, $2 name: prints the position of $2 (0 if absent)
position() {
	printf '%s\n' "$1" | tr ' ' '\n' | grep -nx -- "$2" | cut -d: -f1 | grep . || echo 0
}

has_line() {	# $1 log, $2 fixed text that must appear in one line
	grep -qF -- "$2" "$1"
}

check() {	# $1 description, rest: command
	d=$1; shift
	if "$@"; then ok "$d"; else fail "$d"; fi
}

xfrm_has_trap() {	# $1 namespace
	ip -n "$1" xfrm policy | grep -q "src 198.51.100.0/24 dst 203.0.113.0/24"
}

no_line() {	# $1 log, $2 fixed text that must not appear
	! grep -qF -- "$2" "$1"
}

# $1 run name, $2 extra charon.plugins lines: a namespace with loopback up
# and a charon in it; sets D, NS, LOG, CHARON_PID and plugins.
run_charon() {
	D=$TMP/$1
	NS=cmtest-$$-$1
	NAMESPACES="$NAMESPACES $NS"
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	write_config "$D" "$2"
	start_charon "$D" "$NS"
	LOG=$D/run/charon.log
	plugins=$(loaded_plugins "$D")
	say "# $1: loaded plugins: $plugins"
}

K='[KNL] kernel-cryptomap: '

# --- run 1: the shipped priority, but no cryptomap.ko ------------------------
# The host runs another kernel than the module is built for, so the generic
# netlink family "cryptomap" is missing here: the plugin must refuse to load,
# loudly (level 0), instead of becoming a backend that fails every call. With
# Debian's plugin configuration charon then takes XFRM; cmapctl, which
# checks the loaded plugins, refuses to run such a charon (host/ike-charon.sh).
# The plugin working as the backend is the VM's test (vm-tests/ike-cmap.sh).
run_charon cryptomap ""
if [ -d /sys/module/cryptomap ]; then
	ok "# SKIP refusal without the module: cryptomap.ko is loaded on this host"
else
	check "no module: the refusal is logged at level 0" has_line "$LOG" \
		"${K}ERROR: the generic netlink family \"cryptomap\" does not exist: cryptomap.ko is not loaded; not loading"
	check "no module: kernel-cryptomap not loaded" \
		test "$(position "$plugins" kernel-cryptomap)" -eq 0
	check "no module: the ABI self-test had passed (the refusal is the module's absence)" \
		no_line "$LOG" "ABI self-test failed"
	check "no module: kernel-netlink is the backend (what cmapctl refuses)" \
		test "$(position "$plugins" kernel-netlink)" -gt 0
	check "no module: none of our backend's calls" no_line "$LOG" "${K}IPsec backend created"
fi
stop_charon "$CHARON_PID"

# --- run 2, control: kernel-netlink preferred, charon falls back to XFRM ----
run_charon control "kernel-netlink { load = 200 }"
check "control: kernel-cryptomap unloaded, kernel-netlink loaded" \
	test "$(position "$plugins" kernel-cryptomap)" -eq 0 -a "$(position "$plugins" kernel-netlink)" -gt 0
# (with cryptomap.ko our feature is refused for coming second; without it the
# plugin itself refuses first)
control_refused() {
	has_line "$LOG" "feature CUSTOM:kernel-ipsec in plugin 'kernel-cryptomap' failed to load" ||
		has_line "$LOG" "plugin 'kernel-cryptomap': failed to load - kernel_cryptomap_plugin_create returned NULL"
}
check "control: our kernel-ipsec backend was not taken" control_refused
swanctl_in "$D" --load-conns --file "$D/traps.conf" || fail "control: swanctl --load-conns"
i=0
while [ $i -lt 50 ] && ! xfrm_has_trap "$NS"; do
	sleep 0.1; i=$((i + 1))
done
check "control: the same trap lands in XFRM" xfrm_has_trap "$NS"
check "control: none of our add_policy calls" no_line "$LOG" "kernel-cryptomap: add_policy"
stop_charon "$CHARON_PID"

check "host's /run/charon.pid untouched" \
	test "$(cat /run/charon.pid 2>/dev/null || echo absent)" = "$host_pidfile"

if [ $failures -ne 0 ]; then
	for d in "$TMP/cryptomap" "$TMP/control"; do
		for f in "$d/run/charon.log" "$d/swanctl.out" "$d/charon.out"; do
			[ -f "$f" ] || continue
			say "# --- $f"
			sed 's/^/#   /' "$f"
		done
	done
	say "FAIL: $failures check(s) failed"
	exit 1
fi
say "PASS"
