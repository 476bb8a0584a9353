#!/bin/sh
# Host test: Debian's charon (strongSwan 5.9.8) loads kernel-cryptomap from the
# plugin directory ahead of kernel-netlink and makes it its IPsec backend:
# trap policies and, after IKE between two loopback addresses, SPIs and SAs
# reach our plugin with the values charon negotiated, and XFRM stays empty;
# kernel-netlink stays loaded for the network side. A control run of the same
# configuration with kernel-netlink preferred shows charon's silent fallback
# (trap policies in XFRM, our plugin unloaded), so the checks are known to
# tell the two apart.
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
	# One charon talks IKE to itself: 127.0.0.1 initiates, 127.0.0.2
	# responds. Both ends are ours, so both ends' SAs reach the plugin.
	cat >"$1/ike.conf" <<-EOF
	connections {
	    init {
	        local_addrs = 127.0.0.1
	        remote_addrs = 127.0.0.2
	        local {
	            auth = psk
	            id = cmtest-init
	        }
	        remote {
	            auth = psk
	            id = cmtest-resp
	        }
	        children {
	            net {
	                local_ts = 198.51.100.0/24
	                remote_ts = 203.0.113.0/24
	                esp_proposals = aes128-sha256
	            }
	        }
	    }
	    resp {
	        local_addrs = 127.0.0.2
	        remote_addrs = 127.0.0.1
	        local {
	            auth = psk
	            id = cmtest-resp
	        }
	        remote {
	            auth = psk
	            id = cmtest-init
	        }
	        children {
	            net {
	                local_ts = 203.0.113.0/24
	                remote_ts = 198.51.100.0/24
	                esp_proposals = aes128-sha256
	            }
	        }
	    }
	}
	secrets {
	    ike-cmtest {
	        id-1 = cmtest-init
	        id-2 = cmtest-resp
	        secret = cmtest-loopback-only
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

# Waits up to 5 s for a log line: charon logs from its worker threads.
wait_line() {
	i=0
	while [ $i -lt 50 ]; do
		has_line "$1" "$2" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

check() {	# $1 description, rest: command
	d=$1; shift
	if "$@"; then ok "$d"; else fail "$d"; fi
}

xfrm_empty() {	# $1 namespace
	[ -z "$(ip -n "$1" xfrm policy)" ] && [ -z "$(ip -n "$1" xfrm state)" ]
}

xfrm_has_trap() {	# $1 namespace
	ip -n "$1" xfrm policy | grep -q "src 198.51.100.0/24 dst 203.0.113.0/24"
}

no_line() {	# $1 log, $2 fixed text that must not appear
	! grep -qF -- "$2" "$1"
}

# The SPI a get_spi line reports for $2 ("src -> dst"), empty if none.
spi_of() {
	sed -n "s/.*kernel-cryptomap: get_spi $2 proto 50 -> spi \([0-9a-f]\{8\}\) (random placeholder)$/\1/p" "$1" | head -n 1
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

# --- run 1: the shipped priority, cryptomap is the backend -----------------
run_charon cryptomap ""
ours=$(position "$plugins" kernel-cryptomap)
xfrm=$(position "$plugins" kernel-netlink)
check "kernel-cryptomap is loaded" test "$ours" -gt 0
check "kernel-netlink is still loaded (kernel-net)" test "$xfrm" -gt 0
check "kernel-cryptomap registers before kernel-netlink" test "$ours" -lt "$xfrm"
check "ABI self-test passed, load priority 100" \
	has_line "$LOG" "ABI self-test passed, load priority 100"
check "our IPsec backend was created" has_line "$LOG" "${K}IPsec backend created"
check "kernel-netlink's IPsec half was refused" \
	has_line "$LOG" "feature CUSTOM:kernel-ipsec in plugin 'kernel-netlink' failed to load"
check "IKE sockets asked us for their bypass" has_line "$LOG" "${K}bypass_socket fd"

# Trap policies: charon's first call into a backend for a configuration.
swanctl_in "$D" --load-conns --file "$D/traps.conf" || fail "swanctl --load-conns"
check "trap: add_policy out for the subnets" wait_line "$LOG" \
	"${K}add_policy out 198.51.100.0/24 === 203.0.113.0/24 mark 0/0 if_id 0 iface - label no"
check "trap: add_policy out details (type, class, hosts, reqid)" has_line "$LOG" \
	"${K}add_policy out: type IPSEC prio ROUTED manual 0 sa 127.0.0.1 -> 127.0.0.2 mode TUNNEL reqid 1 esp 00000000 ah -00000000 ipcomp 0/0000 count 1 -> not supported"
check "trap: add_policy in for the subnets" has_line "$LOG" \
	"${K}add_policy in 203.0.113.0/24 === 198.51.100.0/24 mark 0/0 if_id 0 iface - label no"
check "trap: add_policy fwd for the subnets" has_line "$LOG" \
	"${K}add_policy fwd 203.0.113.0/24 === 198.51.100.0/24 mark 0/0 if_id 0 iface - label no"
check "trap: protocol and port selectors" wait_line "$LOG" \
	"${K}add_policy out 198.51.100.7/32[17/5000-5010] === 203.0.113.9/32[17/0-65535]"

# IKE on loopback: SPIs we hand out come back in add_sa with the negotiated
# algorithms (the skeleton refuses the SAs, so no CHILD_SA is established).
swanctl_in "$D" --load-all --file "$D/ike.conf" || fail "swanctl --load-all"
swanctl_in "$D" --initiate --ike init --child net --timeout 10 || true
wait_line "$LOG" "${K}add_sa out spi" || true
spi_in=$(spi_of "$LOG" "127.0.0.1 -> 127.0.0.2")	# responder's inbound
spi_out=$(spi_of "$LOG" "127.0.0.2 -> 127.0.0.1")	# initiator's inbound
say "# SPIs allocated: $spi_in (127.0.0.1 -> 127.0.0.2), $spi_out (127.0.0.2 -> 127.0.0.1)"
check "get_spi allocated both SPIs" test -n "$spi_in" -a -n "$spi_out"
check "add_sa in carries our SPI and the SA's addresses" has_line "$LOG" \
	"${K}add_sa in spi $spi_in proto 50 127.0.0.1 -> 127.0.0.2 mark 0/0 if_id 0"
check "add_sa in: reqid, mode, negotiated algorithms, key sizes, replay" has_line "$LOG" \
	"${K}add_sa $spi_in: reqid 1 mode TUNNEL enc AES_CBC (128-bit key) int HMAC_SHA2_256_128 (256-bit key) esn 0 replay 32"
check "add_sa in: selectors (peer's === ours)" has_line "$LOG" \
	"${K}add_sa $spi_in: ts 198.51.100.0/24 === 203.0.113.0/24"
# swanctl defaults: rekey 3600 s minus up to 360 s jitter, hard limit 3960 s
check "add_sa in: lifetimes (s, bytes, packets)" grep -qE \
	"\\[KNL\\] kernel-cryptomap: add_sa $spi_in: lifetime s 3960/3[0-9]{3}/360 bytes 0/0/0 packets 0/0/0 \\(life/rekey/jitter\\)\$" "$LOG"
check "add_sa in: flags (responder, SPI was allocated)" has_line "$LOG" \
	"${K}add_sa $spi_in: encap 0 ipcomp 0 cpi 0000 tfc 0 hw_offload 0 set_mark 0/0 copy_df 1 copy_ecn 1 copy_dscp 0 initiator 0 update 1 iface - label no"
check "add_sa out uses the SPI the other end got from us" has_line "$LOG" \
	"${K}add_sa out spi $spi_out proto 50 127.0.0.2 -> 127.0.0.1 mark 0/0 if_id 0"
check "add_sa out: flags (no SPI allocated here)" has_line "$LOG" \
	"${K}add_sa $spi_out: encap 0 ipcomp 0 cpi 0000 tfc 0 hw_offload 0 set_mark 0/0 copy_df 1 copy_ecn 1 copy_dscp 0 initiator 0 update 0 iface - label no"
check "XFRM holds no policy and no state" xfrm_empty "$NS"

stop_charon "$CHARON_PID"
check "charon stopped and destroyed our backend" has_line "$LOG" "${K}destroy"

# --- run 2, control: kernel-netlink preferred, charon falls back to XFRM ----
run_charon control "kernel-netlink { load = 200 }"
check "control: kernel-cryptomap unloaded, kernel-netlink loaded" \
	test "$(position "$plugins" kernel-cryptomap)" -eq 0 -a "$(position "$plugins" kernel-netlink)" -gt 0
check "control: our kernel-ipsec feature was refused" \
	has_line "$LOG" "feature CUSTOM:kernel-ipsec in plugin 'kernel-cryptomap' failed to load"
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
