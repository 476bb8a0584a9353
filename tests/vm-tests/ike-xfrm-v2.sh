#!/bin/sh
# VM test: the seed topology with modern suites and IKEv2 (cmapctl load
# --ike-version 2), on the kernel's XFRM (--ike-backend xfrm): the seed files
# with ISAKMP policies aes 256 / sha256 / group 19 and group 14, transform set
# esp-gcm 256, set pfs group19; Spoke2 offers group 14 only. Pings from the
# host behind Spoke1 to the host behind Spoke2 bring up IKEv2 SAs, READY on the
# hub, with AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256 and ECP_256 towards
# Spoke1, MODP_2048 towards Spoke2, and AES_GCM_16-256 ESP; five pings answered.
# ktest-timeout: 600
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/topology.sh"
. "$KTEST_LIB/ike.sh"

need_cmd "$CMAPCTL" /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/bin/jq
module_load esp4 xfrm_user
IKE_ROUTERS="hub spoke1 spoke2"

topo_build 2
ike_modern_cfg hub hub-v2.cfg 19 14
ike_modern_cfg spoke1 spoke1-v2.cfg 19 14
ike_modern_cfg spoke2 spoke2-v2.cfg 14
for r in $IKE_ROUTERS; do
	ike_load "$r" "$r-v2.cfg" --ike-backend xfrm --ike-version 2
done
assert_eq "aes256-sha256-ecp256, aes256-sha256-modp2048" \
	"$(n hub "$CMAPCTL" charon config --ike-version 2 hub-v2.cfg 2>/dev/null | sed -n 's/^ *proposals = //p' | sort -u)" \
	"hub: IKE proposals"

S2_ADDR=$(topo_host_addr spoke2)
log "first round (IKE on demand): $(pings host-s1 "$S2_ADDR" 5 -s 72) of 5 answered"
# Slower than those five echoes under load: keep sending until both are up.
ike_seed_up

ike_assert_modern_hub
assert_eq 4 "$(n hub $IP xfrm state | grep -c 'aead rfc4106(gcm(aes)) .* 128$')" \
	"hub: four AES-GCM SAs in XFRM, 128-bit ICV"
assert_eq 5 "$(pings host-s1 "$S2_ADDR" 5 -s 72)" "five 100-byte pings host-s1 -> host-s2 answered"
ike_assert_gone
