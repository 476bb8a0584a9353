# shellcheck shell=bash
# shellcheck disable=SC2034 # SEEDS, rc: used by the tests that source this
# Shared by the cmapctl host tests (sourced, not run): paths, a scratch
# directory, and assertions on exact output. Tests need no kernel module and
# no privileges; they exit 0 pass, 1 fail.
set -u

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CMAPCTL=${CMAPCTL:-$REPO/userspace/cmapctl}
if [ -z "${SEED_DIR:-}" ]; then
	for d in "$REPO/tests/seed-configs" "$REPO/../shared/seed-configs"; do
		[ -d "$d" ] && SEED_DIR=$(cd "$d" && pwd) && break
	done
fi
SEEDS="hub.cfg spoke1.cfg spoke2.cfg hub-3spokes.cfg spoke3.cfg"

[ -x "$CMAPCTL" ] || { echo "FAIL: $CMAPCTL is not built (make -C userspace)"; exit 1; }
[ -d "${SEED_DIR:-}" ] || { echo "FAIL: seed configurations not found"; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }
done_testing() {
	[ "$failures" = 0 ] || { echo "FAIL: $failures check(s) failed"; exit 1; }
	echo "PASS"
	exit 0
}

# Runs cmapctl in DIR (default: the seed directory); stdout in $TMP/out,
# stderr in $TMP/err, exit status in $rc.
run() { # [-C DIR] ARGS...
	local dir=$SEED_DIR
	if [ "$1" = -C ]; then dir=$2; shift 2; fi
	rc=0
	(cd "$dir" && "$CMAPCTL" "$@") >"$TMP/out" 2>"$TMP/err" || rc=$?
}

# The named capture ($TMP/out or $TMP/err) equals standard input exactly.
expect() { # out|err NAME
	cat >"$TMP/expected"
	if cmp -s "$TMP/expected" "$TMP/$1"; then
		ok "$2"
	else
		not_ok "$2"
		diff -u "$TMP/expected" "$TMP/$1" | sed 's/^/#   /'
	fi
}

expect_rc() { # STATUS NAME
	if [ "$rc" = "$1" ]; then ok "$2: exit status $1"; else not_ok "$2: exit status $rc, expected $1"; fi
}

# A config file in $TMP from standard input.
cfg() { # NAME
	cat >"$TMP/$1"
}
