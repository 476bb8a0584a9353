#!/bin/sh
# VM test (issue 4, test 2): the kernel-cryptomap backend interoperates with
# stock strongSwan on the kernel's XFRM (cmapctl load --ike-backend xfrm:
# the same proposals and selectors from the same seed file).
#
# A. Hub and Spoke1 on cryptomap.ko, Spoke2 on XFRM: five 100-byte echoes
#    host-s1 -> host-s2 answered after IKE; Spoke2's two XFRM states are
#    the hub's two SAs towards it (same addresses and SPIs, each direction).
# B. The reverse: a stock strongSwan+XFRM hub relaying between two
#    cryptomap spokes: the echoes answered, each spoke's module SAs are the
#    hub's XFRM states, and no XFRM state exists on the spokes.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

SA=$CMAP_SA
need_cmd "$CMAPCTL" "$CHARON" "$JQ" "$SA"
need_cryptomap
module_load esp4 xfrm_user
IKE_ROUTERS="hub spoke1 spoke2"
topo_build 2
S2_ADDR=$(topo_host_addr spoke2)

# XFRM's SAs of ROUTER, "SRC DST SPI" a line (SPI without 0x), sorted.
xfrm_sas() { # ROUTER
	n "$1" $IP xfrm state | awk '/^src / { s = $2; d = $4 }
		/proto esp spi/ { sub(/^0x/, "", $4); print s, d, $4 }' | sort
}
# The module's SAs of ROUTER as the same "SRC DST SPI" lines.
module_sas() { # ROUTER
	n "$1" $SA show | grep ' state=mature' | awk '{
		for (i = 1; i <= NF; i++) { k = $i; sub(/=.*/, "", k); v[k] = substr($i, length(k) + 2) }
		sub(/^0x/, "", v["spi"])
		if (v["dir"] == "in") print v["peer"], v["local"], v["spi"]; else print v["local"], v["peer"], v["spi"]
	}' | sort
}
backends() { # the backend each router's charon runs on
	local r
	for r in $IKE_ROUTERS; do
		printf '%s:%s ' "$r" "$(n "$r" "$CMAPCTL" charon status -j | $JQ -r .backend)"
	done
}

# --- A. Spoke2 on XFRM ----------------------------------------------------------------
ike_load hub "$(topo_cfg hub)"
ike_load spoke1 "$(topo_cfg spoke1)"
ike_load spoke2 "$(topo_cfg spoke2)" --ike-backend xfrm
assert_eq "hub:cryptomap spoke1:cryptomap spoke2:xfrm " "$(backends)" "A: backends"
ike_seed_up
ike_assert_seed_sas
assert_eq 5 "$(pings host-s1 "$S2_ADDR" 5 -s 72)" "A: five 100-byte echoes host-s1 -> host-s2 answered"
assert_eq 2 "$(xfrm_sas spoke2 | wc -l)" "A: Spoke2's two XFRM states"
assert_eq "$(xfrm_sas spoke2)" "$(module_sas hub | grep 10.1.3.1)" \
	"A: Spoke2's XFRM states are the hub's SAs towards it"
for r in hub spoke1; do
	assert_eq "" "$(n "$r" $IP xfrm state)" "A: $r: no XFRM state"
done
assert_eq "" "$(module_sas spoke2)" "A: Spoke2: nothing in the module"
for r in $IKE_ROUTERS; do n "$r" "$CMAPCTL" flush || fail "A: $r: flush"; done

# --- B. the hub on XFRM -----------------------------------------------------------------
ike_load hub "$(topo_cfg hub)" --ike-backend xfrm
ike_load spoke1 "$(topo_cfg spoke1)"
ike_load spoke2 "$(topo_cfg spoke2)"
assert_eq "hub:xfrm spoke1:cryptomap spoke2:cryptomap " "$(backends)" "B: backends"
ike_seed_up
ike_assert_seed_sas
assert_eq 5 "$(pings host-s1 "$S2_ADDR" 5 -s 72)" "B: five 100-byte echoes host-s1 -> host-s2 answered"
assert_eq "$(xfrm_sas hub)" "$( (module_sas spoke1; module_sas spoke2) | sort)" \
	"B: the hub's XFRM states are the spokes' SAs in their modules"
assert_eq 4 "$(xfrm_sas hub | wc -l)" "B: the hub's four XFRM states"
for r in spoke1 spoke2; do
	assert_eq "" "$(n "$r" $IP xfrm state)" "B: $r: no XFRM state"
done
ike_assert_gone
