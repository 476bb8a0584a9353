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

ike_cleanup() {
	local r p
	for r in $IKE_ROUTERS; do
		[ -e "/run/netns/$r" ] || continue
		n "$r" "$CMAPCTL" flush >/dev/null 2>&1
		for p in $(charons_in "$r"); do kill -KILL "$p" 2>/dev/null; done
	done
}
trap 'rc=$?; set +e; ike_cleanup; (exit $rc); ktest_exit' EXIT

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
