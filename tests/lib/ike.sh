# Helpers for VM tests that run charon through cmapctl, sourced after ktest.sh:
#   . "$KTEST_LIB/ike.sh"; IKE_ROUTERS="hub spoke1 spoke2"
#
# charon is started by "cmapctl load" in its own session, so ktest does not stop
# it with the test: ike.sh installs an EXIT trap that runs "cmapctl flush" in
# every router of $IKE_ROUTERS (then kills any charon left there by its real pid)
# before ktest's own exit checks, which fail a test that leaves a process in a
# namespace.

JQ=/usr/bin/jq
CHARON=/usr/lib/ipsec/charon
IKE_ROUTERS=${IKE_ROUTERS:-}

# charon processes of a namespace, by inode (zombies have no namespace link).
charons_in() { # NS
	local ino p
	ino=$(stat -L -c %i "/run/netns/$1" 2>/dev/null) || return 0
	for p in /proc/[0-9]*; do
		[ "$(stat -L -c %i "$p/ns/net" 2>/dev/null)" = "$ino" ] || continue
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$CHARON" ] && echo "${p#/proc/}"
	done
	return 0
}

# ROUTER's charon runtime directory, as seen from outside charon's mount
# namespace (cmapctl: /run/cryptomap/<inode of the network namespace>).
ike_rtdir() { # ROUTER
	echo "/run/cryptomap/$(stat -L -c %i "/run/netns/$1" 2>/dev/null)"
}

# The end of every router's charon log, for a failed test (before flush
# removes the logs with the runtime directory). IKE_LOG_LINES, default 60.
ike_logs() {
	local r f
	for r in $IKE_ROUTERS; do
		f=$(ike_rtdir "$r")/charon.log
		[ -f "$f" ] || continue
		echo "# --- $r: last lines of charon.log" >&2
		tail -n "${IKE_LOG_LINES:-60}" "$f" | sed 's/^/# /' >&2
	done
}

ike_cleanup() {
	local r p
	for r in $IKE_ROUTERS; do
		[ -e "/run/netns/$r" ] || continue
		n "$r" "$CMAPCTL" flush >/dev/null 2>&1
		for p in $(charons_in "$r"); do kill -KILL "$p" 2>/dev/null; done
	done
}
trap 'rc=$?; set +e; [ $rc = 0 ] || [ $rc = 4 ] || ike_logs; ike_cleanup; (exit $rc); ktest_exit' EXIT

# ROUTER's charon has N established IKE SAs, each with one installed CHILD_SA.
ike_up() { # ROUTER N
	n "$1" "$CMAPCTL" show -j crypto isakmp sa | $JQ -e --argjson n "$2" '
		length == $n and all(.[]; .state == "ESTABLISHED" and
			([.children[] | select(.state == "INSTALLED")] | length) == 1)' >/dev/null
}

# Loads FILE into ROUTER with ARGS, no error, the report in ROUTER.err.
ike_load() { # ROUTER FILE ARGS...
	local r=$1 f=$2
	shift 2
	n "$r" "$CMAPCTL" load "$@" "$f" 2>"$r.err" || { cat "$r.err"; fail "$r: load $*"; }
	! grep -q ': error: ' "$r.err" || { cat "$r.err"; fail "$r: load reported an error"; }
}

# After "cmapctl flush" in every router: no charon, nothing on UDP port 500.
ike_assert_gone() {
	local r st
	for r in $IKE_ROUTERS; do
		n "$r" "$CMAPCTL" flush || fail "$r: flush"
		assert_eq "" "$(charons_in "$r")" "$r: no charon after flush"
		assert_eq "" "$(n "$r" $SS -Huln 'sport = :500')" "$r: nothing holds UDP port 500"
		st=0
		n "$r" "$CMAPCTL" charon status >/dev/null 2>&1 || st=$?
		assert_eq 3 "$st" "$r: charon status after flush (3: not running)"
	done
}

# The seed's IKE state once both tunnels carried traffic (issue 4, test 1),
# as charon reports it: the hub has two IKE SAs in main mode with
# DES/MD5/MODP_768 (Spoke1 initiated; the hub initiated towards Spoke2 when
# Spoke1's packets for 192.168.1.0/24 arrived) and two CHILD_SAs with
# DES_CBC/HMAC_MD5_96 on the access-list lines that matched; each spoke one
# IKE SA and its CHILD_SA.
ike_assert_seed_sas() {
	local sas r
	sas=$(n hub "$CMAPCTL" show -j crypto isakmp sa)
	assert_eq "10.1.4.1 10.1.2.1 QM_IDLE 1 mymap-10
10.1.3.1 10.1.4.1 QM_IDLE 1 mymap-20" \
		"$(echo "$sas" | $JQ -r 'sort_by(.remote_host)[] | "\(.dst) \(.src) \(.ios_state) \(.version) \(.name)"')" \
		"hub: IKE SAs (spoke1 initiated, the hub initiated towards spoke2)"
	assert_eq "DES_CBC HMAC_MD5_96 PRF_HMAC_MD5 MODP_768
DES_CBC HMAC_MD5_96 PRF_HMAC_MD5 MODP_768" \
		"$(echo "$sas" | $JQ -r '.[] | "\(.encr_alg) \(.integ_alg) \(.prf_alg) \(.dh_group)"')" \
		"hub: IKE proposal negotiated"
	assert_eq "10.1.2.1 mymap-10-110-20 ESP TUNNEL DES_CBC HMAC_MD5_96 192.168.1.0/24 172.16.1.0/24
10.1.3.1 mymap-20-120-20 ESP TUNNEL DES_CBC HMAC_MD5_96 172.16.1.0/24 192.168.1.0/24" \
		"$(echo "$sas" | $JQ -r 'sort_by(.remote_host)[] | .remote_host as $p | .children[] |
			"\($p) \(.name) \(.protocol) \(.mode) \(.encr_alg) \(.integ_alg) \(.local_ts | join(",")) \(.remote_ts | join(","))"')" \
		"hub: CHILD_SAs, one per access-list line that matched"
	for r in spoke1 spoke2; do
		assert_eq "1 QM_IDLE DES_CBC/HMAC_MD5_96/MODP_768 ESP:DES_CBC/HMAC_MD5_96" \
			"$(n "$r" "$CMAPCTL" show -j crypto isakmp sa | $JQ -r '"\(length) \(.[0].ios_state) \(.[0].encr_alg)/\(.[0].integ_alg)/\(.[0].dh_group) \(.[0].children[0].protocol):\(.[0].children[0].encr_alg)/\(.[0].children[0].integ_alg)"')" \
			"$r: one IKE SA and its CHILD_SA"
	done
}
