#!/bin/bash
# Host test of charon's life cycle under cmapctl, in throwaway network
# namespaces that have only loopback (nothing is ever sent: the selectors are
# documentation ranges and no packet matches them):
#
#   - load --ike-backend xfrm starts Debian's charon with its own runtime
#     directory /run/cryptomap/<netns inode>/ (mode 0700, secrets 0600), in a
#     private mount namespace, as nobody's child; trap policies reach XFRM;
#   - a reload of the same file changes nothing in charon, a changed line
#     reinstalls only its child;
#   - status, show crypto isakmp sa (empty), clear, stop, start (reloads the
#     configuration), flush (removes it all); two namespaces side by side;
#   - the default backend: kernel-cryptomap is charon's IPsec backend, and a
#     kernel-cryptomap that does not load makes start fail loudly instead of
#     running on XFRM.
#
# Exit status: 0 pass, 1 fail, 4 skip (not root, no network namespaces).
set -u

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CMAPCTL=$REPO/userspace/cmapctl
PLUGIN_SO=$REPO/plugin/libstrongswan-kernel-cryptomap.so
PLUGINDIR=/usr/lib/ipsec/plugins
CHARON=/usr/lib/ipsec/charon

failures=0
NAMESPACES=""
TMP=""
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }
check() { # DESCRIPTION CMD...
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
skip() { echo "SKIP: $*"; exit 4; }

# The pids of charon processes in namespace $1 (by inode, zombies excluded).
charons_in() {
	local ino p
	ino=$(stat -L -c %i "/run/netns/$1" 2>/dev/null) || return 0
	for p in /proc/[0-9]*; do
		[ "$(stat -L -c %i "$p/ns/net" 2>/dev/null)" = "$ino" ] || continue
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$CHARON" ] && echo "${p#/proc/}"
	done
}

cleanup() {
	local ns p
	for ns in $NAMESPACES; do
		ip netns exec "$ns" "$CMAPCTL" flush >/dev/null 2>&1
		for p in $(charons_in "$ns"); do kill -KILL "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || skip "needs root (network and mount namespaces)"
[ -x "$CHARON" ] && [ -x /usr/sbin/swanctl ] || skip "strongSwan (charon, swanctl) not installed"
[ -x "$CMAPCTL" ] || { echo "FAIL: $CMAPCTL not built"; exit 1; }
probe=cmt-probe-$$
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces"
ip netns del "$probe"
TMP=$(mktemp -d /tmp/cmt-ike.XXXXXX)
host_pidfile=$(cat /run/charon.pid 2>/dev/null || echo absent)

ns_new() { # NAME: a namespace with loopback up
	ip netns add "$1"
	NAMESPACES="$NAMESPACES $1"
	ip -n "$1" link set lo up
}

A=cmt-ike-$$-a B=cmt-ike-$$-b C=cmt-ike-$$-c
ns_new "$A"
ns_new "$B"
ns_new "$C"
cm() { # NS ARGS...: cmapctl in NS, from $TMP; output in $TMP/out, $TMP/err, $rc
	local ns=$1
	shift
	rc=0
	(cd "$TMP" && ip netns exec "$ns" "$CMAPCTL" "$@") >"$TMP/out" 2>"$TMP/err" || rc=$?
}

cat >"$TMP/lo.cfg" <<'EOF'
crypto isakmp policy 10
 hash md5
 authentication pre-share
crypto isakmp key loopback-only-key address 127.0.0.2
crypto ipsec transform-set ts esp-des esp-md5-hmac
crypto map m 10 ipsec-isakmp
 set peer 127.0.0.2
 set transform-set ts
 match address 101
interface lo
 crypto map m
access-list 101 permit ip 198.51.100.0 0.0.0.255 203.0.113.0 0.0.0.255
access-list 101 permit tcp host 198.51.100.7 203.0.113.0 0.0.0.255 eq 80
EOF

# --- xfrm backend: start, files, traps -------------------------------------
cm "$A" load --ike-backend xfrm lo.cfg
check "load --ike-backend xfrm: exit 0" [ "$rc" = 0 ]
pid=$(sed -n 's/^lo.cfg: note: charon (pid \([0-9]*\), xfrm backend) got 1 IKE connection, 2 children (one per access-list permit line), 1 pre-shared key$/\1/p' "$TMP/err")
check "load says what charon got" [ -n "$pid" ]
pid=${pid:-0}
ino=$(stat -L -c %i "/run/netns/$A")
dir=/run/cryptomap/$ino
check "runtime directory named by the namespace's inode" [ -d "$dir" ]
check "its pid file names charon" [ "$(cat "$dir/charon.pid" 2>/dev/null)" = "$pid" ]
check "pid $pid is charon" [ "$(readlink "/proc/$pid/exe")" = "$CHARON" ]
check "charon runs in its namespace" [ "$(ip netns identify "$pid")" = "$A" ]
check "charon has its own mount namespace" \
	[ "$(readlink "/proc/$pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]
check "charon leads its own session, not a child of cmapctl's" \
	[ "$(awk '{ print $6 }' "/proc/$pid/stat")" = "$pid" ]
modes=$(cd "$dir" && stat -c '%n %a' . secrets.conf swanctl.conf charon.conf)
check "modes: directory 700, secrets.conf 600, swanctl.conf and charon.conf 644" \
	[ "$modes" = "$(printf '. 700\nsecrets.conf 600\nswanctl.conf 644\ncharon.conf 644')" ]
check "swanctl.conf includes the secrets" grep -qx 'include secrets.conf' "$dir/swanctl.conf"
check "secrets.conf holds the key (hex)" \
	grep -qx "        secret = 0x$(printf '%s' loopback-only-key | od -An -tx1 | tr -d ' \n')" \
	"$dir/secrets.conf"
pol=$(ip -n "$A" xfrm policy)
check "trap: out policy of the subnets in XFRM" grep -q \
	'src 198.51.100.0/24 dst 203.0.113.0/24' <<<"$pol"
check "trap: its template goes from lo to the peer" grep -q \
	'tmpl src 127.0.0.1 dst 127.0.0.2' <<<"$pol"
check "trap: the port line has its own policy" grep -q \
	'src 198.51.100.7/32 dst 203.0.113.0/24 proto tcp dport 80' <<<"$pol"
check "host's /run/charon.pid untouched" \
	[ "$(cat /run/charon.pid 2>/dev/null || echo absent)" = "$host_pidfile" ]

cm "$A" charon status
check "charon status: exit 0" [ "$rc" = 0 ]
check "charon status: running, pid, XFRM" grep -q "^charon: running, pid $pid, since " "$TMP/out"
check "charon status: the backend" grep -qx 'IPsec backend: XFRM (kernel-netlink)' "$TMP/out"
check "charon status: netns and directory" grep -qx "runtime directory: $dir" "$TMP/out"
cm "$A" charon status -j
check "charon status -j" grep -q "^{\"running\":true,\"pid\":$pid,\"netns\":\"$A\",\"netns_inode\":$ino,\"dir\":\"$dir\",\"backend\":\"xfrm\"," "$TMP/out"

# --- reloads are incremental -----------------------------------------------
log=$dir/charon.log
inst() { grep -c "\] installing '$1'\$" "$log"; }
n10=$(inst m-10-101-10) n20=$(inst m-10-101-20)
cm "$A" load --ike-backend xfrm lo.cfg
check "reload: exit 0" [ "$rc" = 0 ]
check "reload: same charon" [ "$(cat "$dir/charon.pid")" = "$pid" ]
sleep 0.3
check "reload of the same file: connection kept (updated, not replaced)" \
	grep -q 'updated vici connection: m-10' "$log"
check "reload of the same file: no child reinstalled" \
	[ "$(inst m-10-101-10) $(inst m-10-101-20)" = "$n10 $n20" ]
sed -i 's/eq 80$/eq 443/' "$TMP/lo.cfg"
cm "$A" load --ike-backend xfrm lo.cfg
sleep 0.3
check "changed line: only its child reinstalled" \
	[ "$(inst m-10-101-10) $(inst m-10-101-20)" = "$n10 $((n20 + 1))" ]
check "changed line: XFRM has the new port" grep -q 'proto tcp dport 443' \
	<<<"$(ip -n "$A" xfrm policy)"

# --- show and clear, with no SA --------------------------------------------
cm "$A" show crypto isakmp sa
check "show crypto isakmp sa: the IOS header, no SA" \
	[ "$(cat "$TMP/out")" = "dst             src             state          conn-id slot" ]
cm "$A" show -j crypto isakmp sa
check "show -j crypto isakmp sa: []" [ "$(cat "$TMP/out")" = "[]" ]
cm "$A" sh cry isa sa det
check "sh cry isa sa det: the detail header" grep -q '^C-id  Local           Remote' "$TMP/out"
cm "$A" clear crypto sa
check "clear crypto sa: exit 0" [ "$rc" = 0 ]
cm "$A" clear crypto sa peer 127.0.0.2
check "clear crypto sa peer: exit 0" [ "$rc" = 0 ]
cm "$A" clear crypto isakmp
check "clear crypto isakmp: exit 0" [ "$rc" = 0 ]
cm "$A" clear crypto sa peer nonsense
check "clear crypto sa peer nonsense: usage error" [ "$rc" = 1 ]

# --- a second namespace, side by side --------------------------------------
cm "$B" load --ike-backend xfrm lo.cfg
check "second namespace: load exit 0" [ "$rc" = 0 ]
pid_b=$(cat "/run/cryptomap/$(stat -L -c %i "/run/netns/$B")/charon.pid" 2>/dev/null)
check "second namespace: its own charon" [ -n "$pid_b" ] && [ "$pid_b" != "$pid" ] &&
	[ "$(ip netns identify "$pid_b")" = "$B" ]
cm "$A" charon status
check "first charon still running" [ "$rc" = 0 ]

# --- stop, start, flush ------------------------------------------------------
cm "$A" charon stop
check "charon stop: exit 0" [ "$rc" = 0 ]
check "charon stop: the process is gone" [ -z "$(charons_in "$A")" ]
cm "$A" charon status
check "charon status after stop: exit 3" [ "$rc" = 3 ]
check "charon status after stop: not running" grep -qx 'charon: not running' "$TMP/out"
check "stop: charon took its traps with it" [ -z "$(ip -n "$A" xfrm policy)" ]
cm "$A" charon start
check "charon start: exit 0, configuration loaded" [ "$rc" = 0 ] &&
	grep -q 'connections loaded' "$TMP/out"
check "charon start: the traps are back" grep -q 'src 198.51.100.0/24 dst 203.0.113.0/24' \
	<<<"$(ip -n "$A" xfrm policy)"
check "charon start: the recorded backend (xfrm)" grep -q '"backend":"xfrm"' \
	<<<"$(ip netns exec "$A" "$CMAPCTL" charon status -j)"
for ns in "$A" "$B"; do
	d=/run/cryptomap/$(stat -L -c %i "/run/netns/$ns")
	cm "$ns" flush
	check "flush ($ns): exit 0 without cryptomap.ko" [ "$rc" = 0 ]
	check "flush ($ns): no charon left" [ -z "$(charons_in "$ns")" ]
	check "flush ($ns): runtime directory removed" [ ! -e "$d" ]
	check "flush ($ns): XFRM empty" [ -z "$(ip -n "$ns" xfrm policy)$(ip -n "$ns" xfrm state)" ]
done

# --- the default backend: kernel-cryptomap -----------------------------------
if [ -e "$PLUGINDIR/libstrongswan-kernel-cryptomap.so" ]; then
	ok "# SKIP missing plugin: kernel-cryptomap is installed on this host"
else
	cm "$C" charon start --ike-backend cryptomap
	check "plugin not installed: start refused" [ "$rc" = 1 ] &&
		grep -q 'the kernel-cryptomap plugin is not installed' "$TMP/err"
	check "plugin not installed: no charon" [ -z "$(charons_in "$C")" ]
fi
if [ ! -f "$PLUGIN_SO" ]; then
	not_ok "kernel-cryptomap backend: $PLUGIN_SO not built (make -C plugin)"
else
	# charon sees the built plugin in its plugin directory (a private
	# mount namespace: the host's is left alone)
	mkdir -p "$TMP/plugins" "$TMP/bad-plugins"
	cp -p "$PLUGINDIR"/*.so "$TMP/plugins/"
	cp -p "$PLUGINDIR"/*.so "$TMP/bad-plugins/"
	cp "$PLUGIN_SO" "$TMP/plugins/"
	# a file of that name that is not our plugin: charon cannot load it
	cp "$PLUGINDIR/libstrongswan-md5.so" "$TMP/bad-plugins/libstrongswan-kernel-cryptomap.so"
	cm_plugins() { # NS PLUGIN-DIR ARGS...
		local ns=$1 pd=$2
		shift 2
		rc=0
		(cd "$TMP" && ip netns exec "$ns" unshare --mount --propagation private \
			sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
			"$pd" "$PLUGINDIR" "$CMAPCTL" "$@") >"$TMP/out" 2>"$TMP/err" || rc=$?
	}
	cm_plugins "$C" "$TMP/bad-plugins" charon start
	check "kernel-cryptomap that does not load: start fails" [ "$rc" = 1 ]
	check "kernel-cryptomap that does not load: said loudly, no XFRM fallback" \
		grep -q 'charon did not take kernel-cryptomap as its IPsec backend' "$TMP/err"
	check "kernel-cryptomap that does not load: charon stopped" [ -z "$(charons_in "$C")" ]
	cm_plugins "$C" "$TMP/plugins" charon start
	d=/run/cryptomap/$(stat -L -c %i "/run/netns/$C")
	if [ ! -d /sys/module/cryptomap ]; then
		# The host runs another kernel: no cryptomap.ko, so the plugin
		# must refuse to load and cmapctl must not let charon fall back
		# to XFRM. The positive path runs in the VM (vm/ike-cmap).
		check "no cryptomap.ko: start refused" [ "$rc" = 1 ]
		check "no cryptomap.ko: said loudly, no XFRM fallback" \
			grep -q 'charon did not take kernel-cryptomap as its IPsec backend' "$TMP/err"
		check "no cryptomap.ko: charon stopped" [ -z "$(charons_in "$C")" ]
		check "no cryptomap.ko: XFRM empty" \
			[ -z "$(ip -n "$C" xfrm policy)$(ip -n "$C" xfrm state)" ]
	else
		check "kernel-cryptomap backend: start exit 0" [ "$rc" = 0 ]
		cm "$C" charon status
		check "kernel-cryptomap backend: status says so" \
			grep -qx 'IPsec backend: cryptomap.ko (kernel-cryptomap)' "$TMP/out"
		plugins=$(sed -n 's/^plugins: //p' "$TMP/out")
		pos() { tr ' ' '\n' <<<"$plugins" | grep -nx "$1" | cut -d: -f1; }
		check "kernel-cryptomap loaded ahead of kernel-netlink" \
			[ "$(pos kernel-cryptomap)" -lt "$(pos kernel-netlink)" ]
		check "kernel-cryptomap created charon's IPsec backend" \
			grep -q 'kernel-cryptomap: IPsec backend created' "$d/charon.log"
	fi
	cm "$C" flush
	check "kernel-cryptomap backend: flush stops it" [ -z "$(charons_in "$C")" ]
fi

if [ "$failures" != 0 ]; then
	for f in /run/cryptomap/*/charon.log "$TMP/err"; do
		[ -f "$f" ] && sed "s|^|# $f: |" "$f" | tail -n 30
	done
	echo "FAIL: $failures check(s) failed"
	exit 1
fi
echo "PASS"
