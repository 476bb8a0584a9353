// SPDX-License-Identifier: GPL-2.0
/*
 * cmap_nlfuzz: a generic netlink fuzzer of cryptomap.ko, for the VM tests.
 *
 *   cmap_nlfuzz [-s SEED] [-n MESSAGES] [-j THREADS] [-T SECS] fuzz
 *   cmap_nlfuzz eperm|regress|keyscan HEXKEY...
 *
 * fuzz   THREADS threads (default 4), each with its own sockets, send
 *        MESSAGES requests in all (default 20000): every command of the
 *        family (and numbers that are none), with attribute sets built from
 *        the module's policy, valid and mutated (wrong types and lengths,
 *        strings without NUL or too long, empty and deep nesting, huge
 *        counts, out-of-range values, truncated attributes), batches of
 *        requests in one send, configuration transactions that commit,
 *        abort or die with their socket, SAs added and deleted on the
 *        entries the transactions made, and dumps abandoned half way. The
 *        PRNG is seeded with SEED (default: from the clock), printed first:
 *        "-s SEED -j THREADS -n MESSAGES" replays the same requests (their
 *        interleaving across threads is the scheduler's).
 *        Checked on every reply: it is well formed (lengths, nesting, the
 *        command and sequence number of its request), every error carries
 *        an extack message (NLMSGERR_ATTR_MSG) except those the generic
 *        netlink core gives before the module sees the request (-EOPNOTSUPP
 *        for a command or do/dump the family does not have, -EINVAL for a
 *        message shorter than the genetlink header), no reply carries key
 *        material (CMAP_SA_A_ENC_KEY, AUTH_KEY, or the bytes of any key
 *        sent), and every request is answered within SECS seconds (default
 *        30). Prints the replies counted by errno, then "violations: N";
 *        exit 1 if N > 0.
 * eperm  every command, as a do request and as a dump where the family has
 *        one: each must fail with -EPERM and a message naming
 *        CAP_NET_ADMIN. For callers without the capability. Prints one line
 *        per request; exit 1 if any is not so.
 * regress
 *        the bugs the fuzzer found, each a fixed request and its expected
 *        errno and message; exit 1 if one is not so.
 * keyscan HEXKEY...
 *        every read of the family (GET_INFO, GET_GLOBAL, GET_STATS, every
 *        dump, GET_SA of each SA dumped), raw: no reply may carry
 *        CMAP_SA_A_ENC_KEY or AUTH_KEY or the bytes of a key given. Prints
 *        the replies scanned; exit 1 if one did, or a request failed.
 *
 * Exit status 3: the family is not registered.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/cryptomap.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "die.h"

#define MSG_SIZE	(64 << 10)
#define RECV_SIZE	(64 << 10)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_ERRNO	256
#define BATCH_MAX	8

static uint16_t family;
static uint64_t seed;
static long total = 20000;
static int n_threads = 4;
static int timeout_secs = 30;

/* Shared counters. */
static long sent;			/* requests sent, all threads */
static long replies[MAX_ERRNO];		/* final answers by errno */
static long violations;
static long abandoned, batches, txns, sas_added, hangs;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/* Every key the fuzzer sends is a slice of this; no reply may hold 8 bytes of it. */
static uint8_t secret[128];
static bool secret_set;
/* keyscan: keys given in hex; no reply may hold one. */
static uint8_t keys[32][64];
static size_t key_len[32];
static int n_keys;
static long scanned;

/* ---- PRNG (xorshift64*) ---------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? rnd(r) % n : 0;
}

static bool chance(struct rng *r, int percent)
{
	return below(r, 100) < (uint32_t)percent;
}

/* ---- the family's commands --------------------------------------------- */

enum { DO = 1, DUMP = 2 };

static const struct {
	const char *name;
	int ops;
} cmds[] = {
	[CMAP_CMD_GET_INFO] = { "GET_INFO", DO },
	[CMAP_CMD_TXN_BEGIN] = { "TXN_BEGIN", DO },
	[CMAP_CMD_TXN_COMMIT] = { "TXN_COMMIT", DO },
	[CMAP_CMD_TXN_ABORT] = { "TXN_ABORT", DO },
	[CMAP_CMD_FLUSH] = { "FLUSH", DO },
	[CMAP_CMD_SET_GLOBAL] = { "SET_GLOBAL", DO },
	[CMAP_CMD_GET_GLOBAL] = { "GET_GLOBAL", DO },
	[CMAP_CMD_SET_TSET] = { "SET_TSET", DO },
	[CMAP_CMD_DEL_TSET] = { "DEL_TSET", DO },
	[CMAP_CMD_GET_TSET] = { "GET_TSET", DUMP },
	[CMAP_CMD_SET_ACL] = { "SET_ACL", DO },
	[CMAP_CMD_DEL_ACL] = { "DEL_ACL", DO },
	[CMAP_CMD_GET_ACL] = { "GET_ACL", DUMP },
	[CMAP_CMD_SET_MAP] = { "SET_MAP", DO },
	[CMAP_CMD_DEL_MAP] = { "DEL_MAP", DO },
	[CMAP_CMD_GET_MAP] = { "GET_MAP", DUMP },
	[CMAP_CMD_SET_ENTRY] = { "SET_ENTRY", DO },
	[CMAP_CMD_DEL_ENTRY] = { "DEL_ENTRY", DO },
	[CMAP_CMD_GET_ENTRY] = { "GET_ENTRY", DUMP },
	[CMAP_CMD_SET_BINDING] = { "SET_BINDING", DO },
	[CMAP_CMD_DEL_BINDING] = { "DEL_BINDING", DO },
	[CMAP_CMD_GET_BINDING] = { "GET_BINDING", DUMP },
	[CMAP_CMD_NEW_SA] = { "NEW_SA", DO },
	[CMAP_CMD_UPD_SA] = { "UPD_SA", DO },
	[CMAP_CMD_DEL_SA] = { "DEL_SA", DO },
	[CMAP_CMD_GET_SA] = { "GET_SA", DO | DUMP },
	[CMAP_CMD_FLUSH_SA] = { "FLUSH_SA", DO },
	[CMAP_CMD_ALLOC_SPI] = { "ALLOC_SPI", DO },
	[CMAP_CMD_CLEAR_COUNTERS] = { "CLEAR_COUNTERS", DO },
	[CMAP_CMD_GET_STATS] = { "GET_STATS", DO },
	[CMAP_CMD_GET_HITS] = { "GET_HITS", DUMP },
	[CMAP_CMD_EV_ACQUIRE] = { "EV_ACQUIRE", 0 },
	[CMAP_CMD_EV_EXPIRE] = { "EV_EXPIRE", 0 },
	[CMAP_CMD_EV_SA_ADDED] = { "EV_SA_ADDED", 0 },
	[CMAP_CMD_EV_SA_DELETED] = { "EV_SA_DELETED", 0 },
};

static int cmd_ops(unsigned int cmd)
{
	return cmd < ARRAY_SIZE(cmds) ? cmds[cmd].ops : 0;
}

/* ---- the policy, as the uapi header documents it ------------------------- */

enum kind {
	K_NONE,		/* not in the set */
	K_U8, K_U16, K_U32, K_U64,
	K_BE32,		/* an IPv4 address */
	K_NAME,		/* string, 1..63 */
	K_IFNAME,	/* string, 1..15 */
	K_REMARK,	/* string, 1..100 */
	K_FLAG,
	K_BIN,		/* key material */
	K_NEST,		/* nest of set @sub */
	K_LIST,		/* nest of @n elements of type @elem from set @sub */
	K_REPLY,	/* reply only: rejected */
};

struct attr_def {
	enum kind kind;
	uint64_t min, max;	/* integers: the valid range */
	int sub;		/* K_NEST, K_LIST: the set */
	int elem;		/* K_LIST: the element's type */
};

enum { S_TOP, S_GLOBAL, S_TSET, S_ACL, S_LINES, S_LINE, S_MAP, S_ENTRY,
       S_PEERS, S_TSETS, S_BINDING, S_SA, S_SEL, N_SETS };

#define U(k, lo, hi)	{ .kind = (k), .min = (lo), .max = (hi) }
#define T(k)		{ .kind = (k) }
#define NEST(s)		{ .kind = K_NEST, .sub = (s) }
#define LIST(s, e)	{ .kind = K_LIST, .sub = (s), .elem = (e) }

static const struct attr_def top_set[CMAP_A_MAX + 1] = {
	[CMAP_A_FLAGS] = U(K_U32, 0, 1),
	[CMAP_A_GENERATION] = T(K_REPLY),
	[CMAP_A_GLOBAL] = NEST(S_GLOBAL),
	[CMAP_A_TSET] = NEST(S_TSET),
	[CMAP_A_ACL] = NEST(S_ACL),
	[CMAP_A_MAP] = NEST(S_MAP),
	[CMAP_A_ENTRY] = NEST(S_ENTRY),
	[CMAP_A_BINDING] = NEST(S_BINDING),
	[CMAP_A_INFO] = T(K_REPLY),
	[CMAP_A_PAD] = T(K_REPLY),
	[CMAP_A_SA] = NEST(S_SA),
	[CMAP_A_ACQUIRE] = T(K_REPLY),
	[CMAP_A_STATS] = T(K_REPLY),
};

static const struct attr_def global_set[CMAP_GLOBAL_A_MAX + 1] = {
	[CMAP_GLOBAL_A_LIFE_SECS] = U(K_U32, 120, 86400),
	[CMAP_GLOBAL_A_LIFE_KB] = U(K_U32, 2560, UINT32_MAX),
	[CMAP_GLOBAL_A_DF_BIT] = U(K_U8, 0, __CMAP_DF_MAX - 1),
	[CMAP_GLOBAL_A_REPLAY_WINDOW] = U(K_U32, 0, CMAP_REPLAY_WINDOW_MAX),
};

static const struct attr_def tset_set[CMAP_TSET_A_MAX + 1] = {
	[CMAP_TSET_A_NAME] = T(K_NAME),
	[CMAP_TSET_A_CIPHER] = U(K_U16, 0, __CMAP_CIPHER_MAX - 1),
	[CMAP_TSET_A_KEYBITS] = U(K_U16, 0, 256),
	[CMAP_TSET_A_AUTH] = U(K_U16, 0, __CMAP_AUTH_MAX - 1),
	[CMAP_TSET_A_MODE] = U(K_U8, 0, __CMAP_MODE_MAX - 1),
};

static const struct attr_def acl_set[CMAP_ACL_A_MAX + 1] = {
	[CMAP_ACL_A_NAME] = T(K_NAME),
	[CMAP_ACL_A_LINES] = LIST(S_LINES, CMAP_ACL_A_LINE),
	[CMAP_ACL_A_LINE] = T(K_REPLY),
};

static const struct attr_def lines_set[CMAP_ACL_A_MAX + 1] = {
	[CMAP_ACL_A_LINE] = NEST(S_LINE),
};

static const struct attr_def line_set[CMAP_LINE_A_MAX + 1] = {
	[CMAP_LINE_A_SEQ] = U(K_U32, 1, 2147483647),
	[CMAP_LINE_A_ACTION] = U(K_U8, 0, __CMAP_ACTION_MAX - 1),
	[CMAP_LINE_A_REMARK] = T(K_REMARK),
	[CMAP_LINE_A_PROTO] = U(K_U8, 0, 255),
	[CMAP_LINE_A_SRC] = T(K_BE32),
	[CMAP_LINE_A_SRC_WILD] = T(K_BE32),
	[CMAP_LINE_A_DST] = T(K_BE32),
	[CMAP_LINE_A_DST_WILD] = T(K_BE32),
	[CMAP_LINE_A_SPORT_OP] = U(K_U8, 0, __CMAP_PORT_MAX - 1),
	[CMAP_LINE_A_SPORT_LO] = U(K_U16, 0, 65535),
	[CMAP_LINE_A_SPORT_HI] = U(K_U16, 0, 65535),
	[CMAP_LINE_A_DPORT_OP] = U(K_U8, 0, __CMAP_PORT_MAX - 1),
	[CMAP_LINE_A_DPORT_LO] = U(K_U16, 0, 65535),
	[CMAP_LINE_A_DPORT_HI] = U(K_U16, 0, 65535),
	[CMAP_LINE_A_ICMP_TYPE] = U(K_U8, 0, 255),
	[CMAP_LINE_A_ICMP_CODE] = U(K_U8, 0, 255),
	[CMAP_LINE_A_LOG] = T(K_FLAG),
	[CMAP_LINE_A_HITS] = T(K_REPLY),
	[CMAP_LINE_A_PAD] = T(K_REPLY),
};

static const struct attr_def map_set[CMAP_MAP_A_MAX + 1] = {
	[CMAP_MAP_A_NAME] = T(K_NAME),
	[CMAP_MAP_A_DYNAMIC] = T(K_FLAG),
	[CMAP_MAP_A_LOCAL_IF] = T(K_IFNAME),
};

static const struct attr_def entry_set[CMAP_ENTRY_A_MAX + 1] = {
	[CMAP_ENTRY_A_MAP] = T(K_NAME),
	[CMAP_ENTRY_A_SEQ] = U(K_U16, 1, 65535),
	[CMAP_ENTRY_A_TYPE] = U(K_U8, 0, __CMAP_ENTRY_MAX - 1),
	[CMAP_ENTRY_A_ACL] = T(K_NAME),
	[CMAP_ENTRY_A_PEERS] = LIST(S_PEERS, CMAP_ENTRY_A_PEER),
	[CMAP_ENTRY_A_PEER] = T(K_REPLY),
	[CMAP_ENTRY_A_TSETS] = LIST(S_TSETS, CMAP_ENTRY_A_TSET),
	[CMAP_ENTRY_A_TSET] = T(K_REPLY),
	[CMAP_ENTRY_A_DYNMAP] = T(K_NAME),
	[CMAP_ENTRY_A_PFS] = U(K_U8, 0, 24),
	[CMAP_ENTRY_A_LIFE_SECS] = U(K_U32, 120, 86400),
	[CMAP_ENTRY_A_LIFE_KB] = U(K_U32, 2560, UINT32_MAX),
	[CMAP_ENTRY_A_REPLAY_WINDOW] = U(K_U32, 0, CMAP_REPLAY_WINDOW_MAX),
	[CMAP_ENTRY_A_ID] = T(K_REPLY),
	[CMAP_ENTRY_A_HITS] = T(K_REPLY),
	[CMAP_ENTRY_A_PAD] = T(K_REPLY),
	[CMAP_ENTRY_A_LINE_HITS] = T(K_REPLY),
};

static const struct attr_def peers_set[CMAP_ENTRY_A_MAX + 1] = {
	[CMAP_ENTRY_A_PEER] = T(K_BE32),
};

static const struct attr_def tsets_set[CMAP_ENTRY_A_MAX + 1] = {
	[CMAP_ENTRY_A_TSET] = T(K_NAME),
};

static const struct attr_def binding_set[CMAP_BINDING_A_MAX + 1] = {
	[CMAP_BINDING_A_IFNAME] = T(K_IFNAME),
	[CMAP_BINDING_A_MAP] = T(K_NAME),
	[CMAP_BINDING_A_IFINDEX] = T(K_REPLY),
};

static const struct attr_def sa_set[CMAP_SA_A_MAX + 1] = {
	[CMAP_SA_A_DIR] = U(K_U8, 0, 1),
	[CMAP_SA_A_SPI] = U(K_U32, CMAP_SPI_MIN, UINT32_MAX),
	[CMAP_SA_A_PEER] = T(K_BE32),
	[CMAP_SA_A_LOCAL] = T(K_BE32),
	[CMAP_SA_A_ENTRY_ID] = U(K_U32, 1, 64),
	[CMAP_SA_A_LINE] = U(K_U32, 0, 40),
	[CMAP_SA_A_CIPHER] = U(K_U16, 0, __CMAP_CIPHER_MAX - 1),
	[CMAP_SA_A_KEYBITS] = U(K_U16, 0, 256),
	[CMAP_SA_A_AUTH] = U(K_U16, 0, __CMAP_AUTH_MAX - 1),
	[CMAP_SA_A_MODE] = U(K_U8, 0, 1),
	[CMAP_SA_A_ENC_KEY] = U(K_BIN, 0, 36),
	[CMAP_SA_A_AUTH_KEY] = U(K_BIN, 0, 64),
	[CMAP_SA_A_FLAGS] = U(K_U32, 0, 1),
	[CMAP_SA_A_REPLAY_WINDOW] = U(K_U32, 0, CMAP_REPLAY_WINDOW_MAX),
	[CMAP_SA_A_SEL] = NEST(S_SEL),
	[CMAP_SA_A_SOFT_SECS] = U(K_U32, 0, 86400),
	[CMAP_SA_A_HARD_SECS] = U(K_U32, 0, 86400),
	[CMAP_SA_A_SOFT_KB] = U(K_U64, 0, UINT64_MAX),
	[CMAP_SA_A_HARD_KB] = U(K_U64, 0, UINT64_MAX),
	[CMAP_SA_A_CONN_ID] = U(K_U32, CMAP_CONN_ID_BASE, CMAP_CONN_ID_BASE + 64),
	[CMAP_SA_A_STATE] = T(K_REPLY),
	[CMAP_SA_A_SEQ] = T(K_REPLY),
	[CMAP_SA_A_AGE] = T(K_REPLY),
	[CMAP_SA_A_COUNTERS] = T(K_REPLY),
	[CMAP_SA_A_MAP] = T(K_NAME),
	[CMAP_SA_A_ENTRY_SEQ] = T(K_REPLY),
	[CMAP_SA_A_HARD] = T(K_REPLY),
	[CMAP_SA_A_REASON] = T(K_REPLY),
	[CMAP_SA_A_SPI_MIN] = U(K_U32, CMAP_SPI_MIN, UINT32_MAX),
	[CMAP_SA_A_SPI_MAX] = U(K_U32, CMAP_SPI_MIN, UINT32_MAX),
	[CMAP_SA_A_LARVAL_SECS] = U(K_U32, 1, CMAP_LARVAL_SECS_MAX),
	[CMAP_SA_A_COUNT] = T(K_REPLY),
	[CMAP_SA_A_PAD] = T(K_REPLY),
	[CMAP_SA_A_ICV_LEN] = T(K_REPLY),
	[CMAP_SA_A_IV_LEN] = T(K_REPLY),
	[CMAP_SA_A_BLOCK] = T(K_REPLY),
};

static const struct attr_def sel_set[CMAP_SEL_A_MAX + 1] = {
	[CMAP_SEL_A_SRC] = T(K_BE32),
	[CMAP_SEL_A_SRC_PLEN] = U(K_U8, 0, 32),
	[CMAP_SEL_A_DST] = T(K_BE32),
	[CMAP_SEL_A_DST_PLEN] = U(K_U8, 0, 32),
	[CMAP_SEL_A_PROTO] = U(K_U8, 0, 255),
	[CMAP_SEL_A_SPORT_LO] = U(K_U16, 0, 65535),
	[CMAP_SEL_A_SPORT_HI] = U(K_U16, 0, 65535),
	[CMAP_SEL_A_DPORT_LO] = U(K_U16, 0, 65535),
	[CMAP_SEL_A_DPORT_HI] = U(K_U16, 0, 65535),
};

static const struct {
	const struct attr_def *defs;
	int max;
} sets[N_SETS] = {
	[S_TOP] = { top_set, CMAP_A_MAX },
	[S_GLOBAL] = { global_set, CMAP_GLOBAL_A_MAX },
	[S_TSET] = { tset_set, CMAP_TSET_A_MAX },
	[S_ACL] = { acl_set, CMAP_ACL_A_MAX },
	[S_LINES] = { lines_set, CMAP_ACL_A_MAX },
	[S_LINE] = { line_set, CMAP_LINE_A_MAX },
	[S_MAP] = { map_set, CMAP_MAP_A_MAX },
	[S_ENTRY] = { entry_set, CMAP_ENTRY_A_MAX },
	[S_PEERS] = { peers_set, CMAP_ENTRY_A_MAX },
	[S_TSETS] = { tsets_set, CMAP_ENTRY_A_MAX },
	[S_BINDING] = { binding_set, CMAP_BINDING_A_MAX },
	[S_SA] = { sa_set, CMAP_SA_A_MAX },
	[S_SEL] = { sel_set, CMAP_SEL_A_MAX },
};

/* The object attribute each command takes (0: none or several). */
static int cmd_object(unsigned int cmd)
{
	switch (cmd) {
	case CMAP_CMD_SET_GLOBAL: return CMAP_A_GLOBAL;
	case CMAP_CMD_SET_TSET: case CMAP_CMD_DEL_TSET: return CMAP_A_TSET;
	case CMAP_CMD_SET_ACL: case CMAP_CMD_DEL_ACL: return CMAP_A_ACL;
	case CMAP_CMD_SET_MAP: case CMAP_CMD_DEL_MAP: return CMAP_A_MAP;
	case CMAP_CMD_SET_ENTRY: case CMAP_CMD_DEL_ENTRY: return CMAP_A_ENTRY;
	case CMAP_CMD_SET_BINDING: case CMAP_CMD_DEL_BINDING:
		return CMAP_A_BINDING;
	case CMAP_CMD_NEW_SA: case CMAP_CMD_UPD_SA: case CMAP_CMD_DEL_SA:
	case CMAP_CMD_GET_SA: case CMAP_CMD_FLUSH_SA: case CMAP_CMD_ALLOC_SPI:
	case CMAP_CMD_CLEAR_COUNTERS:
		return CMAP_A_SA;
	}
	return 0;
}

/* ---- building requests ---------------------------------------------------- */

struct msg {
	struct nlmsghdr *nlh;
	size_t cap;
	bool overflow;
};

static void *put_raw(struct msg *m, uint16_t type, const void *data,
		     size_t len)
{
	size_t need = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr *a;

	if (m->nlh->nlmsg_len + need > m->cap || NLA_HDRLEN + len > 0xffff) {
		m->overflow = true;
		return NULL;
	}
	a = (void *)((char *)m->nlh + m->nlh->nlmsg_len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, need - NLA_HDRLEN - len);
	m->nlh->nlmsg_len += need;
	return a;
}

static struct nlattr *nest_start(struct msg *m, uint16_t type)
{
	return put_raw(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m, struct nlattr *a)
{
	size_t len;

	if (!a)
		return;
	len = (char *)m->nlh + m->nlh->nlmsg_len - (char *)a;
	if (len > 0xffff) {
		/* Too large for one attribute: drop what it held. */
		m->nlh->nlmsg_len = (char *)a - (char *)m->nlh + NLA_HDRLEN;
		len = NLA_HDRLEN;
	}
	a->nla_len = len;
}

static void put_u(struct msg *m, uint16_t type, uint64_t v, int size)
{
	uint8_t b8 = v;
	uint16_t b16 = v;
	uint32_t b32 = v;

	switch (size) {
	case 1: put_raw(m, type, &b8, 1); break;
	case 2: put_raw(m, type, &b16, 2); break;
	case 4: put_raw(m, type, &b32, 4); break;
	default: put_raw(m, type, &v, 8); break;
	}
}

static const char *const names[] = {
	"a", "b", "fz", "myset", "mymap", "dyn", "110", "120", "199", "2000",
	"FZ-ACL", "lo", "fz0", "eth0", "100", "2699", "99", "2700",
};

static int kind_size(enum kind k)
{
	switch (k) {
	case K_U8: return 1;
	case K_U16: return 2;
	case K_U32: case K_BE32: return 4;
	case K_U64: return 8;
	default: return 0;
	}
}

/* An integer: mostly in range, often at its edges, sometimes outside. */
static uint64_t gen_int(struct rng *r, const struct attr_def *d)
{
	uint64_t span = d->max - d->min;
	int size = kind_size(d->kind);
	uint64_t all = size == 8 ? UINT64_MAX : (1ULL << (8 * size)) - 1;

	switch (below(r, 10)) {
	case 0: return d->min;
	case 1: return d->max;
	case 2: return d->min ? d->min - 1 : all;
	case 3: return d->max < all ? d->max + 1 : 0;
	case 4: return rnd(r) & all;
	case 5: return below(r, 2) ? 32 * below(r, 130) : below(r, 300);
	default: return d->min + (span == UINT64_MAX ? rnd(r) :
				  rnd(r) % (span + 1));
	}
}

static uint32_t gen_addr(struct rng *r)
{
	static const char *const a[] = {
		"10.1.2.1", "10.1.3.1", "10.1.1.0", "0.0.0.255", "172.16.1.0",
		"255.255.255.255", "0.0.0.0", "192.168.1.0", "10.9.0.1",
	};
	struct in_addr x;

	if (chance(r, 20))
		return rnd(r);
	inet_pton(AF_INET, a[below(r, ARRAY_SIZE(a))], &x);
	return x.s_addr;
}

static void put_string(struct rng *r, struct msg *m, uint16_t type,
		       enum kind k)
{
	char s[300];
	size_t len, i;
	int limit = k == K_IFNAME ? 15 : k == K_REMARK ? 100 : 63;

	switch (below(r, 12)) {
	case 0:		/* empty */
		put_raw(m, type, "", 1);
		return;
	case 1:		/* at the limit, or one more */
	case 2:
		len = limit + below(r, 2);
		break;
	case 3:		/* far too long */
		len = 100 + below(r, 200);
		break;
	case 4:		/* no NUL */
		put_raw(m, type, "abc", 3);
		return;
	case 5:		/* NUL inside */
		put_raw(m, type, "ab\0cd", 6);
		return;
	default:
		snprintf(s, sizeof(s), "%s", names[below(r, ARRAY_SIZE(names))]);
		put_raw(m, type, s, strlen(s) + 1);
		return;
	}
	for (i = 0; i < len; i++)
		s[i] = 'a' + below(r, 26);
	s[len] = 0;
	put_raw(m, type, s, len + 1);
}

static void gen_set(struct rng *r, struct msg *m, int set, int depth);

/* One attribute of @d, type @type, valid or mutated. */
static void gen_attr(struct rng *r, struct msg *m, uint16_t type,
		     const struct attr_def *d, int depth)
{
	struct nlattr *n;
	uint8_t junk[80];
	uint32_t count, i, a;
	size_t len;

	if (chance(r, 4)) {		/* wrong length */
		len = below(r, 12);
		for (i = 0; i < len; i++)
			junk[i] = rnd(r);
		put_raw(m, type, junk, len);
		return;
	}
	switch (d->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64:
		put_u(m, type, gen_int(r, d), kind_size(d->kind));
		break;
	case K_BE32:
		a = gen_addr(r);
		put_raw(m, type, &a, 4);
		break;
	case K_NAME: case K_IFNAME: case K_REMARK:
		put_string(r, m, type, d->kind);
		break;
	case K_FLAG:
	case K_REPLY:
		if (chance(r, 80))
			put_raw(m, type, NULL, 0);
		else
			put_u(m, type, rnd(r), 4);
		break;
	case K_BIN:
		len = below(r, 10) ? below(r, d->max + 1) : d->max + 1 +
			below(r, 20);
		a = below(r, sizeof(secret) - 8);
		len = len > sizeof(secret) - a ? sizeof(secret) - a : len;
		put_raw(m, type, secret + a, len);
		break;
	case K_NEST:
		if (depth > 40) {
			put_raw(m, type | NLA_F_NESTED, NULL, 0);
			break;
		}
		n = below(r, 20) ? nest_start(m, type) : put_raw(m, type, NULL, 0);
		if (!below(r, 30) && depth < 40) {
			/* deep: a nest inside itself */
			gen_attr(r, m, type, d, depth + 4);
		} else if (below(r, 15)) {
			gen_set(r, m, d->sub, depth + 1);
		}
		nest_end(m, n);
		break;
	case K_LIST:
		n = nest_start(m, type);
		switch (below(r, 12)) {
		case 0: count = 0; break;
		case 1: count = 17 + below(r, 3); break;	/* over 16 / 6 */
		case 2: count = 500 + below(r, 3000); break;	/* huge */
		default: count = below(r, 7); break;
		}
		for (i = 0; i < count && !m->overflow; i++) {
			if (chance(r, 3))
				put_u(m, below(r, 20), rnd(r), 4);
			else if (d->sub == S_LINES && count > 100)
				/* small lines, so that many fit */
				{
					struct nlattr *l = nest_start(m, d->elem);

					put_u(m, CMAP_LINE_A_ACTION, i & 1, 1);
					if (chance(r, 50))
						put_u(m, CMAP_LINE_A_SEQ, i + 1 +
						      below(r, 2), 4);
					nest_end(m, l);
				}
			else
				gen_attr(r, m, d->elem, &sets[d->sub].defs[d->elem],
					 depth + 1);
		}
		if (m->overflow) {
			/* Too many: keep the message, close the list. */
			m->overflow = false;
		}
		nest_end(m, n);
		break;
	case K_NONE:
		put_u(m, type, rnd(r), 4);
		break;
	}
}

/* Some of the set's attributes, each at most once (mostly), in any order. */
static void gen_set(struct rng *r, struct msg *m, int set, int depth)
{
	const struct attr_def *defs = sets[set].defs;
	int max = sets[set].max, n, i, t;

	n = below(r, 3) ? below(r, max + 1) : below(r, 2 * max + 3);
	for (i = 0; i < n && !m->overflow; i++) {
		t = below(r, 12) ? 1 + below(r, max) : below(r, max + 10);
		if (t == 0 || t > max || defs[t].kind == K_NONE) {
			put_u(m, t, rnd(r), 4);	/* unknown */
			continue;
		}
		if (defs[t].kind == K_REPLY && below(r, 3))
			continue;
		gen_attr(r, m, t, &defs[t], depth);
	}
}

static struct nlmsghdr *msg_init(struct msg *m, void *buf, size_t cap,
				 uint8_t cmd, uint16_t flags, uint32_t seq)
{
	struct genlmsghdr *g;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh = buf;
	m->cap = cap;
	m->overflow = false;
	m->nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlh->nlmsg_type = family;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	m->nlh->nlmsg_seq = seq;
	g = (void *)((char *)buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = CMAP_GENL_VERSION;
	return m->nlh;
}

/* ---- a socket and its replies ----------------------------------------------- */

struct conn {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	char *rbuf;
	size_t rsize;
};

/* What came back for one request. */
struct answer {
	int err;
	bool done;
	bool msg;		/* extack message */
	int n_data;
	char text[200];
};

struct worker {
	int id;
	struct rng r;
	struct conn c;
	char *buf;
	/* Entries seen in the last GET_ENTRY dump: identity and first peer. */
	uint32_t ids[32];
	uint32_t peers[32];
	int n_ids;
	uint32_t spis[32];
	int n_spis;
};

static void violation(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&out_lock);
	violations++;
	printf("VIOLATION (thread %d, seed %llu): ", w->id,
	       (unsigned long long)seed);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	pthread_mutex_unlock(&out_lock);
}

static void conn_open(struct conn *c)
{
	struct timeval tv = { .tv_sec = timeout_secs };
	int one = 1;

	c->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!c->sock || mnl_socket_bind(c->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket: %s", strerror(errno));
	c->portid = mnl_socket_get_portid(c->sock);
	mnl_socket_setsockopt(c->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(mnl_socket_get_fd(c->sock), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)))
		die("SO_RCVTIMEO: %s", strerror(errno));
	if (!c->rbuf) {
		c->rbuf = malloc(RECV_SIZE);
		if (!c->rbuf)
			die("out of memory");
	}
	c->rsize = RECV_SIZE;
}

static void conn_close(struct conn *c)
{
	mnl_socket_close(c->sock);
	c->sock = NULL;
}

/* Attributes fill @len exactly, nests (NLA_F_NESTED) recursively. */
static bool attrs_ok(const void *data, size_t len, int depth)
{
	const struct nlattr *a = data;

	while (len >= NLA_HDRLEN) {
		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return false;
		if ((a->nla_type & NLA_F_NESTED) && depth < 8 &&
		    !attrs_ok((const char *)a + NLA_HDRLEN,
			      a->nla_len - NLA_HDRLEN, depth + 1))
			return false;
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			return true;
		len -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return len == 0;
}

/* No key attribute in an SA nest, and no 8 bytes of any key anywhere. */
static bool leaks_key(const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *s;
	size_t i;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if ((mnl_attr_get_type(a) & NLA_TYPE_MASK) != CMAP_A_SA)
			continue;
		mnl_attr_for_each_nested(s, a) {
			int t = mnl_attr_get_type(s) & NLA_TYPE_MASK;

			if (t == CMAP_SA_A_ENC_KEY || t == CMAP_SA_A_AUTH_KEY)
				return true;
		}
	}
	for (i = 0; secret_set && i + 8 <= sizeof(secret); i += 4)
		if (memmem(nlh, nlh->nlmsg_len, secret + i, 8))
			return true;
	for (i = 0; i < (size_t)n_keys; i++)
		if (memmem(nlh, nlh->nlmsg_len, keys[i], key_len[i]))
			return true;
	__atomic_add_fetch(&scanned, 1, __ATOMIC_RELAXED);
	return false;
}

static void parse_ack_tlvs(const struct nlmsghdr *nlh, size_t off,
			   struct answer *ans)
{
	const struct nlattr *a;
	size_t len;

	if (nlh->nlmsg_len < off || !attrs_ok((const char *)nlh + off,
					      nlh->nlmsg_len - off, 8)) {
		ans->err = -1000;
		return;
	}
	mnl_attr_for_each(a, nlh, off - NLMSG_HDRLEN) {
		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		len = mnl_attr_get_payload_len(a);
		if (!len || ((const char *)mnl_attr_get_payload(a))[len - 1]) {
			ans->err = -1001;
			return;
		}
		ans->msg = len > 1;
		snprintf(ans->text, sizeof(ans->text), "%s",
			 (const char *)mnl_attr_get_payload(a));
	}
}

/*
 * One received message of the answer to @seq (a request of @cmd). Returns
 * true when it ends that answer.
 */
static bool check_msg(struct worker *w, const struct nlmsghdr *nlh,
		      uint32_t seq, uint8_t cmd, struct answer *ans)
{
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
		size_t off = NLMSG_HDRLEN + sizeof(*e);

		if (nlh->nlmsg_len < off) {
			violation(w, "cmd %u: short NLMSG_ERROR", cmd);
			return true;
		}
		if (nlh->nlmsg_seq != seq)
			return false;	/* another request of a batch */
		ans->err = e->error;
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
			if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
				off += e->msg.nlmsg_len - NLMSG_HDRLEN;
			parse_ack_tlvs(nlh, off, ans);
			if (ans->err < -999)
				violation(w, "cmd %u: malformed ack TLVs", cmd);
			ans->err = e->error;
		}
		return true;
	}
	if (nlh->nlmsg_seq != seq) {
		violation(w, "cmd %u: message of seq %u, not %u", cmd,
			  nlh->nlmsg_seq, seq);
		return false;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int)) {
			violation(w, "cmd %u: short NLMSG_DONE", cmd);
			return true;
		}
		ans->err = *(const int *)mnl_nlmsg_get_payload(nlh);
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_ack_tlvs(nlh, NLMSG_HDRLEN + sizeof(int), ans);
		return true;
	}
	ans->n_data++;
	if (nlh->nlmsg_type != family ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		violation(w, "cmd %u: reply of type %u, length %u", cmd,
			  nlh->nlmsg_type, nlh->nlmsg_len);
		return false;
	}
	if (((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd != cmd)
		violation(w, "cmd %u: reply of cmd %u", cmd,
			  ((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd);
	if (!attrs_ok((const char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN,
		      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, 0))
		violation(w, "cmd %u: reply with malformed attributes", cmd);
	if (leaks_key(nlh))
		violation(w, "cmd %u: reply carries key material", cmd);
	return false;
}

typedef void (*data_fn)(struct worker *w, const struct nlmsghdr *nlh);

/*
 * Receives the answer to @seq. @parts > 0: stop after that many reads (an
 * abandoned dump). Returns false on a timeout.
 */
static bool recv_answer(struct worker *w, uint32_t seq, uint8_t cmd,
			struct answer *ans, int parts, data_fn fn)
{
	const struct nlmsghdr *nlh;
	bool done = false;
	int n, reads = 0;

	memset(ans, 0, sizeof(*ans));
	while (!done) {
		n = recv(mnl_socket_get_fd(w->c.sock), w->c.rbuf, w->c.rsize, 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				violation(w, "cmd %u seq %u: no answer within %d s",
					  cmd, seq, timeout_secs);
				__atomic_add_fetch(&hangs, 1, __ATOMIC_RELAXED);
				return false;
			}
			if (errno == EINTR)
				continue;
			violation(w, "cmd %u: recv: %s", cmd, strerror(errno));
			return false;
		}
		for (nlh = (void *)w->c.rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (check_msg(w, nlh, seq, cmd, ans))
				done = true;
			else if (fn && nlh->nlmsg_type == family)
				fn(w, nlh);
		}
		if (n > 0)
			violation(w, "cmd %u: %d bytes of a truncated message",
				  cmd, n);
		if (parts && ++reads >= parts && !done)
			return true;
	}
	ans->done = true;
	return true;
}

/* Counts the answer and checks its extack. @core_ok: errors the core may give. */
static void account(struct worker *w, uint8_t cmd, bool dump, bool short_hdr,
		    const struct answer *ans)
{
	int e = -ans->err;
	bool is_op = cmd_ops(cmd) & (dump ? DUMP : DO);

	__atomic_add_fetch(&replies[e >= 0 && e < MAX_ERRNO ? e : MAX_ERRNO - 1],
			   1, __ATOMIC_RELAXED);
	if (!e || ans->msg)
		return;
	if (e == EOPNOTSUPP && !is_op)
		return;		/* genetlink: no such operation */
	if (e == EINVAL && short_hdr)
		return;		/* genetlink: no room for its header */
	violation(w, "%s %s (cmd %u): error %d without an extack message",
		  cmd < ARRAY_SIZE(cmds) && cmds[cmd].name ? cmds[cmd].name : "?",
		  dump ? "dump" : "do", cmd, ans->err);
}

static bool budget(void)
{
	return __atomic_add_fetch(&sent, 1, __ATOMIC_RELAXED) <= total;
}

static void send_msg(struct worker *w, const void *buf, size_t len)
{
	if (send(mnl_socket_get_fd(w->c.sock), buf, len, 0) < 0)
		die("send: %s", strerror(errno));
}

/* One request and its whole answer, checked and counted. */
static bool talk(struct worker *w, struct msg *m, struct answer *ans, data_fn fn)
{
	struct genlmsghdr *g = mnl_nlmsg_get_payload(m->nlh);
	bool dump = m->nlh->nlmsg_flags & NLM_F_DUMP;

	if (!budget())
		return false;
	send_msg(w, m->nlh, m->nlh->nlmsg_len);
	if (!recv_answer(w, m->nlh->nlmsg_seq, g->cmd, ans, 0, fn))
		return false;
	account(w, g->cmd, dump, false, ans);
	return true;
}

/* ---- actions ------------------------------------------------------------ */

/* A request of random command, flags and attributes. */
static void act_random(struct worker *w)
{
	struct rng *r = &w->r;
	struct answer ans;
	struct msg m;
	uint8_t cmd;
	bool dump, short_hdr = false;
	int obj;

	cmd = below(r, 20) ? 1 + below(r, CMAP_CMD_MAX) : below(r, 256);
	dump = (cmd_ops(cmd) & DUMP) && (!(cmd_ops(cmd) & DO) || chance(r, 50));
	if (chance(r, 3))
		dump = !dump;
	msg_init(&m, w->buf, MSG_SIZE, cmd, dump ? NLM_F_DUMP : NLM_F_ACK,
		 ++w->c.seq);
	if (chance(r, 3))	/* version and reserved are not checked */
		((struct genlmsghdr *)mnl_nlmsg_get_payload(m.nlh))->version =
			rnd(r);
	obj = cmd_object(cmd);
	if (obj && chance(r, 85)) {
		if (chance(r, 30))
			put_u(&m, CMAP_A_FLAGS, below(r, 3) ? below(r, 2) : rnd(r),
			      4);
		gen_attr(r, &m, obj, &top_set[obj], 0);
	} else if (chance(r, 50)) {
		gen_set(r, &m, S_TOP, 0);
	}
	if (chance(r, 2)) {
		/* an attribute cut short at the end of the message */
		put_u(&m, CMAP_A_FLAGS, 0, 4);
		m.nlh->nlmsg_len -= 2;
	}
	if (chance(r, 1)) {
		m.nlh->nlmsg_len = NLMSG_HDRLEN + below(r, GENL_HDRLEN);
		short_hdr = true;
	}
	if (!budget())
		return;
	send_msg(w, m.nlh, m.nlh->nlmsg_len);
	if (recv_answer(w, m.nlh->nlmsg_seq, cmd, &ans, 0, NULL))
		account(w, cmd, dump, short_hdr, &ans);
}

static void put_name_attr(struct msg *m, uint16_t type, const char *s)
{
	put_raw(m, type, s, strlen(s) + 1);
}

static const char *const fz_acls[] = { "110", "120", "FZ-ACL", "2000" };

/* A valid object of the fuzzer's small configuration. */
static void gen_valid(struct worker *w, struct msg *m, int kind)
{
	struct rng *r = &w->r;
	struct nlattr *n, *l, *x;
	uint32_t peer, i, k;

	switch (kind) {
	case 0:
		n = nest_start(m, CMAP_A_TSET);
		put_name_attr(m, CMAP_TSET_A_NAME, "fzts");
		put_u(m, CMAP_TSET_A_CIPHER, CMAP_CIPHER_AES, 2);
		put_u(m, CMAP_TSET_A_KEYBITS, 128, 2);
		put_u(m, CMAP_TSET_A_AUTH, CMAP_AUTH_SHA1, 2);
		nest_end(m, n);
		break;
	case 1:
		n = nest_start(m, CMAP_A_ACL);
		put_name_attr(m, CMAP_ACL_A_NAME, fz_acls[below(r, 4)]);
		l = nest_start(m, CMAP_ACL_A_LINES);
		k = 1 + below(r, 4);
		for (i = 0; i < k; i++) {
			x = nest_start(m, CMAP_ACL_A_LINE);
			put_u(m, CMAP_LINE_A_ACTION, chance(r, 80) ?
			      CMAP_ACTION_PERMIT : CMAP_ACTION_DENY, 1);
			peer = htonl(0x0a010100 + (below(r, 4) << 8));
			put_raw(m, CMAP_LINE_A_SRC, &peer, 4);
			peer = htonl(0xff);
			put_raw(m, CMAP_LINE_A_SRC_WILD, &peer, 4);
			if (chance(r, 30)) {
				put_u(m, CMAP_LINE_A_PROTO, 6, 1);
				put_u(m, CMAP_LINE_A_DPORT_OP, CMAP_PORT_EQ, 1);
				put_u(m, CMAP_LINE_A_DPORT_LO, 80 + i, 2);
			}
			nest_end(m, x);
		}
		nest_end(m, l);
		nest_end(m, n);
		break;
	case 2:
		n = nest_start(m, CMAP_A_MAP);
		put_name_attr(m, CMAP_MAP_A_NAME, "fzmap");
		nest_end(m, n);
		break;
	case 3:
		n = nest_start(m, CMAP_A_ENTRY);
		put_name_attr(m, CMAP_ENTRY_A_MAP, "fzmap");
		put_u(m, CMAP_ENTRY_A_SEQ, 10 * (1 + below(r, 4)), 2);
		put_u(m, CMAP_ENTRY_A_TYPE, CMAP_ENTRY_ISAKMP, 1);
		put_name_attr(m, CMAP_ENTRY_A_ACL, fz_acls[below(r, 4)]);
		l = nest_start(m, CMAP_ENTRY_A_PEERS);
		peer = htonl(0x0a090001 + below(r, 3));
		put_raw(m, CMAP_ENTRY_A_PEER, &peer, 4);
		nest_end(m, l);
		l = nest_start(m, CMAP_ENTRY_A_TSETS);
		put_name_attr(m, CMAP_ENTRY_A_TSET, "fzts");
		nest_end(m, l);
		if (chance(r, 30))
			put_u(m, CMAP_ENTRY_A_LIFE_SECS, 120 + below(r, 1000), 4);
		nest_end(m, n);
		break;
	default:
		n = nest_start(m, CMAP_A_BINDING);
		put_name_attr(m, CMAP_BINDING_A_IFNAME, chance(r, 50) ? "fz0" :
			      "fz1");
		put_name_attr(m, CMAP_BINDING_A_MAP, "fzmap");
		nest_end(m, n);
		break;
	}
}

static const uint8_t set_cmds[] = {
	CMAP_CMD_SET_TSET, CMAP_CMD_SET_ACL, CMAP_CMD_SET_MAP,
	CMAP_CMD_SET_ENTRY, CMAP_CMD_SET_BINDING,
	/* then: more of the configuration, or less */
	CMAP_CMD_SET_GLOBAL, CMAP_CMD_SET_ACL, CMAP_CMD_SET_MAP,
	CMAP_CMD_SET_ENTRY, CMAP_CMD_DEL_ACL, CMAP_CMD_DEL_ENTRY,
	CMAP_CMD_DEL_TSET, CMAP_CMD_DEL_BINDING,
};

/*
 * The objects of set_cmds from 5 on: global settings, a line appended to
 * an access list, a dynamic map and an entry that instantiates it, and
 * deletions (of objects in use too: the commit names them).
 */
static void gen_more(struct worker *w, struct msg *m, int kind)
{
	struct rng *r = &w->r;
	struct nlattr *n, *l, *x;

	switch (kind) {
	case 5:
		n = nest_start(m, CMAP_A_GLOBAL);
		put_u(m, CMAP_GLOBAL_A_LIFE_SECS, 120 + below(r, 86281), 4);
		put_u(m, CMAP_GLOBAL_A_REPLAY_WINDOW, 32 * below(r, 129), 4);
		if (chance(r, 50))
			put_u(m, CMAP_GLOBAL_A_DF_BIT, below(r, 3), 1);
		nest_end(m, n);
		break;
	case 6:
		put_u(m, CMAP_A_FLAGS, CMAP_ACL_F_APPEND, 4);
		n = nest_start(m, CMAP_A_ACL);
		put_name_attr(m, CMAP_ACL_A_NAME, fz_acls[below(r, 4)]);
		l = nest_start(m, CMAP_ACL_A_LINES);
		x = nest_start(m, CMAP_ACL_A_LINE);
		put_u(m, CMAP_LINE_A_ACTION, below(r, 3), 1);
		if (chance(r, 30))
			put_name_attr(m, CMAP_LINE_A_REMARK, "fuzz");
		nest_end(m, x);
		nest_end(m, l);
		nest_end(m, n);
		break;
	case 7:
		n = nest_start(m, CMAP_A_MAP);
		put_name_attr(m, CMAP_MAP_A_NAME, "fzdyn");
		put_raw(m, CMAP_MAP_A_DYNAMIC, NULL, 0);
		nest_end(m, n);
		break;
	case 8:
		n = nest_start(m, CMAP_A_ENTRY);
		put_name_attr(m, CMAP_ENTRY_A_MAP, chance(r, 50) ? "fzmap" :
			      "fzdyn");
		put_u(m, CMAP_ENTRY_A_SEQ, 100 + below(r, 3), 2);
		put_u(m, CMAP_ENTRY_A_TYPE, below(r, 3), 1);
		if (chance(r, 50))
			put_name_attr(m, CMAP_ENTRY_A_DYNMAP, "fzdyn");
		if (chance(r, 50)) {
			put_name_attr(m, CMAP_ENTRY_A_ACL, fz_acls[below(r, 4)]);
			l = nest_start(m, CMAP_ENTRY_A_TSETS);
			put_name_attr(m, CMAP_ENTRY_A_TSET, "fzts");
			nest_end(m, l);
		}
		if (chance(r, 30))
			put_u(m, CMAP_ENTRY_A_PFS, 14, 1);
		nest_end(m, n);
		break;
	case 9:
		n = nest_start(m, CMAP_A_ACL);
		put_name_attr(m, CMAP_ACL_A_NAME, fz_acls[below(r, 4)]);
		nest_end(m, n);
		break;
	case 10:
		n = nest_start(m, CMAP_A_ENTRY);
		put_name_attr(m, CMAP_ENTRY_A_MAP, "fzmap");
		put_u(m, CMAP_ENTRY_A_SEQ, 10 * (1 + below(r, 4)), 2);
		nest_end(m, n);
		break;
	case 11:
		n = nest_start(m, CMAP_A_TSET);
		put_name_attr(m, CMAP_TSET_A_NAME, "fzts");
		nest_end(m, n);
		break;
	default:
		n = nest_start(m, CMAP_A_BINDING);
		put_name_attr(m, CMAP_BINDING_A_IFNAME, "fz0");
		nest_end(m, n);
		break;
	}
}

/*
 * A transaction of mostly valid objects, sometimes batched in one send;
 * it commits, aborts, or dies with its socket.
 */
static void act_txn(struct worker *w)
{
	struct rng *r = &w->r;
	struct answer ans;
	struct msg m;
	char *p = w->buf;
	uint32_t seqs[BATCH_MAX], i, n;
	uint8_t cmds_sent[BATCH_MAX];
	bool batch = chance(r, 40);
	int kind;

	__atomic_add_fetch(&txns, 1, __ATOMIC_RELAXED);
	msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_BEGIN, NLM_F_ACK, ++w->c.seq);
	if (chance(r, 50))
		put_u(&m, CMAP_A_FLAGS, CMAP_TXN_F_REPLACE, 4);
	if (!talk(w, &m, &ans, NULL) || ans.err)
		return;
	n = 5 + below(r, BATCH_MAX - 4);
	if (batch)
		__atomic_add_fetch(&batches, 1, __ATOMIC_RELAXED);
	for (i = 0; i < n; i++) {
		kind = i < 5 ? (int)i : (int)below(r, ARRAY_SIZE(set_cmds));
		msg_init(&m, p, MSG_SIZE - (p - w->buf), set_cmds[kind],
			 NLM_F_ACK, ++w->c.seq);
		if (kind < 5)
			gen_valid(w, &m, kind);
		else
			gen_more(w, &m, kind);
		if (chance(r, 5))
			gen_attr(r, &m, CMAP_A_FLAGS, &top_set[CMAP_A_FLAGS], 0);
		if (!batch) {
			if (!talk(w, &m, &ans, NULL))
				return;
			continue;
		}
		seqs[i] = m.nlh->nlmsg_seq;
		cmds_sent[i] = set_cmds[kind];
		p += NLMSG_ALIGN(m.nlh->nlmsg_len);
	}
	if (batch) {
		for (i = 0; i < n; i++)
			if (!budget())
				return;
		send_msg(w, w->buf, p - w->buf);
		/* One ack per request, in order, each in a read of its own. */
		for (i = 0; i < n; i++) {
			if (!recv_answer(w, seqs[i], cmds_sent[i], &ans, 0, NULL))
				return;
			account(w, cmds_sent[i], false, false, &ans);
		}
	}
	switch (below(r, 10)) {
	case 0:
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_ABORT, NLM_F_ACK,
			 ++w->c.seq);
		talk(w, &m, &ans, NULL);
		break;
	case 1:		/* the candidate dies with its socket */
		conn_close(&w->c);
		conn_open(&w->c);
		break;
	default:
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_COMMIT, NLM_F_ACK,
			 ++w->c.seq);
		talk(w, &m, &ans, NULL);
		if (ans.err) {
			msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_ABORT,
				 NLM_F_ACK, ++w->c.seq);
			talk(w, &m, &ans, NULL);
		}
		break;
	}
}

static void entry_fn(struct worker *w, const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *e, *p;
	uint32_t id = 0, peer = 0;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if ((mnl_attr_get_type(a) & NLA_TYPE_MASK) != CMAP_A_ENTRY)
			continue;
		mnl_attr_for_each_nested(e, a) {
			int t = mnl_attr_get_type(e) & NLA_TYPE_MASK;

			if (t == CMAP_ENTRY_A_ID &&
			    mnl_attr_get_payload_len(e) == 4)
				id = mnl_attr_get_u32(e);
			if (t != CMAP_ENTRY_A_PEERS || peer)
				continue;
			mnl_attr_for_each_nested(p, e)
				if (mnl_attr_get_payload_len(p) == 4) {
					peer = mnl_attr_get_u32(p);
					break;
				}
		}
	}
	if (id && w->n_ids < (int)ARRAY_SIZE(w->ids)) {
		w->peers[w->n_ids] = peer;
		w->ids[w->n_ids++] = id;
	}
}

/* SAs on the entries of the running configuration, added and deleted. */
static void act_sa(struct worker *w)
{
	struct rng *r = &w->r;
	struct answer ans;
	struct nlattr *n;
	struct msg m;
	uint32_t spi, j;
	int i, k;

	w->n_ids = 0;
	msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_GET_ENTRY, NLM_F_DUMP,
		 ++w->c.seq);
	if (!talk(w, &m, &ans, entry_fn) || !w->n_ids)
		return;
	k = 1 + below(r, 4);
	for (i = 0; i < k; i++) {
		j = below(r, w->n_ids);
		spi = 256 + below(r, 4096) + (w->id << 16);
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_NEW_SA, NLM_F_ACK,
			 ++w->c.seq);
		n = nest_start(&m, CMAP_A_SA);
		put_u(&m, CMAP_SA_A_DIR, below(r, 2), 1);
		put_u(&m, CMAP_SA_A_SPI, spi, 4);
		put_raw(&m, CMAP_SA_A_PEER, &w->peers[j], 4);
		put_u(&m, CMAP_SA_A_ENTRY_ID, w->ids[j], 4);
		put_u(&m, CMAP_SA_A_CIPHER, CMAP_CIPHER_AES, 2);
		put_u(&m, CMAP_SA_A_KEYBITS, 128, 2);
		put_u(&m, CMAP_SA_A_AUTH, CMAP_AUTH_SHA1, 2);
		put_raw(&m, CMAP_SA_A_ENC_KEY, secret + below(r, 64), 16);
		put_raw(&m, CMAP_SA_A_AUTH_KEY, secret + below(r, 64), 20);
		if (chance(r, 30))
			gen_attr(r, &m, 1 + below(r, CMAP_SA_A_MAX),
				 &sa_set[1 + below(r, CMAP_SA_A_MAX)], 1);
		nest_end(&m, n);
		if (!talk(w, &m, &ans, NULL))
			return;
		if (!ans.err) {
			__atomic_add_fetch(&sas_added, 1, __ATOMIC_RELAXED);
			if (w->n_spis < (int)ARRAY_SIZE(w->spis))
				w->spis[w->n_spis++] = spi;
		}
	}
	/* GET_SA of one, then delete some, or flush, or reserve an SPI. */
	switch (below(r, 7)) {
	case 4:
		if (!w->n_spis)
			break;
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_UPD_SA, NLM_F_ACK,
			 ++w->c.seq);
		n = nest_start(&m, CMAP_A_SA);
		put_u(&m, CMAP_SA_A_DIR, CMAP_SA_DIR_IN, 1);
		put_u(&m, CMAP_SA_A_SPI, w->spis[below(r, w->n_spis)], 4);
		put_u(&m, CMAP_SA_A_SOFT_SECS, below(r, 100), 4);
		put_u(&m, CMAP_SA_A_HARD_SECS, below(r, 200), 4);
		if (chance(r, 50))
			put_u(&m, CMAP_SA_A_HARD_KB, rnd(r), 8);
		nest_end(&m, n);
		talk(w, &m, &ans, NULL);
		break;
	case 5:
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_CLEAR_COUNTERS,
			 NLM_F_ACK, ++w->c.seq);
		if (chance(r, 50)) {
			n = nest_start(&m, CMAP_A_SA);
			put_name_attr(&m, CMAP_SA_A_MAP, "fzmap");
			nest_end(&m, n);
		}
		talk(w, &m, &ans, NULL);
		break;
	case 6:
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_GET_HITS, NLM_F_DUMP,
			 ++w->c.seq);
		talk(w, &m, &ans, NULL);
		break;
	case 0:
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_FLUSH_SA, NLM_F_ACK,
			 ++w->c.seq);
		talk(w, &m, &ans, NULL);
		w->n_spis = 0;
		break;
	case 1:
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_ALLOC_SPI, NLM_F_ACK,
			 ++w->c.seq);
		n = nest_start(&m, CMAP_A_SA);
		put_u(&m, CMAP_SA_A_LARVAL_SECS, 1 + below(r, 5), 4);
		nest_end(&m, n);
		talk(w, &m, &ans, NULL);
		break;
	default:
		while (w->n_spis && chance(r, 70)) {
			spi = w->spis[--w->n_spis];
			for (i = 0; i < 2; i++) {
				msg_init(&m, w->buf, MSG_SIZE,
					 i ? CMAP_CMD_DEL_SA : CMAP_CMD_GET_SA,
					 NLM_F_ACK, ++w->c.seq);
				n = nest_start(&m, CMAP_A_SA);
				put_u(&m, CMAP_SA_A_DIR, CMAP_SA_DIR_IN, 1);
				put_u(&m, CMAP_SA_A_SPI, spi, 4);
				nest_end(&m, n);
				if (!talk(w, &m, &ans, NULL))
					return;
			}
		}
		break;
	}
}

static const uint8_t dump_cmds[] = {
	CMAP_CMD_GET_TSET, CMAP_CMD_GET_ACL, CMAP_CMD_GET_MAP,
	CMAP_CMD_GET_ENTRY, CMAP_CMD_GET_BINDING, CMAP_CMD_GET_SA,
	CMAP_CMD_GET_HITS,
};

/*
 * A dump read in small parts on a socket of its own (a new socket's dumps
 * fill one page per part), often abandoned after the first part.
 */
static void act_dump(struct worker *w)
{
	struct rng *r = &w->r;
	uint8_t cmd = dump_cmds[below(r, ARRAY_SIZE(dump_cmds))];
	bool abandon = chance(r, 50);
	struct conn main = w->c;
	struct answer ans;
	struct msg m;

	if (!budget())
		return;
	w->c.rbuf = NULL;
	conn_open(&w->c);
	w->c.rsize = 4096;
	msg_init(&m, w->buf, MSG_SIZE, cmd, NLM_F_DUMP, ++w->c.seq);
	send_msg(w, m.nlh, m.nlh->nlmsg_len);
	if (recv_answer(w, m.nlh->nlmsg_seq, cmd, &ans, abandon ? 1 : 0,
			NULL)) {
		if (ans.done)
			account(w, cmd, true, false, &ans);
		else	/* the socket goes with the dump's state */
			__atomic_add_fetch(&abandoned, 1, __ATOMIC_RELAXED);
	}
	conn_close(&w->c);
	free(w->c.rbuf);
	w->c = main;
}

/* A large configuration now and then, so that dumps take several parts. */
static void act_bulk(struct worker *w)
{
	struct answer ans;
	struct msg m;
	char name[16];
	uint32_t i, k = 50 + below(&w->r, 200);

	msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_BEGIN, NLM_F_ACK, ++w->c.seq);
	if (!talk(w, &m, &ans, NULL) || ans.err)
		return;
	for (i = 0; i < k; i++) {
		struct nlattr *n;

		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_SET_TSET, NLM_F_ACK,
			 ++w->c.seq);
		n = nest_start(&m, CMAP_A_TSET);
		snprintf(name, sizeof(name), "bulk%u", i);
		put_name_attr(&m, CMAP_TSET_A_NAME, name);
		put_u(&m, CMAP_TSET_A_CIPHER, CMAP_CIPHER_GCM, 2);
		nest_end(&m, n);
		if (!talk(w, &m, &ans, NULL))
			return;
	}
	msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_COMMIT, NLM_F_ACK,
		 ++w->c.seq);
	talk(w, &m, &ans, NULL);
	if (ans.err) {
		msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_TXN_ABORT, NLM_F_ACK,
			 ++w->c.seq);
		talk(w, &m, &ans, NULL);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint32_t x;

	w->buf = malloc(MSG_SIZE);
	if (!w->buf)
		die("out of memory");
	conn_open(&w->c);
	while (__atomic_load_n(&sent, __ATOMIC_RELAXED) < total &&
	       !__atomic_load_n(&hangs, __ATOMIC_RELAXED)) {
		x = below(&w->r, 100);
		if (x < 55)
			act_random(w);
		else if (x < 70)
			act_txn(w);
		else if (x < 82)
			act_sa(w);
		else if (x < 97)
			act_dump(w);
		else if (x < 98)
			act_bulk(w);
		else {
			struct msg m;
			struct answer ans;

			msg_init(&m, w->buf, MSG_SIZE, CMAP_CMD_FLUSH,
				 NLM_F_ACK, ++w->c.seq);
			talk(w, &m, &ans, NULL);
		}
	}
	conn_close(&w->c);
	free(w->c.rbuf);
	free(w->buf);
	return NULL;
}

/* ---- setup ----------------------------------------------------------------- */

static void family_cb_fn(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			family = mnl_attr_get_u16(a);
}

static void resolve_family(void)
{
	struct mnl_socket *s = mnl_socket_open(NETLINK_GENERIC);
	char buf[8192];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int n;

	if (!s || mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket: %s", strerror(errno));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME);
	if (mnl_socket_sendto(s, nlh, nlh->nlmsg_len) < 0)
		die("sendto: %s", strerror(errno));
	n = mnl_socket_recvfrom(s, buf, sizeof(buf));
	for (nlh = (void *)buf; n > 0 && mnl_nlmsg_ok(nlh, n);
	     nlh = mnl_nlmsg_next(nlh, &n))
		if (nlh->nlmsg_type == GENL_ID_CTRL)
			family_cb_fn(nlh);
	mnl_socket_close(s);
	if (!family) {
		fprintf(stderr, "generic netlink family %s is not registered\n",
			CMAP_GENL_NAME);
		exit(3);
	}
}

static const char *errname(int e)
{
	static const char *const n[MAX_ERRNO] = {
		[0] = "ok", [EPERM] = "EPERM", [ENOENT] = "ENOENT",
		[EINVAL] = "EINVAL", [ERANGE] = "ERANGE", [EBUSY] = "EBUSY",
		[EEXIST] = "EEXIST", [ENOSPC] = "ENOSPC", [ENOMEM] = "ENOMEM",
		[EOPNOTSUPP] = "EOPNOTSUPP", [EMSGSIZE] = "EMSGSIZE",
		[E2BIG] = "E2BIG", [ENOTUNIQ] = "ENOTUNIQ",
	};

	return e >= 0 && e < MAX_ERRNO && n[e] ? n[e] : NULL;
}

static int run_fuzz(void)
{
	struct worker *ws = calloc(n_threads, sizeof(*ws));
	pthread_t *tids = calloc(n_threads, sizeof(*tids));
	struct rng sr = { .s = seed ^ 0x9e3779b97f4a7c15ULL };
	long n_replies = 0;
	int i;

	if (!ws || !tids)
		die("out of memory");
	for (i = 0; i < (int)sizeof(secret); i++)
		secret[i] = rnd(&sr);
	secret_set = true;
	printf("seed %llu, %d threads, %ld messages, answers within %d s\n",
	       (unsigned long long)seed, n_threads, total, timeout_secs);
	for (i = 0; i < n_threads; i++) {
		ws[i].id = i;
		ws[i].r.s = seed * 2654435761ULL + i + 1;
		if (pthread_create(&tids[i], NULL, worker_main, &ws[i]))
			die("pthread_create");
	}
	for (i = 0; i < n_threads; i++)
		pthread_join(tids[i], NULL);
	if (sent > total)
		sent = total;
	printf("sent %ld messages: %ld transactions (%ld batched), %ld SAs added, %ld dumps abandoned\n",
	       sent, txns, batches, sas_added, abandoned);
	printf("answers by errno:");
	for (i = 0; i < MAX_ERRNO; i++) {
		if (!replies[i])
			continue;
		n_replies += replies[i];
		if (errname(i))
			printf(" %s %ld", errname(i), replies[i]);
		else
			printf(" %d %ld", i, replies[i]);
	}
	printf("\nanswers: %ld, hangs: %ld\nviolations: %ld\n", n_replies,
	       hangs, violations);
	return violations ? 1 : 0;
}

/* Every operation without the capability: EPERM with a message. */
static int run_eperm(void)
{
	struct worker w = { 0 };
	struct answer ans;
	struct msg m;
	unsigned int cmd;
	int bad = 0, n = 0, d;

	w.buf = malloc(MSG_SIZE);
	if (!w.buf)
		die("out of memory");
	total = 1000;
	conn_open(&w.c);
	for (cmd = 1; cmd < ARRAY_SIZE(cmds); cmd++) {
		for (d = 0; d < 2; d++) {
			if (!(cmd_ops(cmd) & (d ? DUMP : DO)))
				continue;
			msg_init(&m, w.buf, MSG_SIZE, cmd,
				 d ? NLM_F_DUMP : NLM_F_ACK, ++w.c.seq);
			if (cmd == CMAP_CMD_TXN_BEGIN)
				put_u(&m, CMAP_A_FLAGS, CMAP_TXN_F_REPLACE, 4);
			else if (cmd_object(cmd) && cmd_object(cmd) != CMAP_A_SA)
				gen_valid(&w, &m, cmd_object(cmd) == CMAP_A_TSET ? 0 :
					  cmd_object(cmd) == CMAP_A_ACL ? 1 :
					  cmd_object(cmd) == CMAP_A_MAP ? 2 :
					  cmd_object(cmd) == CMAP_A_ENTRY ? 3 : 4);
			if (!talk(&w, &m, &ans, NULL))
				return 1;
			n++;
			if (ans.err != -EPERM || !strstr(ans.text, "CAP_NET_ADMIN"))
				bad++;
			printf("%s %s %s: errno %d: %s\n",
			       ans.err == -EPERM && strstr(ans.text, "CAP_NET_ADMIN") ?
			       "ok  " : "FAIL", cmds[cmd].name, d ? "dump" : "do",
			       ans.err, ans.msg ? ans.text : "(no message)");
		}
	}
	printf("%d requests, %d not refused with EPERM and a message\n", n, bad);
	return bad || violations ? 1 : 0;
}

static uint32_t conn_ids[256];
static int n_conn_ids;

static void sa_fn(struct worker *w, const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *s;

	(void)w;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if ((mnl_attr_get_type(a) & NLA_TYPE_MASK) != CMAP_A_SA)
			continue;
		mnl_attr_for_each_nested(s, a)
			if ((mnl_attr_get_type(s) & NLA_TYPE_MASK) ==
			    CMAP_SA_A_CONN_ID && n_conn_ids < 256)
				conn_ids[n_conn_ids++] = mnl_attr_get_u32(s);
	}
}

/*
 * Every read the family has, raw: no reply may carry a key attribute or
 * the bytes of one of the keys given.
 */
static int run_keyscan(int argc, char **argv)
{
	static const uint8_t reads[] = {
		CMAP_CMD_GET_INFO, CMAP_CMD_GET_GLOBAL, CMAP_CMD_GET_STATS,
	};
	struct worker w = { 0 };
	struct answer ans;
	struct nlattr *n;
	struct msg m;
	unsigned int i, j;
	int bad = 0;

	for (i = 0; i < (unsigned int)argc && n_keys < 32; i++) {
		size_t len = strlen(argv[i]) / 2;

		if (len < 8 || len > 64)
			die("keyscan: a key of 8 to 64 bytes in hex");
		for (j = 0; j < len; j++)
			if (sscanf(argv[i] + 2 * j, "%2hhx", &keys[n_keys][j]) != 1)
				die("keyscan: bad hex %s", argv[i]);
		key_len[n_keys++] = len;
	}
	w.buf = malloc(MSG_SIZE);
	if (!w.buf)
		die("out of memory");
	total = 100000;
	conn_open(&w.c);
	for (i = 0; i < ARRAY_SIZE(reads); i++) {
		msg_init(&m, w.buf, MSG_SIZE, reads[i], NLM_F_ACK, ++w.c.seq);
		if (!talk(&w, &m, &ans, NULL))
			return 1;
		bad += ans.err != 0;
	}
	for (i = 0; i < ARRAY_SIZE(dump_cmds); i++) {
		msg_init(&m, w.buf, MSG_SIZE, dump_cmds[i], NLM_F_DUMP,
			 ++w.c.seq);
		if (!talk(&w, &m, &ans, dump_cmds[i] == CMAP_CMD_GET_SA ?
			  sa_fn : NULL))
			return 1;
		bad += ans.err != 0;
	}
	for (i = 0; i < (unsigned int)n_conn_ids; i++) {
		msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_GET_SA, NLM_F_ACK,
			 ++w.c.seq);
		n = nest_start(&m, CMAP_A_SA);
		put_u(&m, CMAP_SA_A_CONN_ID, conn_ids[i], 4);
		nest_end(&m, n);
		if (!talk(&w, &m, &ans, NULL))
			return 1;
		bad += ans.err != 0;
	}
	printf("%ld replies scanned (%d SAs, %d keys): %ld with key material, %d failed requests\n",
	       scanned, n_conn_ids, n_keys, violations, bad);
	return bad || violations ? 1 : 0;
}

static int regress_bad;

static void regress_expect(const char *name, const struct answer *ans, int err,
			   const char *token)
{
	bool ok = ans->done && ans->err == err &&
		  (!err || (ans->msg && strstr(ans->text, token)));

	printf("%s %s: errno %d (want %d): %s\n", ok ? "ok  " : "FAIL", name,
	       ans->err, err, ans->msg ? ans->text : "(no message)");
	regress_bad += !ok;
}

/* Where a request has a nest of one attribute of @size bytes. */
static void one_attr(struct msg *m, uint16_t nest, uint16_t type, uint64_t v,
		     int size)
{
	struct nlattr *n = nest_start(m, nest);

	put_u(m, type, v, size);
	nest_end(m, n);
}

/* The family's policy, dumped by the generic netlink controller. */
static void regress_getpolicy(struct worker *w)
{
	struct answer ans;
	struct msg m;
	int n, msgs = 0;
	const struct nlmsghdr *nlh;
	bool done = false;

	msg_init(&m, w->buf, MSG_SIZE, CTRL_CMD_GETPOLICY, NLM_F_DUMP,
		 ++w->c.seq);
	m.nlh->nlmsg_type = GENL_ID_CTRL;
	((struct genlmsghdr *)mnl_nlmsg_get_payload(m.nlh))->version = 1;
	put_raw(&m, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME,
		sizeof(CMAP_GENL_NAME));
	send_msg(w, m.nlh, m.nlh->nlmsg_len);
	memset(&ans, 0, sizeof(ans));
	while (!done) {
		n = recv(mnl_socket_get_fd(w->c.sock), w->c.rbuf, w->c.rsize, 0);
		if (n < 0)
			break;
		for (nlh = (void *)w->c.rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_DONE ||
			    nlh->nlmsg_type == NLMSG_ERROR) {
				ans.err = *(const int *)mnl_nlmsg_get_payload(nlh);
				done = true;
			} else {
				msgs++;
			}
		}
	}
	ans.done = done;
	printf("CTRL_CMD_GETPOLICY: %d messages\n", msgs);
	regress_expect("the family's policy dumped (no kernel warning)", &ans, 0,
		       NULL);
}

/* Bugs the fuzzer found, each a fixed request with its expected answer. */
static int run_regress(void)
{
	struct worker w = { 0 };
	struct answer ans;
	struct nlattr *n;
	struct msg m;

	w.buf = malloc(MSG_SIZE);
	if (!w.buf)
		die("out of memory");
	total = 1000;
	conn_open(&w.c);

	/*
	 * Integer policies with a validation function WARNed when netlink_ack()
	 * dumped them for an attribute of the wrong length.
	 */
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_SET_GLOBAL, NLM_F_ACK, ++w.c.seq);
	one_attr(&m, CMAP_A_GLOBAL, CMAP_GLOBAL_A_REPLAY_WINDOW, 64, 1);
	talk(&w, &m, &ans, NULL);
	regress_expect("GLOBAL.REPLAY_WINDOW of 1 byte", &ans, -EINVAL,
		       "length");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_SET_GLOBAL, NLM_F_ACK, ++w.c.seq);
	one_attr(&m, CMAP_A_GLOBAL, CMAP_GLOBAL_A_REPLAY_WINDOW, 33, 4);
	talk(&w, &m, &ans, NULL);
	regress_expect("GLOBAL.REPLAY_WINDOW 33", &ans, -EINVAL, "multiple of 32");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_SET_GLOBAL, NLM_F_ACK, ++w.c.seq);
	one_attr(&m, CMAP_A_GLOBAL, CMAP_GLOBAL_A_REPLAY_WINDOW, 4128, 4);
	talk(&w, &m, &ans, NULL);
	regress_expect("GLOBAL.REPLAY_WINDOW 4128", &ans, -ERANGE, "range");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_SET_ENTRY, NLM_F_ACK, ++w.c.seq);
	n = nest_start(&m, CMAP_A_ENTRY);
	put_name_attr(&m, CMAP_ENTRY_A_MAP, "m");
	put_u(&m, CMAP_ENTRY_A_SEQ, 10, 2);
	put_u(&m, CMAP_ENTRY_A_TYPE, CMAP_ENTRY_ISAKMP, 1);
	put_u(&m, CMAP_ENTRY_A_PFS, 2, 4);
	nest_end(&m, n);
	talk(&w, &m, &ans, NULL);
	regress_expect("ENTRY.PFS of 4 bytes", &ans, -EINVAL, "length");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_SET_ENTRY, NLM_F_ACK, ++w.c.seq);
	n = nest_start(&m, CMAP_A_ENTRY);
	put_name_attr(&m, CMAP_ENTRY_A_MAP, "m");
	put_u(&m, CMAP_ENTRY_A_SEQ, 10, 2);
	put_u(&m, CMAP_ENTRY_A_TYPE, CMAP_ENTRY_ISAKMP, 1);
	put_u(&m, CMAP_ENTRY_A_PFS, 3, 1);
	nest_end(&m, n);
	talk(&w, &m, &ans, NULL);
	regress_expect("ENTRY.PFS group 3", &ans, -EINVAL, "PFS");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_NEW_SA, NLM_F_ACK, ++w.c.seq);
	one_attr(&m, CMAP_A_SA, CMAP_SA_A_REPLAY_WINDOW, 64, 2);
	talk(&w, &m, &ans, NULL);
	regress_expect("SA.REPLAY_WINDOW of 2 bytes", &ans, -EINVAL, "length");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_NEW_SA, NLM_F_ACK, ++w.c.seq);
	one_attr(&m, CMAP_A_SA, CMAP_SA_A_REPLAY_WINDOW, 100, 4);
	talk(&w, &m, &ans, NULL);
	regress_expect("SA.REPLAY_WINDOW 100", &ans, -EINVAL, "multiple of 32");
	regress_getpolicy(&w);

	/* A GET_SA dump's filter errors lost their message (start had no extack). */
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_GET_SA, NLM_F_DUMP, ++w.c.seq);
	one_attr(&m, CMAP_A_SA, CMAP_SA_A_SPI, 4096, 4);
	talk(&w, &m, &ans, NULL);
	regress_expect("GET_SA dump filtered by SPI", &ans, -EINVAL,
		       "not a filter");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_GET_SA, NLM_F_DUMP, ++w.c.seq);
	one_attr(&m, CMAP_A_SA, CMAP_SA_A_MAP, 0x61616161, 4);
	talk(&w, &m, &ans, NULL);
	regress_expect("GET_SA dump filtered by a MAP without NUL", &ans,
		       -EINVAL, "");
	msg_init(&m, w.buf, MSG_SIZE, CMAP_CMD_GET_SA, NLM_F_DUMP, ++w.c.seq);
	one_attr(&m, CMAP_A_SA, CMAP_SA_A_DIR, CMAP_SA_DIR_IN, 1);
	talk(&w, &m, &ans, NULL);
	regress_expect("GET_SA dump filtered by DIR", &ans, 0, NULL);
	printf("%d failed\n", regress_bad);
	return regress_bad || violations ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct timespec ts;
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	seed = ts.tv_sec * 1000003ULL + ts.tv_nsec;
	while ((opt = getopt(argc, argv, "s:n:j:T:")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': total = atol(optarg); break;
		case 'j': n_threads = atoi(optarg); break;
		case 'T': timeout_secs = atoi(optarg); break;
		default: return 2;
		}
	}
	if (optind >= argc || n_threads < 1 || n_threads > 64 ||
	    timeout_secs < 1) {
		fprintf(stderr, "usage: cmap_nlfuzz [-s SEED] [-n MESSAGES] [-j THREADS] [-T SECS] fuzz|eperm|regress|keyscan HEXKEY...\n");
		return 2;
	}
	if (!seed)
		seed = 1;
	resolve_family();
	if (!strcmp(argv[optind], "fuzz"))
		return run_fuzz();
	if (!strcmp(argv[optind], "eperm"))
		return run_eperm();
	if (!strcmp(argv[optind], "regress"))
		return run_regress();
	if (!strcmp(argv[optind], "keyscan"))
		return run_keyscan(argc - optind - 1, argv + optind + 1);
	fprintf(stderr, "unknown command %s\n", argv[optind]);
	return 2;
}
