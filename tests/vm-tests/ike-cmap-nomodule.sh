#!/bin/sh
# VM test: without cryptomap.ko, charon gets no silent XFRM fallback. The
# kernel-cryptomap plugin finds no "cryptomap" generic netlink family and
# refuses to load, logging why at level 0; cmapctl sees it missing from
# charon's plugins, stops that charon and fails. With the module back, the
# same start succeeds on the cryptomap backend. (/init reloads the module
# for the next test if this one fails half-way.)
# ktest-timeout: 120
. "$KTEST_LIB/ktest.sh"
. "$KTEST_LIB/ike.sh"

need_cmd "$CMAPCTL" "$CHARON"
need_cryptomap
IKE_ROUTERS=r
ns_add r

rmmod cryptomap || fail "rmmod cryptomap"
rc=0
n r "$CMAPCTL" charon start --ike-backend cryptomap >start.out 2>&1 || rc=$?
sed 's/^/# cmapctl: /' start.out
assert_eq 1 "$rc" "charon start without the module: refused"
grep -q 'charon did not take kernel-cryptomap as its IPsec backend' start.out ||
	fail "cmapctl did not say why"
assert_eq "" "$(charons_in r)" "no charon left running on XFRM"
log=$(ike_rtdir r)/charon.log
grep -q 'kernel-cryptomap: ERROR: the generic netlink family "cryptomap" does not exist: cryptomap.ko is not loaded; not loading' "$log" ||
	fail "charon.log: no level-0 refusal by the plugin"
grep 'kernel-cryptomap' "$log" | sed 's/^/# charon.log: /'
assert_eq "" "$(n r $IP xfrm policy)$(n r $IP xfrm state)" "nothing in XFRM"

module_load cryptomap
n r "$CMAPCTL" charon start --ike-backend cryptomap >start.out 2>&1 || { cat start.out; fail "charon start with the module"; }
grep -q 'kernel-cryptomap: IPsec backend created on cryptomap.ko' "$log" ||
	fail "the module is back, but not the backend"
assert_eq cryptomap "$(n r "$CMAPCTL" charon status -j | $JQ -r .backend)" "charon status: the cryptomap backend"
n r "$CMAPCTL" flush || fail "flush"
assert_eq "" "$(charons_in r)" "no charon after flush"
