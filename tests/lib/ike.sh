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

# ROUTER's seed file with modern suites into FILE: ISAKMP policies aes 256 /
# sha256 / each of GROUPS, transform set esp-gcm 256, set pfs group19.
ike_modern_cfg() { # ROUTER FILE GROUPS...
	local r=$1 f=$2
	shift 2
	awk -v groups="$*" '
		/^crypto isakmp policy 10$/ {
			n = split(groups, g, " ")
			for (i = 1; i <= n; i++)
				printf "crypto isakmp policy %d\n encryption aes 256\n hash sha256\n group %s\n authentication pre-share\n", i * 10, g[i]
			skip = 1; next
		}
		skip && /^ / { next }
		{ skip = 0 }
		/^crypto ipsec transform-set myset / { print "crypto ipsec transform-set myset esp-gcm 256"; next }
		{ print }
		/^ set transform-set myset$/ { print " set pfs group19" }
	' "$(topo_cfg "$r")" >"$f"
}

# The hub's two IKEv2 SAs of ike_modern_cfg (group 19 towards Spoke1, 14
# towards Spoke2 which offers no other) and their AES-GCM 256 CHILD_SAs.
ike_assert_modern_hub() { # WHAT-OF-THE-CHILD-SAS
	local sas
	sas=$(n hub "$CMAPCTL" show -j crypto isakmp sa)
	assert_eq "10.1.2.1 2 READY AES_CBC 256 HMAC_SHA2_256_128 PRF_HMAC_SHA2_256 ECP_256
10.1.3.1 2 READY AES_CBC 256 HMAC_SHA2_256_128 PRF_HMAC_SHA2_256 MODP_2048" \
		"$(echo "$sas" | $JQ -r 'sort_by(.remote_host)[] |
			"\(.remote_host) \(.version) \(.ios_state) \(.encr_alg) \(.encr_keysize) \(.integ_alg) \(.prf_alg) \(.dh_group)"')" \
		"hub: IKEv2 SAs and their proposals"
	assert_eq "10.1.2.1 ESP AES_GCM_16 256 192.168.1.0/24 172.16.1.0/24
10.1.3.1 ESP AES_GCM_16 256 172.16.1.0/24 192.168.1.0/24" \
		"$(echo "$sas" | $JQ -r 'sort_by(.remote_host)[] | .remote_host as $p | .children[] |
			"\($p) \(.protocol) \(.encr_alg) \(.encr_keysize) \(.local_ts | join(",")) \(.remote_ts | join(","))"')" \
		"hub: CHILD_SAs with AES-GCM 256$1"
}

# "cmapctl load" in every router of IKE_ROUTERS: DIR/ROUTER.cfg, else its
# seed file (topology.sh), with ARGS.
ike_load_all() { # [DIR] [ARGS...]
	local r f dir=${1:-}
	[ $# = 0 ] || shift
	for r in $IKE_ROUTERS; do
		if [ -n "$dir" ]; then f=$dir/$r.cfg; else f=$(topo_cfg "$r"); fi
		ike_load "$r" "$f" "$@"
	done
}

# Echoes from host-s1 to host-s2 until the hub has both IKE SAs, each with
# its CHILD_SA: the first packets trigger IKE with Spoke1, and the hub's
# with Spoke2 starts when Spoke1's first packets reach it.
ike_seed_up() {
	ike__both_up() {
		pings host-s1 "$(topo_host_addr spoke2)" 1 >/dev/null
		ike_up hub 2
	}
	wait_until 120 ike__both_up || {
		n hub "$CMAPCTL" show -p crypto isakmp sa
		fail "hub: IKE did not come up"
	}
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

# --- charon's SAs and cryptomap.ko's (the kernel-cryptomap backend) ----------
# cmap_sa, the tests' client of the module's SA commands.
CMAP_SA=/usr/local/bin/cmap_sa

# The module's keyed SAs of ROUTER, "in|out SPI" a line, sorted.
ike_module_spis() { # ROUTER
	n "$1" $CMAP_SA show | grep -v ' state=larval' |
		sed -n 's/^\(.* \)*dir=\([a-z]*\) spi=0x\([0-9a-f]*\) .*/\2 \3/p' | sort
}

# The SPIs of ROUTER's CHILD_SAs as charon lists them, "in|out SPI", sorted;
# with STATE, the outbound ones of CHILD_SAs in that state only.
ike_charon_spis() { # ROUTER [STATE]
	n "$1" "$CMAPCTL" show -j crypto isakmp sa | $JQ -r --arg st "${2:-}" '.[].children[] |
		"in \(.spi_in)", (select($st == "" or .state == $st) | "out \(.spi_out)")' | sort
}

# Every router of IKE_ROUTERS: the module holds exactly the SAs charon has.
# IKEv1 keeps a rekeyed or superseded CHILD_SA (two CHILD_SAs of the same
# line, when both ends negotiated at once) with its inbound SA until it
# expires or the peer deletes it, and removes its outbound SA at once, except
# for one it found redundant before rekeying. So the module's inbound SPIs
# are the spi_in of every CHILD_SA, its outbound SPIs include the spi_out of
# every INSTALLED one and are among the spi_out of all.
ike_same_spis() {
	local r m
	for r in $IKE_ROUTERS; do
		m=$(ike_module_spis "$r")
		[ "$(ike_charon_spis "$r" | grep '^in ')" = "$(printf '%s\n' "$m" | grep '^in ')" ] || return 1
		[ -z "$(ike_charon_spis "$r" INSTALLED | grep '^out ' | grep -vxF "$m")" ] || return 1
		[ -z "$(printf '%s\n' "$m" | grep '^out ' | grep -vxF "$(ike_charon_spis "$r")")" ] || return 1
	done
}

# Both SPI lists of every router, for a failure.
ike_show_spis() {
	local r
	for r in $IKE_ROUTERS; do
		log "$r module: $(ike_module_spis "$r" | tr '\n' ' ')"
		log "$r charon: $(ike_charon_spis "$r" | tr '\n' ' ')"
	done
}
