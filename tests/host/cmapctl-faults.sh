#!/bin/bash
# Host test: cmapctl load's error paths, under AddressSanitizer and UBSan.
# An LD_PRELOAD shim plays the kernel's side of the generic netlink socket
# (family lookup, an ack per request, empty dumps) and fails one call: the
# Nth socket, setsockopt, getsockopt, bind, getsockname, sendto or recvmsg
# with ENOMEM, then EFAULT, for every N until the load runs through; then it
# refuses the Nth request with an error ack. Every run must end with exit
# status 0 or 1 (1 with a cmapctl message), no signal, no sanitizer report,
# and a transaction whose SETs went out must end with ABORT, never COMMIT
# after a refused SET. A file that cannot be read to its end loads nothing.
# Skipped without a compiler that has -fsanitize=address.
. "$(dirname "$0")/cmapctl-lib.sh"

CC=${CC:-gcc}
echo 'int main(void) { return 0; }' >"$TMP/t.c"
"$CC" -fsanitize=address,undefined -o "$TMP/t" "$TMP/t.c" 2>/dev/null ||
	{ echo "SKIP: $CC cannot build with -fsanitize=address,undefined"; exit 4; }

cat >"$TMP/shim.c" <<'EOF'
/* A fake generic netlink peer for cmapctl, failing one call. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/cryptomap.h>

#define FAMILY 0x1f
#define PORTID 4242
#define QMAX 4096

static int nlfd = -1;
static unsigned long calls, reqs, nth, nack;
static int fault_errno = ENOMEM;
static FILE *trace;
static char *q[QMAX];
static size_t qlen[QMAX], qhead, qtail;

__attribute__((constructor)) static void init(void)
{
	const char *s;

	nth = (s = getenv("SHIM_NTH")) ? strtoul(s, NULL, 0) : 0;
	nack = (s = getenv("SHIM_NACK")) ? strtoul(s, NULL, 0) : 0;
	if ((s = getenv("SHIM_ERRNO")))
		fault_errno = atoi(s);
	if ((s = getenv("SHIM_TRACE")))
		trace = fopen(s, "a");
	unsetenv("LD_PRELOAD");	/* for cmapctl, not for what it runs */
	if (trace)
		setvbuf(trace, NULL, _IOLBF, 0);
}

static void note(const char *what)
{
	if (trace)
		fprintf(trace, "%s\n", what);
}

/* Whether this call is the one to fail. */
static int fault(const char *what)
{
	char b[64];

	if (++calls != nth)
		return 0;
	snprintf(b, sizeof(b), "fault %s", what);
	note(b);
	errno = fault_errno;
	return 1;
}

static void put(const void *m, size_t len)
{
	if (qtail - qhead == QMAX)
		abort();
	q[qtail % QMAX] = memcpy(malloc(len), m, len);
	qlen[qtail++ % QMAX] = len;
}

static void reply(const struct nlmsghdr *req, uint16_t type, uint16_t flags,
		  const void *payload, size_t plen)
{
	char b[256] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)b;

	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(plen);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = req->nlmsg_seq;
	h->nlmsg_pid = PORTID;
	memcpy(NLMSG_DATA(h), payload, plen);
	put(b, NLMSG_ALIGN(h->nlmsg_len));
}

static void ack(const struct nlmsghdr *req, int error)
{
	struct nlmsgerr e = { .error = error, .msg = *req };

	reply(req, NLMSG_ERROR, NLM_F_CAPPED, &e, sizeof(e));
}

static void family(const struct nlmsghdr *req)
{
	struct {
		struct genlmsghdr g;
		struct nlattr a;
		uint16_t id, pad;
	} p = { { CTRL_CMD_NEWFAMILY, 1, 0 },
		{ NLA_HDRLEN + 2, CTRL_ATTR_FAMILY_ID }, FAMILY, 0 };

	reply(req, GENL_ID_CTRL, 0, &p, sizeof(p));
}

static const char *cmd_name(const struct nlmsghdr *h)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);

	if (h->nlmsg_type == GENL_ID_CTRL)
		return "getfamily";
	if (h->nlmsg_flags & NLM_F_DUMP)
		return "dump";
	switch (g->cmd) {
	case CMAP_CMD_TXN_BEGIN: return "begin";
	case CMAP_CMD_TXN_COMMIT: return "commit";
	case CMAP_CMD_TXN_ABORT: return "abort";
	default: return "set";
	}
}

#define REAL(name) \
	static __typeof__(name) *real; \
	if (!real) \
		real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

int socket(int domain, int type, int proto)
{
	REAL(socket);
	if (domain != AF_NETLINK)
		return real(domain, type, proto);
	if (fault("socket"))
		return -1;
	nlfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	return nlfd;
}

int close(int fd)
{
	REAL(close);
	if (fd >= 0 && fd == nlfd)
		nlfd = -1;
	return real(fd);
}

int setsockopt(int fd, int level, int opt, const void *v, socklen_t len)
{
	REAL(setsockopt);
	if (fd < 0 || fd != nlfd)
		return real(fd, level, opt, v, len);
	return fault("setsockopt") ? -1 : 0;
}

int getsockopt(int fd, int level, int opt, void *v, socklen_t *len)
{
	REAL(getsockopt);
	if (fd < 0 || fd != nlfd)
		return real(fd, level, opt, v, len);
	if (fault("getsockopt"))
		return -1;
	*(int *)v = 8 << 20;
	*len = sizeof(int);
	return 0;
}

int bind(int fd, const struct sockaddr *a, socklen_t len)
{
	REAL(bind);
	if (fd < 0 || fd != nlfd)
		return real(fd, a, len);
	return fault("bind") ? -1 : 0;
}

int getsockname(int fd, struct sockaddr *a, socklen_t *len)
{
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_pid = PORTID };

	REAL(getsockname);
	if (fd < 0 || fd != nlfd)
		return real(fd, a, len);
	if (fault("getsockname"))
		return -1;
	memcpy(a, &snl, sizeof(snl));
	*len = sizeof(snl);
	return 0;
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags,
	       const struct sockaddr *a, socklen_t alen)
{
	const struct nlmsghdr *h = buf;
	int len = (int)n;

	REAL(sendto);
	if (fd < 0 || fd != nlfd)
		return real(fd, buf, n, flags, a, alen);
	if (fault("sendto"))
		return -1;
	for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		note(cmd_name(h));
		if (++reqs == nack) {
			ack(h, -ENOMEM);
			continue;
		}
		if (h->nlmsg_type == GENL_ID_CTRL)
			family(h);
		if (h->nlmsg_flags & NLM_F_DUMP)
			reply(h, NLMSG_DONE, NLM_F_MULTI, &(int){ 0 }, sizeof(int));
		else if (h->nlmsg_flags & NLM_F_ACK)
			ack(h, 0);
	}
	return (ssize_t)n;
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK };
	size_t len;

	REAL(recvmsg);
	if (fd < 0 || fd != nlfd)
		return real(fd, m, flags);
	if (fault("recvmsg"))
		return -1;
	if (qhead == qtail) {	/* the kernel would block: cmapctl waits for nothing */
		note("recvmsg with nothing sent to answer");
		errno = EAGAIN;
		return -1;
	}
	len = qlen[qhead % QMAX];
	if (len > m->msg_iov[0].iov_len)
		abort();
	memcpy(m->msg_iov[0].iov_base, q[qhead % QMAX], len);
	free(q[qhead++ % QMAX]);
	if (m->msg_name)
		memcpy(m->msg_name, &snl, sizeof(snl));
	m->msg_namelen = sizeof(snl);
	m->msg_flags = 0;
	return (ssize_t)len;
}
EOF
"$CC" -shared -fPIC -O1 -Wall -Wextra -Werror -I"$REPO/include/uapi" \
	-o "$TMP/shim.so" "$TMP/shim.c" -ldl || { echo "FAIL: building the shim"; exit 1; }
mkdir "$TMP/us"
cp "$REPO"/userspace/*.[ch] "$REPO/userspace/Makefile" "$TMP/us/"
make -s -C "$TMP/us" -j2 CC="$CC" CPPFLAGS="-I$REPO/include/uapi" \
	CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	LDFLAGS="-fsanitize=address,undefined" >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log"; echo "FAIL: building cmapctl with sanitizers"; exit 1; }

# The shim comes before libasan: asan would refuse the order by default.
export ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=exitcode=99:print_stacktrace=1
cp "$SEED_DIR/hub.cfg" "$TMP/hub.cfg"

load() { # VAR=VALUE...: one cmapctl load through the shim
	rc=0
	: >"$TMP/trace"
	(cd "$TMP" && env "$@" SHIM_TRACE="$TMP/trace" LD_PRELOAD="$TMP/shim.so" \
		"$TMP/us/cmapctl" load --ike-backend none --interface Ethernet1=lo \
		hub.cfg) >"$TMP/out" 2>"$TMP/err" || rc=$?
	grep -v ': ignored: \|: note: \|: warning: ' "$TMP/err" >"$TMP/errors" || true
}

# What a run must leave: a status of 0 or 1, 1 with a message, no report,
# and no transaction left half done.
check_run() { # NAME
	local name=$1 last
	if grep -q 'Sanitizer\|runtime error' "$TMP/err" || [ "$rc" -gt 1 ]; then
		not_ok "$name: exit status $rc"
		sed 's/^/#   /' "$TMP/err" | head -n 40
		return
	fi
	if [ "$rc" = 1 ] && ! grep -q '^cmapctl: ' "$TMP/errors"; then
		not_ok "$name: exit status 1 without a message"
		return
	fi
	last=$(grep -v '^fault \|^recvmsg' "$TMP/trace" | tail -n 1)
	if grep -qx set "$TMP/trace" && [ "$rc" = 1 ] && [ "$last" != abort ]; then
		not_ok "$name: the transaction ended with '$last', not abort"
		return
	fi
	if [ "$rc" = 0 ] && ! grep -qx commit "$TMP/trace"; then
		not_ok "$name: exit status 0 without a commit"
		return
	fi
	ok "$name: status $rc $(grep '^fault ' "$TMP/trace") $(head -n 1 "$TMP/errors")"
}

load
expect_rc 0 "load through the shim, no fault"
paste -s -d ' ' "$TMP/trace" >"$TMP/out"
echo "getfamily begin set set set set set set set set commit" | expect out "requests of a load"

for e in 12 14; do	# ENOMEM, EFAULT
	n=0
	while :; do
		n=$((n + 1))
		[ $n -le 100 ] || { not_ok "errno $e: still faulting at call 100"; break; }
		load SHIM_NTH=$n SHIM_ERRNO=$e
		if ! grep -q '^fault ' "$TMP/trace"; then
			expect_rc 0 "errno $e: $((n - 1)) calls, then no fault"
			break
		fi
		check_run "errno $e, call $n"
		# Only the buffer tuning may fail without failing the load.
		if [ "$rc" = 0 ] && ! grep -q '^fault [sg]etsockopt' "$TMP/trace"; then
			not_ok "errno $e, call $n: $(grep '^fault ' "$TMP/trace") ignored"
		fi
	done
done

# Error acks: the Nth request refused, each named in the message.
expected=(
	"resolving the netlink family"
	"opening a transaction"
	"hub.cfg: crypto ipsec global settings"
	"hub.cfg: transform set myset"
	"hub.cfg: access-list 110"
	"hub.cfg: access-list 120"
	"hub.cfg: crypto map mymap"
	"hub.cfg: crypto map mymap 10"
	"hub.cfg: crypto map mymap 20"
	"hub.cfg: interface lo"
	"hub.cfg"
)
for i in "${!expected[@]}"; do
	load SHIM_NACK=$((i + 1))
	check_run "error ack for request $((i + 1))"
	echo "cmapctl: ${expected[i]}: Cannot allocate memory" |
		expect errors "error ack for request $((i + 1)): the message"
done
# A configuration that cannot be read to its end (here a directory: EISDIR,
# as EIO or EFAULT would) is not loaded as what was read of it.
mkdir "$TMP/dir.cfg"
: >"$TMP/trace"
rc=0
(cd "$TMP" && SHIM_TRACE="$TMP/trace" LD_PRELOAD="$TMP/shim.so" "$TMP/us/cmapctl" \
	load --ike-backend none dir.cfg) >"$TMP/out" 2>"$TMP/err" || rc=$?
expect_rc 1 "a configuration that cannot be read"
echo "dir.cfg: error: reading after line 0: Is a directory" | expect err "the read error"
: | expect trace "nothing sent to the kernel"
done_testing
