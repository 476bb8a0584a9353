# shellcheck shell=dash disable=SC2034
# Helpers for the VM tests, sourced by each test:   . "$KTEST_LIB/ktest.sh"
#
# Works in dash (/bin/sh in the VM) and bash, under `set -e` (which it turns on).
# Every namespace made with ns_add and every process started with spawn is removed when
# the test exits, and the test fails if one of them survives: a test leaves the
# machine as it found it. Exit status: 0 pass, 4 skip (skip "reason"), anything else
# fails. Call real tools by their path ($IP, $PING, ...): see tests/README.md.

set -e

IP=/usr/sbin/ip
TC=/usr/sbin/tc
PING=/usr/bin/ping
TCPDUMP=/usr/bin/tcpdump
IPERF3=/usr/bin/iperf3
WG=/usr/bin/wg
NSTAT=/usr/bin/nstat
SS=/usr/bin/ss
CMAPCTL=/usr/local/sbin/cmapctl
SEED_DIR=${SEED_DIR:-/tests/seed-configs}

ktest_netns=""  # namespaces this test created
ktest_pids=""   # background processes it started

log() { echo "# $*"; }

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Exit code 4 is reported as "ok ... # SKIP reason".
skip() {
	echo "SKIP: $*"
	exit 4
}

assert_eq() { # EXPECTED ACTUAL MESSAGE
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$1', got '$2'"
}

assert_ne() { # UNEXPECTED ACTUAL MESSAGE
	[ "$1" != "$2" ] || fail "${3:-value}: got '$2', which it must not be"
}

assert_match() { # EXTENDED-REGEX TEXT MESSAGE
	printf '%s\n' "$2" | grep -Eq -- "$1" || fail "${3:-text}: '$2' does not match /$1/"
}

# Runs a command; the test fails unless it fails too.
assert_fails() { # MESSAGE CMD...
	local msg=$1
	shift
	if "$@" >/dev/null 2>&1; then fail "$msg: '$*' succeeded"; fi
}

n() { # NS CMD...: run CMD in namespace NS
	local ns=$1
	shift
	$IP netns exec "$ns" "$@"
}

ns_add() { # NS...: new namespaces with lo up, no IPv6, no redirects/rp_filter
	local ns
	for ns in "$@"; do
		$IP netns add "$ns"
		ktest_netns="$ktest_netns $ns"
		n "$ns" $IP link set lo up
		# IPv6 router solicitations and MLD reports would disturb exact counters.
		ns_sysctl "$ns" net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 \
			net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	done
}

ns_del() { # NS...
	local ns keep x
	for ns in "$@"; do
		$IP netns del "$ns"
		keep=""
		for x in $ktest_netns; do [ "$x" = "$ns" ] || keep="$keep $x"; done
		ktest_netns=$keep
	done
}

ns_sysctl() { # NS KEY=VALUE...
	local ns=$1
	shift
	n "$ns" sysctl -q -w "$@"
}

# Starts CMD in NS in the background and remembers its pid (the real program's:
# exec, so that no wrapper process stands in between) in $SPAWN_PID.
spawn() { # NS CMD...
	local ns=$1
	shift
	(exec $IP netns exec "$ns" "$@") &
	SPAWN_PID=$!
	ktest_pids="$ktest_pids $SPAWN_PID"
}

spawn_stop() { # PID: SIGTERM, then SIGKILL after 5 s; waits until it is gone
	local pid=$1 i=0
	kill "$pid" 2>/dev/null || true
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ $i = 50 ] && kill -9 "$pid" 2>/dev/null
		sleep 0.1
	done
	wait "$pid" 2>/dev/null || true
}

# Retries CMD until it succeeds, for at most SECONDS.
wait_until() { # SECONDS CMD...
	local end
	end=$(($(date +%s) + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

module_load() { # NAME...: load, or accept it built in (the debug kernel)
	local m
	for m in "$@"; do
		modprobe -q "$m" 2>/dev/null && continue
		[ -d "/sys/module/$m" ] && continue
		grep -q "/$m.ko\$" "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null &&
			continue
		fail "kernel module $m: not available"
	done
}

need_cryptomap() { # the module under test must be loaded (a missing one is a failure)
	[ -d /sys/module/cryptomap ] || fail "cryptomap.ko is not loaded"
}

need_cmd() { # PATH...: a missing project program is a failure, not a skip
	local c
	for c in "$@"; do [ -x "$c" ] || fail "$c is missing from the VM"; done
}

# Pings: the number of replies out of COUNT (ping's own summary).
pings() { # NS DEST COUNT [PING-ARGS...]
	local ns=$1 dest=$2 count=$3
	shift 3
	n "$ns" $PING -n -q -c "$count" -i 0.2 -W 1 "$@" "$dest" 2>/dev/null |
		sed -n 's/.* \([0-9][0-9]*\) received.*/\1/p' | grep . || echo 0
}

ping_ok() { # NS DEST [PING-ARGS...]: an echo answered, within 5 tries of 2 s each
	local ns=$1 dest=$2 i
	shift 2
	for i in 1 2 3 4 5; do
		n "$ns" $PING -n -q -c 1 -W 2 "$@" "$dest" >/dev/null 2>&1 && return 0
	done
	fail "ping from $ns to $dest: no reply"
}

ping_fails() { # NS DEST [PING-ARGS...]
	local ns=$1 dest=$2
	shift 2
	[ "$(pings "$ns" "$dest" 2 "$@")" = 0 ] || fail "ping from $ns to $dest: answered"
}

# Counters, read inside the namespace.
link_stat() { # NS DEV rx_packets|tx_packets|rx_bytes|tx_bytes|rx_dropped|...
	n "$1" cat "/sys/class/net/$2/statistics/$3"
}

snmp_stat() { # NS GROUP FIELD: from /proc/net/snmp and /proc/net/netstat (Ip Forwarding, TcpExt TCPSACKReorder)
	n "$1" cat /proc/net/snmp /proc/net/netstat | awk -v g="$2:" -v f="$3" '
		$1 == g && !hdr { for (i = 2; i <= NF; i++) col[$i] = i; hdr = 1; next }
		$1 == g && hdr { if (f in col) print $col[f]; exit }'
}

xfrm_stat() { # NS FIELD: from /proc/net/xfrm_stat (XfrmInNoStates, ...)
	n "$1" awk -v f="$2" '$1 == f { print $2 }' /proc/net/xfrm_stat
}

# The inode of a namespace tells whether any process still lives in it.
ktest_ns_inode() { stat -L -c %i "/run/netns/$1" 2>/dev/null; }

ktest_exit() {
	local rc=$? ns pid inodes="" ino p left=""
	set +e
	for pid in $ktest_pids; do spawn_stop "$pid"; done
	for ns in $ktest_netns; do
		ino=$(ktest_ns_inode "$ns")
		[ -n "$ino" ] && inodes="$inodes $ino:$ns"
		$IP netns del "$ns" 2>/dev/null
	done
	# Every object this test made must be gone: no namespace name left behind and no
	# process still running in one of our namespaces.
	for ns in $ktest_netns; do
		[ -e "/run/netns/$ns" ] && left="$left netns:$ns"
	done
	if [ -n "$inodes" ]; then
		for p in /proc/[0-9]*; do
			ino=$(stat -L -c %i "$p/ns/net" 2>/dev/null) || continue
			for x in $inodes; do
				[ "${x%%:*}" = "$ino" ] &&
					left="$left pid:${p#/proc/}($(cat "$p/comm" 2>/dev/null))@${x#*:}"
			done
		done
	fi
	if [ -n "$left" ]; then
		echo "FAIL: left behind:$left" >&2
		[ $rc = 0 ] && rc=1
	fi
	exit $rc
}
trap ktest_exit EXIT
trap 'exit 130' INT TERM

# bash only: name the command that failed under set -e.
if [ -n "${BASH_VERSION:-}" ]; then
	# shellcheck disable=SC3047
	trap 'echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND (status $?)" >&2' ERR
fi

# The KERNEL=debug kernel (KASAN, kmemleak, lockdep, fault injection), for
# tests that run longer there: /init sets KTEST_KERNEL from its release.
ktest_debug_kernel() { [ "$KTEST_KERNEL" = debug ]; }
