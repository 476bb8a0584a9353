// SPDX-License-Identifier: GPL-2.0
/*
 * cmap_sa: the VM tests' client of cryptomap.ko's SA commands (libmnl).
 *
 *   cmap_sa [-e ERRNO] COMMAND ...
 *
 *   entry MAP SEQ           the identity (CMAP_ENTRY_A_ID) of a map entry
 *   add DIR SPI PEER MAP SEQ CIPHER [AUTH] [OPTION...]
 *                           NEW_SA. DIR in|out; SPI decimal or 0x hex;
 *                           CIPHER null|des|3des|aes[-BITS]|gcm[-BITS]|
 *                           gmac[-BITS]; AUTH md5|sha1|sha256|sha384|sha512;
 *                           OPTION enc=HEX auth=HEX line=SEQ local=A esn
 *                           window=N transport soft-secs=N hard-secs=N
 *                           soft-kb=N hard-kb=N sel=SRC/LEN,DST/LEN[,PROTO]
 *                           entry=ID (instead of MAP SEQ: give "-" "-")
 *   upd DIR SPI [PEER] LIFETIME...   UPD_SA (soft-secs=N ...)
 *   del DIR SPI [PEER]      DEL_SA;   del conn ID
 *   get DIR SPI [PEER] [FIELD]       one SA as "key=value ...", or one value
 *   show [FILTER]           one line per SA (dump); FILTER: peer A, map M,
 *                           dir in|out, entry ID
 *   flush [FILTER]          FLUSH_SA; prints how many went
 *   alloc-spi [MIN MAX [SECS]]       ALLOC_SPI; prints the SPI (0x...)
 *   clear [FILTER]          CLEAR_COUNTERS
 *   stats [NAME]            "name value" per counter, or NAME's value
 *   hits                    "MAP SEQ ID HITS LINE:HITS..." per entry
 *   monitor [COUNT [SECS]]  prints events, one a line, until COUNT events
 *                           (0: no limit) or SECS seconds (default 10)
 *
 * With -e ERRNO the first request must fail with that errno (a number or
 * a name): exit 0 if it does, 1 if not. Errors print the extack message.
 * Keys are given in hex and never printed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/cryptomap.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stat_names.h"
#include "die.h"

static struct mnl_socket *sock;
static uint32_t portid, seq_no;
static uint16_t family;
static uint32_t events_group;
static int expect_errno;
static bool expect_done;
static char buf[1 << 16];	/* replies */
static char req[1 << 16];	/* the request being built */

static const char *const errnames[] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [EINVAL] = "EINVAL",
	[EEXIST] = "EEXIST", [EBUSY] = "EBUSY", [ENOSPC] = "ENOSPC",
	[EOPNOTSUPP] = "EOPNOTSUPP", [ENOMEM] = "ENOMEM",
};

static int parse_errno(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i] && !strcmp(errnames[i], s))
			return i;
	return atoi(s);
}

/* ---- requests ---- */

static struct nlmsghdr *msg_new(uint16_t type, uint16_t flags, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++seq_no;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 1 : CMAP_GENL_VERSION;
	return nlh;
}

/* The extack message of an error, if any. */
static const char *ext_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&e->msg);
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			return mnl_attr_get_str(a);
	return "";
}

typedef void (*data_cb)(const struct nlmsghdr *nlh, void *arg);

/* Sends @nlh, runs @cb on each reply message; returns 0 or -errno. */
static int request(struct nlmsghdr *nlh, data_cb cb, void *arg)
{
	uint32_t seq = nlh->nlmsg_seq;
	int n;

	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		die("sendto: %s", strerror(errno));
	for (;;) {
		struct nlmsghdr *h;

		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0)
			die("recvfrom: %s", strerror(errno));
		for (h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, n);
		     h = mnl_nlmsg_next(h, &n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

				if (e->error) {
					int err = e->error;

					if (!expect_errno || expect_done)
						fprintf(stderr, "error: %s: %s\n",
							strerror(-err), ext_msg(h));
					return err;
				}
				if (!(h->nlmsg_flags & NLM_F_MULTI))
					return 0;
				continue;
			}
			if (cb)
				cb(h, arg);
		}
	}
}

/* The first request under -e: its errno decides the exit status. */
static int checked(int err)
{
	if (!expect_errno || expect_done) {
		if (err)
			exit(1);
		return err;
	}
	expect_done = true;
	if (err == -expect_errno)
		exit(0);
	fprintf(stderr, "expected %s, got %s\n", strerror(expect_errno),
		err ? strerror(-err) : "success");
	exit(1);
}

static void ctrl_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *g, *x;

	(void)arg;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			family = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(g, a) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(x, g) {
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_NAME)
					name = mnl_attr_get_str(x);
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(x);
			}
			if (name && !strcmp(name, CMAP_MCGRP_EVENTS))
				events_group = id;
		}
	}
}

static void nl_open(void)
{
	struct nlmsghdr *nlh;
	int one = 1;

	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink: %s", strerror(errno));
	portid = mnl_socket_get_portid(sock);
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nlh = msg_new(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME);
	if (request(nlh, ctrl_cb, NULL) || !family) {
		fprintf(stderr, "family %s not registered\n", CMAP_GENL_NAME);
		exit(3);
	}
}

/* ---- arguments ---- */

static uint32_t parse_u32(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end)
		die("not a number: %s", s);
	return v;
}

static uint32_t parse_addr(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die("not an IPv4 address: %s", s);
	return a.s_addr;
}

static size_t parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	if (!strncmp(s, "0x", 2))
		s += 2;
	while (s[0] && s[1] && n < max) {
		unsigned int b;

		if (sscanf(s, "%2x", &b) != 1)
			die("bad hex key");
		out[n++] = b;
		s += 2;
	}
	if (*s)
		die("hex key: odd length or too long");
	return n;
}

struct entry_q {
	const char *map;
	unsigned int seq;
	uint32_t id;
};

static void entry_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct entry_q *q = arg;
	const struct nlattr *a, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		const char *map = NULL;
		unsigned int seq = 0;
		uint32_t id = 0;

		if (mnl_attr_get_type(a) != CMAP_A_ENTRY)
			continue;
		mnl_attr_for_each_nested(x, a) {
			switch (mnl_attr_get_type(x)) {
			case CMAP_ENTRY_A_MAP: map = mnl_attr_get_str(x); break;
			case CMAP_ENTRY_A_SEQ: seq = mnl_attr_get_u16(x); break;
			case CMAP_ENTRY_A_ID: id = mnl_attr_get_u32(x); break;
			}
		}
		if (map && !strcmp(map, q->map) && seq == q->seq)
			q->id = id;
	}
}

static uint32_t entry_id(const char *map, const char *seq)
{
	struct entry_q q = { map, parse_u32(seq), 0 };
	struct nlmsghdr *nlh = msg_new(family, NLM_F_DUMP, CMAP_CMD_GET_ENTRY);

	if (request(nlh, entry_cb, &q) || !q.id)
		die("no crypto map entry %s %s", map, seq);
	return q.id;
}

static const char *const ciphers[] = { "null", "des", "3des", "aes", "gcm",
				       "gmac" };
static const char *const auths[] = { "none", "md5", "sha1", "sha256",
				     "sha384", "sha512" };

static int lookup(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static void put_prefix(struct nlmsghdr *nlh, int a, int plen, char *s)
{
	char *slash = strchr(s, '/');

	if (slash)
		*slash = 0;
	mnl_attr_put_u32(nlh, a, parse_addr(s));
	mnl_attr_put_u8(nlh, plen, slash ? parse_u32(slash + 1) : 32);
}

static void put_sel(struct nlmsghdr *nlh, char *spec)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CMAP_SA_A_SEL);
	char *src = strtok(spec, ","), *dst = strtok(NULL, ","),
	     *proto = strtok(NULL, ",");

	if (!src || !dst)
		die("sel=SRC/LEN,DST/LEN[,PROTO]");
	put_prefix(nlh, CMAP_SEL_A_SRC, CMAP_SEL_A_SRC_PLEN, src);
	put_prefix(nlh, CMAP_SEL_A_DST, CMAP_SEL_A_DST_PLEN, dst);
	if (proto)
		mnl_attr_put_u8(nlh, CMAP_SEL_A_PROTO, parse_u32(proto));
	mnl_attr_nest_end(nlh, n);
}

/* Options of add and upd; returns false if @o is not one. */
static bool put_option(struct nlmsghdr *nlh, char *o, uint32_t *flags)
{
	uint8_t key[64];
	char *v = strchr(o, '=');
	size_t n;

	if (!strcmp(o, "esn")) {
		*flags |= CMAP_SA_F_ESN;
		return true;
	}
	if (!strcmp(o, "transport")) {
		mnl_attr_put_u8(nlh, CMAP_SA_A_MODE, CMAP_MODE_TRANSPORT);
		return true;
	}
	if (!v)
		return false;
	*v++ = 0;
	if (!strcmp(o, "enc") || !strcmp(o, "auth")) {
		n = parse_hex(v, key, sizeof(key));
		mnl_attr_put(nlh, !strcmp(o, "enc") ? CMAP_SA_A_ENC_KEY :
			     CMAP_SA_A_AUTH_KEY, n, key);
		memset(key, 0, sizeof(key));
	} else if (!strcmp(o, "line")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_LINE, parse_u32(v));
	} else if (!strcmp(o, "local")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_LOCAL, parse_addr(v));
	} else if (!strcmp(o, "window")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_REPLAY_WINDOW, parse_u32(v));
	} else if (!strcmp(o, "soft-secs")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_SOFT_SECS, parse_u32(v));
	} else if (!strcmp(o, "hard-secs")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_HARD_SECS, parse_u32(v));
	} else if (!strcmp(o, "soft-kb")) {
		mnl_attr_put_u64(nlh, CMAP_SA_A_SOFT_KB, parse_u32(v));
	} else if (!strcmp(o, "hard-kb")) {
		mnl_attr_put_u64(nlh, CMAP_SA_A_HARD_KB, parse_u32(v));
	} else if (!strcmp(o, "sel")) {
		put_sel(nlh, v);
	} else if (!strcmp(o, "entry")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_ENTRY_ID, parse_u32(v));
	} else {
		return false;
	}
	return true;
}

static uint8_t parse_dir(const char *s)
{
	if (!strcmp(s, "in"))
		return CMAP_SA_DIR_IN;
	if (!strcmp(s, "out"))
		return CMAP_SA_DIR_OUT;
	die("direction: in or out, not %s", s);
	return 0;
}

/* DIR SPI [PEER]: returns the number of arguments used. */
static int put_key(struct nlmsghdr *nlh, int argc, char **argv)
{
	struct in_addr a;

	if (argc < 2)
		die("DIR SPI [PEER] or conn ID");
	if (!strcmp(argv[0], "conn")) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_CONN_ID, parse_u32(argv[1]));
		return 2;
	}
	mnl_attr_put_u8(nlh, CMAP_SA_A_DIR, parse_dir(argv[0]));
	mnl_attr_put_u32(nlh, CMAP_SA_A_SPI, parse_u32(argv[1]));
	if (argc > 2 && inet_pton(AF_INET, argv[2], &a) == 1) {
		mnl_attr_put_u32(nlh, CMAP_SA_A_PEER, a.s_addr);
		return 3;
	}
	return 2;
}

static void put_filter(struct nlmsghdr *nlh, int argc, char **argv)
{
	struct nlattr *n;
	int i;

	if (!argc)
		return;
	n = mnl_attr_nest_start(nlh, CMAP_A_SA);
	for (i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "peer"))
			mnl_attr_put_u32(nlh, CMAP_SA_A_PEER, parse_addr(argv[i + 1]));
		else if (!strcmp(argv[i], "map"))
			mnl_attr_put_strz(nlh, CMAP_SA_A_MAP, argv[i + 1]);
		else if (!strcmp(argv[i], "dir"))
			mnl_attr_put_u8(nlh, CMAP_SA_A_DIR, parse_dir(argv[i + 1]));
		else if (!strcmp(argv[i], "entry"))
			mnl_attr_put_u32(nlh, CMAP_SA_A_ENTRY_ID, parse_u32(argv[i + 1]));
		else
			die("filter: peer A | map M | dir D | entry ID");
	}
	if (i != argc)
		die("filter: a name without value");
	mnl_attr_nest_end(nlh, n);
}

/* ---- output ---- */

static const char *const states[] = { "larval", "mature", "dying", "dead" };
static const char *const reasons[] = { "deleted", "flush", "config",
				       "expired", "larval", "seq" };

static char line[4096];

#define APPEND(...) \
	snprintf(line + strlen(line), sizeof(line) - strlen(line), __VA_ARGS__)

static void put_ip(const char *key, const struct nlattr *a)
{
	struct in_addr in = { mnl_attr_get_u32(a) };

	APPEND(" %s=%s", key, inet_ntoa(in));
}

/* An SA as "key=value ..." into line[]. */
static void format_sa(const struct nlattr *nest)
{
	const struct nlattr *a, *c;
	unsigned int v;

	line[0] = 0;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case CMAP_SA_A_CONN_ID:
			APPEND(" conn=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_DIR:
			APPEND(" dir=%s", mnl_attr_get_u8(a) ? "out" : "in");
			break;
		case CMAP_SA_A_SPI:
			APPEND(" spi=0x%x", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_PEER: put_ip("peer", a); break;
		case CMAP_SA_A_LOCAL: put_ip("local", a); break;
		case CMAP_SA_A_ENTRY_ID:
			APPEND(" entry=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_MAP:
			APPEND(" map=%s", mnl_attr_get_str(a));
			break;
		case CMAP_SA_A_ENTRY_SEQ:
			APPEND(" seq=%u", mnl_attr_get_u16(a));
			break;
		case CMAP_SA_A_LINE:
			APPEND(" line=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_STATE:
			v = mnl_attr_get_u8(a);
			APPEND(" state=%s", v < 4 ? states[v] : "?");
			break;
		case CMAP_SA_A_CIPHER:
			v = mnl_attr_get_u16(a);
			APPEND(" cipher=%s", v < 6 ? ciphers[v] : "?");
			break;
		case CMAP_SA_A_KEYBITS:
			APPEND(" keybits=%u", mnl_attr_get_u16(a));
			break;
		case CMAP_SA_A_AUTH:
			v = mnl_attr_get_u16(a);
			APPEND(" auth=%s", v < 6 ? auths[v] : "?");
			break;
		case CMAP_SA_A_MODE:
			APPEND(" mode=%s", mnl_attr_get_u8(a) ? "transport" : "tunnel");
			break;
		case CMAP_SA_A_FLAGS:
			APPEND(" esn=%u", !!(mnl_attr_get_u32(a) & CMAP_SA_F_ESN));
			break;
		case CMAP_SA_A_REPLAY_WINDOW:
			APPEND(" window=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_SEQ:
			APPEND(" seqno=%llu",
			       (unsigned long long)mnl_attr_get_u64(a));
			break;
		case CMAP_SA_A_SOFT_SECS:
			APPEND(" soft_secs=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_HARD_SECS:
			APPEND(" hard_secs=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_SOFT_KB:
			APPEND(" soft_kb=%llu",
			       (unsigned long long)mnl_attr_get_u64(a));
			break;
		case CMAP_SA_A_HARD_KB:
			APPEND(" hard_kb=%llu",
			       (unsigned long long)mnl_attr_get_u64(a));
			break;
		case CMAP_SA_A_ICV_LEN:
			APPEND(" icv=%u", mnl_attr_get_u8(a));
			break;
		case CMAP_SA_A_IV_LEN:
			APPEND(" iv=%u", mnl_attr_get_u8(a));
			break;
		case CMAP_SA_A_BLOCK:
			APPEND(" block=%u", mnl_attr_get_u8(a));
			break;
		case CMAP_SA_A_HARD:
			APPEND(" hard=1");
			break;
		case CMAP_SA_A_REASON:
			v = mnl_attr_get_u8(a);
			APPEND(" reason=%s", v < 6 ? reasons[v] : "?");
			break;
		case CMAP_SA_A_COUNT:
			APPEND(" count=%u", mnl_attr_get_u32(a));
			break;
		case CMAP_SA_A_ENC_KEY:
		case CMAP_SA_A_AUTH_KEY:
			APPEND(" KEY-LEAKED");
			break;
		case CMAP_SA_A_COUNTERS:
			mnl_attr_for_each_nested(c, a) {
				v = mnl_attr_get_type(c);
				if (v >= sizeof(cmap_ctr_names) / sizeof(cmap_ctr_names[0]) ||
				    !cmap_ctr_names[v])
					continue;
				/* auth= is already the algorithm on this line */
				APPEND(" %s=%llu", v == CMAP_SA_CTR_A_AUTH ?
				       "auth_fail" : cmap_ctr_names[v],
				       (unsigned long long)mnl_attr_get_u64(c));
			}
			break;
		}
	}
}

/* Prints line[], or only FIELD's value if given. */
static void print_line(const char *field)
{
	char key[64], *p;

	if (!field) {
		puts(line + 1);
		return;
	}
	snprintf(key, sizeof(key), " %s=", field);
	p = strstr(line, key);
	if (!p)
		die("no field %s in:%s", field, line);
	p += strlen(key);
	printf("%.*s\n", (int)strcspn(p, " "), p);
}

static void sa_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CMAP_A_SA) {
			format_sa(a);
			print_line(arg);
		}
}

static void stats_cb(const struct nlmsghdr *nlh, void *arg)
{
	const char *want = arg;
	const struct nlattr *a, *s;
	unsigned int t;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CMAP_A_STATS)
			continue;
		mnl_attr_for_each_nested(s, a) {
			t = mnl_attr_get_type(s);
			if (t >= sizeof(cmap_stat_names) / sizeof(cmap_stat_names[0]) ||
			    !cmap_stat_names[t])
				continue;
			if (!want)
				printf("%s %llu\n", cmap_stat_names[t],
				       (unsigned long long)mnl_attr_get_u64(s));
			else if (!strcmp(want, cmap_stat_names[t]))
				printf("%llu\n",
				       (unsigned long long)mnl_attr_get_u64(s));
		}
	}
}

static void hits_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *x, *l, *y;

	(void)arg;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CMAP_A_ENTRY)
			continue;
		line[0] = 0;
		mnl_attr_for_each_nested(x, a) {
			switch (mnl_attr_get_type(x)) {
			case CMAP_ENTRY_A_MAP:
				APPEND(" %s", mnl_attr_get_str(x));
				break;
			case CMAP_ENTRY_A_SEQ:
				APPEND(" %u", mnl_attr_get_u16(x));
				break;
			case CMAP_ENTRY_A_ID:
				APPEND(" %u", mnl_attr_get_u32(x));
				break;
			case CMAP_ENTRY_A_HITS:
				APPEND(" %llu", (unsigned long long)mnl_attr_get_u64(x));
				break;
			case CMAP_ENTRY_A_LINE_HITS:
				mnl_attr_for_each_nested(l, x) {
					unsigned int seq = 0;
					unsigned long long hits = 0;

					mnl_attr_for_each_nested(y, l) {
						if (mnl_attr_get_type(y) == CMAP_LINE_A_SEQ)
							seq = mnl_attr_get_u32(y);
						if (mnl_attr_get_type(y) == CMAP_LINE_A_HITS)
							hits = mnl_attr_get_u64(y);
					}
					APPEND(" %u:%llu", seq, hits);
				}
				break;
			}
		}
		puts(line + 1);
	}
}

static void event_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *x;
	const char *name = "?";

	(void)arg;
	switch (g->cmd) {
	case CMAP_CMD_EV_ACQUIRE: name = "acquire"; break;
	case CMAP_CMD_EV_EXPIRE: name = "expire"; break;
	case CMAP_CMD_EV_SA_ADDED: name = "sa-added"; break;
	case CMAP_CMD_EV_SA_DELETED: name = "sa-deleted"; break;
	}
	line[0] = 0;
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		if (mnl_attr_get_type(a) == CMAP_A_SA) {
			format_sa(a);
			continue;
		}
		if (mnl_attr_get_type(a) != CMAP_A_ACQUIRE)
			continue;
		mnl_attr_for_each_nested(x, a) {
			switch (mnl_attr_get_type(x)) {
			case CMAP_ACQ_A_ENTRY_ID:
				APPEND(" entry=%u", mnl_attr_get_u32(x));
				break;
			case CMAP_ACQ_A_MAP:
				APPEND(" map=%s", mnl_attr_get_str(x));
				break;
			case CMAP_ACQ_A_ENTRY_SEQ:
				APPEND(" seq=%u", mnl_attr_get_u16(x));
				break;
			case CMAP_ACQ_A_LINE:
				APPEND(" line=%u", mnl_attr_get_u32(x));
				break;
			case CMAP_ACQ_A_PEER: put_ip("peer", x); break;
			case CMAP_ACQ_A_SRC: put_ip("src", x); break;
			case CMAP_ACQ_A_DST: put_ip("dst", x); break;
			case CMAP_ACQ_A_PROTO:
				APPEND(" proto=%u", mnl_attr_get_u8(x));
				break;
			case CMAP_ACQ_A_SPORT:
				APPEND(" sport=%u", mnl_attr_get_u16(x));
				break;
			case CMAP_ACQ_A_DPORT:
				APPEND(" dport=%u", mnl_attr_get_u16(x));
				break;
			}
		}
	}
	printf("%s%s\n", name, line);
	fflush(stdout);
}

static int monitor(int argc, char **argv)
{
	long count = argc > 0 ? parse_u32(argv[0]) : 0, seen = 0;
	int secs = argc > 1 ? parse_u32(argv[1]) : 10;
	time_t end = time(NULL) + secs;
	struct pollfd pfd;
	int n;

	if (!events_group)
		die("no multicast group %s", CMAP_MCGRP_EVENTS);
	if (mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, &events_group,
				  sizeof(events_group)) < 0)
		die("join group: %s", strerror(errno));
	printf("listening\n");
	fflush(stdout);
	pfd.fd = mnl_socket_get_fd(sock);
	pfd.events = POLLIN;
	while (time(NULL) < end && (!count || seen < count)) {
		struct nlmsghdr *h;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0)
			die("recvfrom: %s", strerror(errno));
		for (h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, n);
		     h = mnl_nlmsg_next(h, &n)) {
			if (h->nlmsg_type != family)
				continue;
			event_cb(h, NULL);
			seen++;
		}
	}
	return 0;
}

static int cmd_add(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint32_t flags = 0, id = 0;
	char cipher[32], *dash;
	int c, i = 6;

	if (argc < 6)
		die("add DIR SPI PEER MAP SEQ CIPHER [AUTH] [OPTION...]");
	if (strcmp(argv[3], "-"))
		id = entry_id(argv[3], argv[4]);
	nlh = msg_new(family, 0, CMAP_CMD_NEW_SA);
	nest = mnl_attr_nest_start(nlh, CMAP_A_SA);
	mnl_attr_put_u8(nlh, CMAP_SA_A_DIR, parse_dir(argv[0]));
	mnl_attr_put_u32(nlh, CMAP_SA_A_SPI, parse_u32(argv[1]));
	mnl_attr_put_u32(nlh, CMAP_SA_A_PEER, parse_addr(argv[2]));
	if (id)
		mnl_attr_put_u32(nlh, CMAP_SA_A_ENTRY_ID, id);
	snprintf(cipher, sizeof(cipher), "%s", argv[5]);
	dash = strchr(cipher, '-');
	if (dash)
		*dash++ = 0;
	c = lookup(ciphers, 6, cipher);
	if (c < 0)
		die("cipher: %s", argv[5]);
	mnl_attr_put_u16(nlh, CMAP_SA_A_CIPHER, c);
	if (dash)
		mnl_attr_put_u16(nlh, CMAP_SA_A_KEYBITS, parse_u32(dash));
	if (argc > 6 && lookup(auths, 6, argv[6]) > 0)
		mnl_attr_put_u16(nlh, CMAP_SA_A_AUTH, lookup(auths, 6, argv[i++]));
	for (; i < argc; i++)
		if (!put_option(nlh, argv[i], &flags))
			die("option: %s", argv[i]);
	if (flags)
		mnl_attr_put_u32(nlh, CMAP_SA_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, nest);
	return checked(request(nlh, sa_cb, "conn"));
}

int main(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *cmd;
	int i, n;

	if (argc > 2 && !strcmp(argv[1], "-e")) {
		expect_errno = parse_errno(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		die("usage: cmap_sa [-e ERRNO] COMMAND ... (see the source)");
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	nl_open();

	if (!strcmp(cmd, "entry")) {
		if (argc != 2)
			die("entry MAP SEQ");
		printf("%u\n", entry_id(argv[0], argv[1]));
		return 0;
	}
	if (!strcmp(cmd, "add"))
		return cmd_add(argc, argv);
	if (!strcmp(cmd, "monitor"))
		return monitor(argc, argv);
	if (!strcmp(cmd, "del") || !strcmp(cmd, "get") || !strcmp(cmd, "upd")) {
		uint32_t flags = 0;

		nlh = msg_new(family, 0, !strcmp(cmd, "del") ? CMAP_CMD_DEL_SA :
			      !strcmp(cmd, "get") ? CMAP_CMD_GET_SA :
			      CMAP_CMD_UPD_SA);
		nest = mnl_attr_nest_start(nlh, CMAP_A_SA);
		n = put_key(nlh, argc, argv);
		if (!strcmp(cmd, "upd"))
			for (i = n; i < argc; i++)
				if (!put_option(nlh, argv[i], &flags))
					die("option: %s", argv[i]);
		mnl_attr_nest_end(nlh, nest);
		return checked(request(nlh, sa_cb,
				       !strcmp(cmd, "get") && n < argc ?
				       argv[n] : NULL));
	}
	if (!strcmp(cmd, "show") || !strcmp(cmd, "flush") ||
	    !strcmp(cmd, "clear")) {
		nlh = msg_new(family, !strcmp(cmd, "show") ? NLM_F_DUMP : 0,
			      !strcmp(cmd, "show") ? CMAP_CMD_GET_SA :
			      !strcmp(cmd, "flush") ? CMAP_CMD_FLUSH_SA :
			      CMAP_CMD_CLEAR_COUNTERS);
		put_filter(nlh, argc, argv);
		return checked(request(nlh, sa_cb,
				       !strcmp(cmd, "flush") ? "count" : NULL));
	}
	if (!strcmp(cmd, "alloc-spi")) {
		nlh = msg_new(family, 0, CMAP_CMD_ALLOC_SPI);
		if (argc) {
			nest = mnl_attr_nest_start(nlh, CMAP_A_SA);
			if (argc >= 2) {
				mnl_attr_put_u32(nlh, CMAP_SA_A_SPI_MIN, parse_u32(argv[0]));
				mnl_attr_put_u32(nlh, CMAP_SA_A_SPI_MAX, parse_u32(argv[1]));
			}
			if (argc >= 3)
				mnl_attr_put_u32(nlh, CMAP_SA_A_LARVAL_SECS,
						 parse_u32(argv[2]));
			mnl_attr_nest_end(nlh, nest);
		}
		return checked(request(nlh, sa_cb, "spi"));
	}
	if (!strcmp(cmd, "stats")) {
		nlh = msg_new(family, 0, CMAP_CMD_GET_STATS);
		return checked(request(nlh, stats_cb, argc ? argv[0] : NULL));
	}
	if (!strcmp(cmd, "hits")) {
		nlh = msg_new(family, NLM_F_DUMP, CMAP_CMD_GET_HITS);
		return checked(request(nlh, hits_cb, NULL));
	}
	die("unknown command %s", cmd);
	return 2;
}
