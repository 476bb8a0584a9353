#!/bin/sh
# VM test (issue 4, test 7) on the kernel-cryptomap backend: the seed
# topology with IKEv2 and modern suites (cmapctl load --ike-version 2): the
# seed files with ISAKMP policies aes 256 / sha256 / group 19 and group 14,
# transform set esp-gcm 256, set pfs group19; Spoke2 offers group 14 only.
# The first packets bring up IKEv2 SAs through the module's acquires (IKEv2
# proposes the acquiring packet's selectors first; charon narrows back to
# the access-list line); the hub's four SAs sit in the module as esp-gcm
# 256 (key and salt passed as charon derived them) on their entries and
# lines, with the SPIs charon lists; five echoes answered; no XFRM state.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

SA=$CMAP_SA
need_cmd "$CMAPCTL" "$CHARON" "$JQ" "$SA"
need_cryptomap
IKE_ROUTERS="hub spoke1 spoke2"

topo_build 2
ike_modern_cfg hub hub.cfg 19 14
ike_modern_cfg spoke1 spoke1.cfg 19 14
ike_modern_cfg spoke2 spoke2.cfg 14
ike_load_all /tmp/ktest-work --ike-version 2
ike_seed_up

ike_assert_modern_hub ", narrowed to the access-list lines"

n hub $SA show | sed 's/^/# hub SA: /'
assert_eq "in 10.1.2.1 mymap 10 20 gcm 256 none 16
in 10.1.3.1 mymap 20 20 gcm 256 none 16
out 10.1.2.1 mymap 10 20 gcm 256 none 16
out 10.1.3.1 mymap 20 20 gcm 256 none 16" \
	"$(n hub $SA show | grep ' state=mature' | awk '{
		for (i = 1; i <= NF; i++) { k = $i; sub(/=.*/, "", k); v[k] = substr($i, length(k) + 2) }
		print v["dir"], v["peer"], v["map"], v["seq"], v["line"], v["cipher"], v["keybits"], v["auth"], v["icv"]
	}' | sort)" "hub: four esp-gcm 256 SAs in the module on their entries and lines"
# The IKE SAs in the engine table, with IOS's names of their algorithms.
assert_eq "set HMAC_SHA256+AES_256_CB isakmp
set HMAC_SHA256+AES_256_CB isakmp
set AES_GCM_256 ipsec
set AES_GCM_256 ipsec
set AES_GCM_256 ipsec
set AES_GCM_256 ipsec" \
	"$(n hub "$CMAPCTL" show -j crypto engine connections active | $JQ -r '.[] | "\(.state) \(.algorithm) \(.type)"')" \
	"hub: engine connections, IKEv2 SAs first"
wait_until 10 ike_same_spis || { ike_show_spis; fail "the module's SAs are not charon's"; }
assert_eq 5 "$(pings host-s1 "$(topo_host_addr spoke2)" 5 -s 72)" "five 100-byte echoes host-s1 -> host-s2 answered"
for r in $IKE_ROUTERS; do
	assert_eq "" "$(n "$r" $IP xfrm state)" "$r: no XFRM state"
done
ike_assert_gone
