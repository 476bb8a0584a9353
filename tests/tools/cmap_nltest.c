// SPDX-License-Identifier: GPL-2.0
/*
 * cmap_nltest: a raw generic netlink client of cryptomap.ko (libmnl), for
 * the VM tests.
 *
 *   cmap_nltest [-e ERRNO] [-f] COMMAND
 *
 *   cases          malformed and edge-case requests; for each the errno and
 *                  the extack message; exit 1 if any is not as expected
 *   load           a small configuration (the reference hub), committed
 *   bulk NACL NENT BEGIN REPLACE, NACL access lists and NENT entries, COMMIT;
 *                  prints the time taken
 *   info           GET_INFO: "generation=G tsets=N acls=N lines=N maps=N
 *                  entries=N bindings=N txn_portid=P"
 *   entries        one line per entry: "MAP SEQ ID"
 *   bindings       one line per binding: "IFNAME MAP IFINDEX"
 *   bind IF MAP    SET_BINDING
 *   hold           BEGIN, then wait for a signal, owning the candidate
 *   flush          FLUSH
 *
 * With -e ERRNO (a number or a name such as EPERM) the command's first
 * request must fail with that errno: exit 0 if it does, 1 if not.
 * With -f the process asks for fault injection (/proc/self/make-it-fail)
 * once its sockets are open, so that failures land in the requests.
 * Exit status 3: the family is not registered (module not loaded).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/cryptomap.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "die.h"

#define REQ_SIZE	(1 << 20)
#define RECV_SIZE	(64 << 10)
/*
 * A batch is sent once it holds this much; one sendmsg() must stay below
 * the socket's send buffer (net.core.wmem_default, 208 KiB), and one
 * message below 64 KiB.
 */
#define BATCH_SEND	(128 << 10)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	size_t recv_size;	/* per recvfrom() */
};

/* What came back for one request. */
struct res {
	int err;		/* 0 or -errno */
	char msg[512];		/* extack message */
	int offs;		/* NLMSGERR_ATTR_OFFS, -1 if none */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, -1 if none */
	int n_msgs;		/* data messages */
	int n_intr;		/* of them flagged NLM_F_DUMP_INTR */
};

typedef void (*data_cb)(const struct nlmsghdr *nlh, void *arg);
typedef void (*recv_hook)(int n_recv, void *arg);

static char *req_buf;
static int expect_errno;	/* -e */
static bool make_it_fail;	/* -f */
/*
 * A batch is sent once it holds more than this. With -f, sends stay below
 * a page: netlink vmallocs larger ones and, failing, warns with a stack.
 */
static size_t batch_send = BATCH_SEND;
static int failures;

/* ---- transport -------------------------------------------------------- */

static void parse_tlvs(const struct nlmsghdr *nlh, size_t off, struct res *r)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(r->msg, sizeof(r->msg), "%s", mnl_attr_get_str(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			r->offs = mnl_attr_get_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			r->miss_type = mnl_attr_get_u32(a);
			break;
		}
	}
}

static void parse_error(const struct nlmsghdr *nlh, struct res *r)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	r->err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&e->msg);
	parse_tlvs(nlh, off, r);
}

static void res_init(struct res *r)
{
	memset(r, 0, sizeof(*r));
	r->offs = -1;
	r->miss_type = -1;
}

/*
 * Receives until the answer to @seq is complete: its ack or error, or the
 * end of its dump. Messages for other sequence numbers (errors of batched
 * requests without NLM_F_ACK) count as errors too.
 */
static void nl_recv(struct nl *nl, uint32_t seq, struct res *r, data_cb cb,
		    void *arg, recv_hook hook)
{
	char *buf = malloc(RECV_SIZE);
	const struct nlmsghdr *nlh;
	int n_recv = 0, n;
	bool done = false;

	if (!buf)
		die("out of memory");
	while (!done) {
		n = mnl_socket_recvfrom(nl->sock, buf, nl->recv_size);
		if (n < 0) {
			r->err = -errno;
			break;
		}
		if (hook)
			hook(++n_recv, arg);
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->n_intr++;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct res e;

				/* The first error wins, batched or not. */
				res_init(&e);
				parse_error(nlh, &e);
				if (!r->err && (e.err || nlh->nlmsg_seq == seq)) {
					r->err = e.err;
					r->offs = e.offs;
					r->miss_type = e.miss_type;
					memcpy(r->msg, e.msg, sizeof(r->msg));
				}
				done |= nlh->nlmsg_seq == seq;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				const int *err = mnl_nlmsg_get_payload(nlh);

				r->err = *err;
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
					parse_tlvs(nlh, sizeof(*err), r);
				done = true;
			} else if (nlh->nlmsg_seq == seq) {
				r->n_msgs++;
				if (cb)
					cb(nlh, arg);
			}
		}
	}
	free(buf);
}

static struct nlmsghdr *msg_start(struct nl *nl, void *buf, uint16_t type,
				  uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 1 : CMAP_GENL_VERSION;
	return nlh;
}

/* A request to the family, in the shared request buffer. */
static struct nlmsghdr *req(struct nl *nl, uint8_t cmd)
{
	return msg_start(nl, req_buf, nl->family, cmd, NLM_F_ACK);
}

static struct nlmsghdr *dump_req(struct nl *nl, uint8_t cmd)
{
	return msg_start(nl, req_buf, nl->family, cmd, NLM_F_DUMP);
}

static void nl_send(struct nl *nl, const void *buf, size_t len)
{
	if (mnl_socket_sendto(nl->sock, buf, len) < 0)
		die("sendto: %s", strerror(errno));
}

static struct res nl_talk(struct nl *nl, struct nlmsghdr *nlh, data_cb cb,
			  void *arg)
{
	struct res r;

	res_init(&r);
	nl_send(nl, nlh, nlh->nlmsg_len);
	nl_recv(nl, nlh->nlmsg_seq, &r, cb, arg, NULL);
	return r;
}

static void family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)arg = mnl_attr_get_u16(a);
}

static void fail_from_now(void)
{
	FILE *f = fopen("/proc/self/make-it-fail", "w");

	if (!f || fputs("1", f) < 0 || fclose(f))
		die("/proc/self/make-it-fail: %s", strerror(errno));
}

static struct nl *nl_open_size(size_t recv_size)
{
	struct nl *nl = calloc(1, sizeof(*nl));
	char buf[256];
	struct nlmsghdr *nlh;
	struct res r;
	int one = 1;

	if (!nl)
		die("out of memory");
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket: %s", strerror(errno));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->recv_size = recv_size;
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nlh = msg_start(nl, buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME);
	r = nl_talk(nl, nlh, family_cb, &nl->family);
	if (r.err || !nl->family) {
		fprintf(stderr, "generic netlink family %s: %s\n",
			CMAP_GENL_NAME, strerror(-r.err));
		exit(3);
	}
	if (make_it_fail)
		fail_from_now();
	return nl;
}

static struct nl *nl_open(void)
{
	return nl_open_size(RECV_SIZE);
}

static void nl_close(struct nl *nl)
{
	mnl_socket_close(nl->sock);
	free(nl);
}

/* ---- request builders ------------------------------------------------- */

static uint32_t addr(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die("bad address %s", s);
	return a.s_addr;
}

/* Where the next attribute goes: for the expected error offset. */
static int here(const struct nlmsghdr *nlh)
{
	return (const char *)mnl_nlmsg_get_payload_tail(nlh) - (const char *)nlh;
}

static void put_tset(struct nlmsghdr *nlh, const char *name, int cipher,
		     int keybits, int auth)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CMAP_A_TSET);

	mnl_attr_put_strz(nlh, CMAP_TSET_A_NAME, name);
	mnl_attr_put_u16(nlh, CMAP_TSET_A_CIPHER, cipher);
	if (keybits >= 0)
		mnl_attr_put_u16(nlh, CMAP_TSET_A_KEYBITS, keybits);
	if (auth >= 0)
		mnl_attr_put_u16(nlh, CMAP_TSET_A_AUTH, auth);
	mnl_attr_nest_end(nlh, n);
}

static void put_name(struct nlmsghdr *nlh, int type, const char *name)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);

	mnl_attr_put_strz(nlh, 1, name);
	mnl_attr_nest_end(nlh, n);
}

static void put_map(struct nlmsghdr *nlh, const char *name, bool dynamic)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CMAP_A_MAP);

	mnl_attr_put_strz(nlh, CMAP_MAP_A_NAME, name);
	if (dynamic)
		mnl_attr_put(nlh, CMAP_MAP_A_DYNAMIC, 0, NULL);
	mnl_attr_nest_end(nlh, n);
}

struct line {
	uint32_t seq;			/* 0: absent */
	int action;
	const char *remark;
	int proto;			/* 0: absent */
	const char *src, *swild, *dst, *dwild;
	int dop, dlo, dhi;		/* destination port, dop 0: absent */
	bool log;
};

static void put_line(struct nlmsghdr *nlh, const struct line *l)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CMAP_ACL_A_LINE);

	if (l->seq)
		mnl_attr_put_u32(nlh, CMAP_LINE_A_SEQ, l->seq);
	mnl_attr_put_u8(nlh, CMAP_LINE_A_ACTION, l->action);
	if (l->remark)
		mnl_attr_put_strz(nlh, CMAP_LINE_A_REMARK, l->remark);
	if (l->proto)
		mnl_attr_put_u8(nlh, CMAP_LINE_A_PROTO, l->proto);
	if (l->src)
		mnl_attr_put_u32(nlh, CMAP_LINE_A_SRC, addr(l->src));
	if (l->swild)
		mnl_attr_put_u32(nlh, CMAP_LINE_A_SRC_WILD, addr(l->swild));
	if (l->dst)
		mnl_attr_put_u32(nlh, CMAP_LINE_A_DST, addr(l->dst));
	if (l->dwild)
		mnl_attr_put_u32(nlh, CMAP_LINE_A_DST_WILD, addr(l->dwild));
	if (l->dop) {
		mnl_attr_put_u8(nlh, CMAP_LINE_A_DPORT_OP, l->dop);
		mnl_attr_put_u16(nlh, CMAP_LINE_A_DPORT_LO, l->dlo);
		if (l->dop == CMAP_PORT_RANGE)
			mnl_attr_put_u16(nlh, CMAP_LINE_A_DPORT_HI, l->dhi);
	}
	if (l->log)
		mnl_attr_put(nlh, CMAP_LINE_A_LOG, 0, NULL);
	mnl_attr_nest_end(nlh, n);
}

static void put_acl(struct nlmsghdr *nlh, const char *name,
		    const struct line *lines, int n)
{
	struct nlattr *acl = mnl_attr_nest_start(nlh, CMAP_A_ACL), *ls;
	int i;

	mnl_attr_put_strz(nlh, CMAP_ACL_A_NAME, name);
	ls = mnl_attr_nest_start(nlh, CMAP_ACL_A_LINES);
	for (i = 0; i < n; i++)
		put_line(nlh, &lines[i]);
	mnl_attr_nest_end(nlh, ls);
	mnl_attr_nest_end(nlh, acl);
}

struct entry {
	const char *map;
	int seq;
	int type;
	const char *acl;
	const char *tsets[8];		/* NULL-terminated */
	const char *peers[20];		/* NULL-terminated */
	const char *dynmap;
	int life_secs;			/* 0: absent */
	bool no_type;
};

static void put_entry(struct nlmsghdr *nlh, const struct entry *e)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CMAP_A_ENTRY), *l;
	int i;

	mnl_attr_put_strz(nlh, CMAP_ENTRY_A_MAP, e->map);
	mnl_attr_put_u16(nlh, CMAP_ENTRY_A_SEQ, e->seq);
	if (!e->no_type)
		mnl_attr_put_u8(nlh, CMAP_ENTRY_A_TYPE, e->type);
	if (e->acl)
		mnl_attr_put_strz(nlh, CMAP_ENTRY_A_ACL, e->acl);
	if (e->peers[0]) {
		l = mnl_attr_nest_start(nlh, CMAP_ENTRY_A_PEERS);
		for (i = 0; e->peers[i]; i++)
			mnl_attr_put_u32(nlh, CMAP_ENTRY_A_PEER, addr(e->peers[i]));
		mnl_attr_nest_end(nlh, l);
	}
	if (e->tsets[0]) {
		l = mnl_attr_nest_start(nlh, CMAP_ENTRY_A_TSETS);
		for (i = 0; e->tsets[i]; i++)
			mnl_attr_put_strz(nlh, CMAP_ENTRY_A_TSET, e->tsets[i]);
		mnl_attr_nest_end(nlh, l);
	}
	if (e->dynmap)
		mnl_attr_put_strz(nlh, CMAP_ENTRY_A_DYNMAP, e->dynmap);
	if (e->life_secs)
		mnl_attr_put_u32(nlh, CMAP_ENTRY_A_LIFE_SECS, e->life_secs);
	mnl_attr_nest_end(nlh, n);
}

static void put_binding(struct nlmsghdr *nlh, const char *ifname,
			const char *map)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CMAP_A_BINDING);

	mnl_attr_put_strz(nlh, CMAP_BINDING_A_IFNAME, ifname);
	if (map)
		mnl_attr_put_strz(nlh, CMAP_BINDING_A_MAP, map);
	mnl_attr_nest_end(nlh, n);
}

/* ---- simple requests -------------------------------------------------- */

static struct res simple(struct nl *nl, uint8_t cmd)
{
	return nl_talk(nl, req(nl, cmd), NULL, NULL);
}

static struct res begin(struct nl *nl, uint32_t flags)
{
	struct nlmsghdr *nlh = req(nl, CMAP_CMD_TXN_BEGIN);

	if (flags)
		mnl_attr_put_u32(nlh, CMAP_A_FLAGS, flags);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* Fails the program: for requests that set up a case. */
static void must(struct res r, const char *what)
{
	if (r.err)
		die("%s: %s (%s)", what, strerror(-r.err), r.msg);
}

struct info {
	uint32_t generation;
	uint32_t n[CMAP_INFO_A_MAX + 1];
};

static void info_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct info *info = arg;
	const struct nlattr *a, *i;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CMAP_A_GENERATION)
			info->generation = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) != CMAP_A_INFO)
			continue;
		mnl_attr_for_each_nested(i, a)
			if (mnl_attr_get_type(i) <= CMAP_INFO_A_MAX)
				info->n[mnl_attr_get_type(i)] = mnl_attr_get_u32(i);
	}
}

static struct res get_info(struct nl *nl, struct info *info)
{
	memset(info, 0, sizeof(*info));
	return nl_talk(nl, req(nl, CMAP_CMD_GET_INFO), info_cb, info);
}

/* ---- checks ----------------------------------------------------------- */

/*
 * One expectation: errno @err and, for an error, a non-empty extack message
 * that names the attribute (its offset @offs, or the missing attribute
 * @miss) or contains @token (objects named by a commit).
 */
static void expect(const char *name, const struct res *r, int err, int offs,
		   int miss, const char *token)
{
	bool ok = r->err == err;

	if (err && ok) {
		ok = r->msg[0] && ((offs >= 0 && r->offs == offs) ||
				   (miss >= 0 && r->miss_type == miss) ||
				   (token && strstr(r->msg, token)));
	}
	printf("%s %s: errno %d (want %d) offs %d miss %d: %s\n",
	       ok ? "ok  " : "FAIL", name, r->err, err, r->offs, r->miss_type,
	       r->msg[0] ? r->msg : "(no message)");
	if (!ok)
		failures++;
}

static void check(const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s: ", ok ? "ok  " : "FAIL", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		failures++;
}

/* ---- the reference configuration -------------------------------------- */

static const struct line acl110[] = {
	{ .action = CMAP_ACTION_PERMIT, .src = "10.1.1.0", .swild = "0.0.0.255",
	  .dst = "172.16.1.0", .dwild = "0.0.0.255" },
	{ .action = CMAP_ACTION_PERMIT, .src = "192.168.1.0",
	  .swild = "0.0.0.255", .dst = "172.16.1.0", .dwild = "0.0.0.255" },
};

static const struct line acl120[] = {
	{ .action = CMAP_ACTION_PERMIT, .src = "10.1.1.0", .swild = "0.0.0.255",
	  .dst = "192.168.1.0", .dwild = "0.0.0.255" },
	{ .action = CMAP_ACTION_PERMIT, .src = "172.16.1.0",
	  .swild = "0.0.0.255", .dst = "192.168.1.0", .dwild = "0.0.0.255" },
};

static const struct entry hub10 = {
	.map = "mymap", .seq = 10, .type = CMAP_ENTRY_ISAKMP, .acl = "110",
	.tsets = { "myset" }, .peers = { "10.1.2.1" },
};

static const struct entry hub20 = {
	.map = "mymap", .seq = 20, .type = CMAP_ENTRY_ISAKMP, .acl = "120",
	.tsets = { "myset" }, .peers = { "10.1.3.1" },
};

/* One SET request of the object put by @put. */
#define SET(nl, cmd, put, ...) ({					\
	struct nlmsghdr *__nlh = req(nl, cmd);				\
	put(__nlh, __VA_ARGS__);					\
	nl_talk(nl, __nlh, NULL, NULL);					\
})

static void load_hub(struct nl *nl, const char *ifname)
{
	must(begin(nl, CMAP_TXN_F_REPLACE), "BEGIN");
	must(SET(nl, CMAP_CMD_SET_TSET, put_tset, "myset", CMAP_CIPHER_DES, -1,
		 CMAP_AUTH_MD5), "SET_TSET");
	must(SET(nl, CMAP_CMD_SET_ACL, put_acl, "110", acl110, 2), "SET_ACL");
	must(SET(nl, CMAP_CMD_SET_ACL, put_acl, "120", acl120, 2), "SET_ACL");
	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "mymap", false), "SET_MAP");
	must(SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &hub10), "SET_ENTRY");
	must(SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &hub20), "SET_ENTRY");
	must(SET(nl, CMAP_CMD_SET_BINDING, put_binding, ifname, "mymap"),
	     "SET_BINDING");
	must(simple(nl, CMAP_CMD_TXN_COMMIT), "COMMIT");
}

/* ---- dumps ------------------------------------------------------------ */

struct ids {
	int n;
	uint32_t id[64];
	uint16_t seq[64];
};

static void entry_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct ids *ids = arg;
	const struct nlattr *a, *e;
	const char *map = "?";
	uint32_t id = 0;
	uint16_t seq = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CMAP_A_ENTRY)
			continue;
		mnl_attr_for_each_nested(e, a) {
			if (mnl_attr_get_type(e) == CMAP_ENTRY_A_MAP)
				map = mnl_attr_get_str(e);
			if (mnl_attr_get_type(e) == CMAP_ENTRY_A_SEQ)
				seq = mnl_attr_get_u16(e);
			if (mnl_attr_get_type(e) == CMAP_ENTRY_A_ID)
				id = mnl_attr_get_u32(e);
		}
	}
	if (!ids) {
		printf("%s %u %u\n", map, seq, id);
		return;
	}
	if (ids->n < 64) {
		ids->seq[ids->n] = seq;
		ids->id[ids->n++] = id;
	}
}

static struct ids entry_ids(struct nl *nl)
{
	struct ids ids = { 0 };

	must(nl_talk(nl, dump_req(nl, CMAP_CMD_GET_ENTRY), entry_cb, &ids),
	     "GET_ENTRY");
	return ids;
}

/* An access list as a dump delivers it, message by message. */
struct acl_dump {
	const char *name;
	int messages;		/* that carried lines of @name */
	uint32_t lines;
	uint32_t last_seq;
	bool ordered;		/* sequence numbers increased throughout */
	uint32_t generation;
	bool same_generation;
};

static void acl_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct acl_dump *d = arg;
	const struct nlattr *a, *x, *ls, *l;
	bool mine = false;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CMAP_A_GENERATION) {
			if (d->generation &&
			    d->generation != mnl_attr_get_u32(a))
				d->same_generation = false;
			d->generation = mnl_attr_get_u32(a);
		}
		if (mnl_attr_get_type(a) != CMAP_A_ACL)
			continue;
		mnl_attr_for_each_nested(x, a) {
			if (mnl_attr_get_type(x) == CMAP_ACL_A_NAME)
				mine = !strcmp(mnl_attr_get_str(x), d->name);
			if (mnl_attr_get_type(x) != CMAP_ACL_A_LINES || !mine)
				continue;
			d->messages++;
			mnl_attr_for_each_nested(ls, x) {
				uint32_t seq = 0;

				mnl_attr_for_each_nested(l, ls)
					if (mnl_attr_get_type(l) == CMAP_LINE_A_SEQ)
						seq = mnl_attr_get_u32(l);
				if (seq <= d->last_seq)
					d->ordered = false;
				d->last_seq = seq;
				d->lines++;
			}
		}
	}
}

/* ---- the cases -------------------------------------------------------- */

/* One attribute of a hand-made request; @bad marks the one at fault. */
struct raw {
	uint16_t type;			/* 0 ends a list */
	char kind;			/* 1, 2, 4: u8, u16, u32; s: string; r: no NUL */
	uint32_t v;
	const char *s;
	bool bad;
};

/* A request built attribute by attribute: @top, then the nest @nest. */
struct raw_case {
	const char *name;
	uint8_t cmd;
	int err;
	int miss;			/* the missing attribute expected, or 0 */
	uint16_t nest;			/* 0: none */
	bool flat;			/* the nest lacks NLA_F_NESTED (the fault) */
	struct raw top[2];
	struct raw attrs[5];
};

#define X8	"xxxxxxxx"
#define NAME_T	{ CMAP_TSET_A_NAME, 's', 0, "t", false }
#define AES	{ CMAP_TSET_A_CIPHER, '2', CMAP_CIPHER_AES, NULL, false }
#define MAP_M	{ CMAP_ENTRY_A_MAP, 's', 0, "m", false }
#define ISAKMP	{ CMAP_ENTRY_A_TYPE, '1', CMAP_ENTRY_ISAKMP, NULL, false }

static const struct raw_case raw_cases[] = {
	{ "unknown top-level attribute", CMAP_CMD_SET_TSET, -EINVAL, 0, 0, false,
	  .top = { { CMAP_A_MAX + 1, '4', 0, NULL, true } } },
	{ "unknown nested attribute", CMAP_CMD_SET_TSET, -EINVAL, 0,
	  CMAP_A_TSET, false,
	  .attrs = { NAME_T, AES, { CMAP_TSET_A_MAX + 1, '2', 0, NULL, true } } },
	{ "u16 sent as u32", CMAP_CMD_SET_TSET, -EINVAL, 0, CMAP_A_TSET, false,
	  .attrs = { NAME_T,
		     { CMAP_TSET_A_CIPHER, '4', CMAP_CIPHER_AES, NULL, true } } },
	{ "nest without NLA_F_NESTED", CMAP_CMD_SET_TSET, -EINVAL, 0,
	  CMAP_A_TSET, true, .attrs = { NAME_T, AES } },
	{ "string without NUL", CMAP_CMD_SET_TSET, -EINVAL, 0, CMAP_A_TSET,
	  false, .attrs = { { CMAP_TSET_A_NAME, 'r', 0, "abc", true }, AES } },
	{ "name of 64 bytes", CMAP_CMD_SET_TSET, -EINVAL, 0, CMAP_A_TSET, false,
	  .attrs = { { CMAP_TSET_A_NAME, 's', 0, X8 X8 X8 X8 X8 X8 X8 X8, true },
		     AES } },
	{ "empty name", CMAP_CMD_SET_TSET, -EINVAL, 0, CMAP_A_TSET, false,
	  .attrs = { { CMAP_TSET_A_NAME, 's', 0, "", true }, AES } },
	{ "missing object", CMAP_CMD_SET_TSET, -EINVAL, CMAP_A_TSET, 0, false,
	  .top = { { 0, 0, 0, NULL, false } } },
	{ "FLAGS to SET_TSET", CMAP_CMD_SET_TSET, -EINVAL, 0, CMAP_A_TSET, false,
	  .top = { { CMAP_A_FLAGS, '4', 0, NULL, true } },
	  .attrs = { NAME_T, AES } },
	{ "attribute to GET_INFO", CMAP_CMD_GET_INFO, -EINVAL, 0, 0, false,
	  .top = { { CMAP_A_FLAGS, '4', 0, NULL, true } } },
	{ "BEGIN unknown flag bit", CMAP_CMD_TXN_BEGIN, -EINVAL, 0, 0, false,
	  .top = { { CMAP_A_FLAGS, '4', 2, NULL, true } } },
	{ "SET_ACL unknown flag bit", CMAP_CMD_SET_ACL, -EINVAL, 0, CMAP_A_ACL,
	  false, .top = { { CMAP_A_FLAGS, '4', CMAP_ACL_F_APPEND | 4, NULL, true } },
	  .attrs = { { CMAP_ACL_A_NAME, 's', 0, "110", false } } },
	{ "reply-only ENTRY.ID", CMAP_CMD_SET_ENTRY, -EINVAL, 0, CMAP_A_ENTRY,
	  false, .attrs = { MAP_M, { CMAP_ENTRY_A_SEQ, '2', 1, NULL, false },
			    ISAKMP, { CMAP_ENTRY_A_ID, '4', 7, NULL, true } } },
	{ "ENTRY.SEQ 0", CMAP_CMD_SET_ENTRY, -ERANGE, 0, CMAP_A_ENTRY, false,
	  .attrs = { MAP_M, { CMAP_ENTRY_A_SEQ, '2', 0, NULL, true }, ISAKMP } },
	{ "ENTRY.SEQ 65536", CMAP_CMD_SET_ENTRY, -EINVAL, 0, CMAP_A_ENTRY, false,
	  .attrs = { MAP_M, { CMAP_ENTRY_A_SEQ, '4', 65536, NULL, true },
		     ISAKMP } },
	{ "GLOBAL.LIFE_SECS 119", CMAP_CMD_SET_GLOBAL, -ERANGE, 0,
	  CMAP_A_GLOBAL, false,
	  .attrs = { { CMAP_GLOBAL_A_LIFE_SECS, '4', 119, NULL, true } } },
	{ "GLOBAL.REPLAY_WINDOW 33", CMAP_CMD_SET_GLOBAL, -EINVAL, 0,
	  CMAP_A_GLOBAL, false,
	  .attrs = { { CMAP_GLOBAL_A_REPLAY_WINDOW, '4', 33, NULL, true } } },
};

/* Puts @a; returns its offset if it is the one at fault, else -1. */
static int raw_put(struct nlmsghdr *nlh, const struct raw *a)
{
	int offs = here(nlh);

	switch (a->kind) {
	case '1':
		mnl_attr_put_u8(nlh, a->type, a->v);
		break;
	case '2':
		mnl_attr_put_u16(nlh, a->type, a->v);
		break;
	case '4':
		mnl_attr_put_u32(nlh, a->type, a->v);
		break;
	case 's':
		mnl_attr_put_strz(nlh, a->type, a->s);
		break;
	case 'r':
		mnl_attr_put(nlh, a->type, strlen(a->s), a->s);
		break;
	}
	return a->bad ? offs : -1;
}

static void raw_run(struct nl *nl, const struct raw_case *c)
{
	struct nlmsghdr *nlh = req(nl, c->cmd);
	struct nlattr *nest;
	int offs = -1, o, i;
	struct res r;

	for (i = 0; c->top[i].type; i++) {
		o = raw_put(nlh, &c->top[i]);
		offs = o >= 0 ? o : offs;
	}
	if (c->nest) {
		if (c->flat)
			offs = here(nlh);
		nest = mnl_attr_nest_start(nlh, c->nest);
		if (c->flat)
			nest->nla_type &= ~NLA_F_NESTED;
		for (i = 0; c->attrs[i].type; i++) {
			o = raw_put(nlh, &c->attrs[i]);
			offs = o >= 0 ? o : offs;
		}
		mnl_attr_nest_end(nlh, nest);
	}
	r = nl_talk(nl, nlh, NULL, NULL);
	expect(c->name, &r, c->err, offs, c->miss ?: -1, NULL);
}

static void case_policy(struct nl *nl)
{
	struct nlmsghdr *nlh;
	unsigned int i;
	struct res r;
	int offs;

	for (i = 0; i < ARRAY_SIZE(raw_cases); i++)
		raw_run(nl, &raw_cases[i]);

	nlh = req(nl, CMAP_CMD_SET_TSET);
	put_tset(nlh, "t", CMAP_CIPHER_AES, 128, CMAP_AUTH_SHA1);
	offs = here(nlh);
	put_map(nlh, "m", false);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("second object in one request", &r, -EINVAL, offs, -1, NULL);
}

static void case_tsets(struct nl *nl)
{
	struct nlmsghdr *nlh;
	struct res r;

	r = SET(nl, CMAP_CMD_SET_TSET, put_tset, "t", CMAP_CIPHER_DES, 56,
		CMAP_AUTH_MD5);
	expect("DES with 56 key bits", &r, -EINVAL, -1, -1, "KEYBITS");
	r = SET(nl, CMAP_CMD_SET_TSET, put_tset, "t", CMAP_CIPHER_AES, 100,
		CMAP_AUTH_MD5);
	expect("AES with 100 key bits", &r, -EINVAL, -1, -1, "KEYBITS");
	r = SET(nl, CMAP_CMD_SET_TSET, put_tset, "t", CMAP_CIPHER_GCM, 256,
		CMAP_AUTH_SHA256);
	expect("GCM with an integrity transform", &r, -EINVAL, -1, -1, "AUTH");
	r = SET(nl, CMAP_CMD_SET_TSET, put_tset, "t", CMAP_CIPHER_NULL, -1, -1);
	expect("esp-null alone", &r, -EINVAL, -1, -1, "AUTH");
	nlh = req(nl, CMAP_CMD_SET_TSET);
	put_tset(nlh, "t", __CMAP_CIPHER_MAX, -1, -1);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("unknown cipher", &r, -ERANGE, -1, -1, "range");
}

/* A SET_ACL of one line @l; the expected offset is that of attribute @bad. */
static void acl_line_case(struct nl *nl, const char *name, const struct line *l,
			  int bad, int err)
{
	struct nlmsghdr *nlh = req(nl, CMAP_CMD_SET_ACL);
	const struct nlattr *acl, *acl_name, *line, *la;
	int offs = -1;
	struct res r;

	put_acl(nlh, "150", l, 1);
	/* The attribute the kernel should point at: ACL { NAME, LINES { LINE } }. */
	acl = mnl_nlmsg_get_payload_offset(nlh, sizeof(struct genlmsghdr));
	acl_name = mnl_attr_get_payload(acl);
	line = mnl_attr_get_payload(mnl_attr_next(acl_name));
	mnl_attr_for_each_nested(la, line)
		if (mnl_attr_get_type(la) == bad)
			offs = (const char *)la - (const char *)nlh;
	r = nl_talk(nl, nlh, NULL, NULL);
	expect(name, &r, err, offs, -1, NULL);
}

static void case_acl_lines(struct nl *nl)
{
	struct line l;

	l = (struct line){ .action = CMAP_ACTION_PERMIT, .src = "10.1.1.1",
			   .swild = "0.0.0.255" };
	acl_line_case(nl, "address bits under the wildcard", &l,
		      CMAP_LINE_A_SRC, -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .dst = "10.1.1.0",
			   .dwild = "0.0.1.255", .src = "1.2.3.4" };
	acl_line_case(nl, "DST bits under a non-contiguous wildcard", &l,
		      CMAP_LINE_A_DST, -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .dwild = "0.0.0.255" };
	acl_line_case(nl, "wildcard without address", &l,
		      CMAP_LINE_A_DST_WILD, -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .proto = 1,
			   .dop = CMAP_PORT_EQ, .dlo = 80 };
	acl_line_case(nl, "port operator with icmp", &l, CMAP_LINE_A_DPORT_OP,
		      -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .dop = CMAP_PORT_EQ,
			   .dlo = 80 };
	acl_line_case(nl, "port operator with ip", &l, CMAP_LINE_A_DPORT_OP,
		      -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .proto = 6,
			   .dop = CMAP_PORT_RANGE, .dlo = 90, .dhi = 80 };
	acl_line_case(nl, "port range HI < LO", &l, CMAP_LINE_A_DPORT_HI,
		      -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_REMARK, .remark = "x",
			   .proto = 6 };
	acl_line_case(nl, "remark with PROTO", &l, CMAP_LINE_A_PROTO, -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .remark = "x" };
	acl_line_case(nl, "remark with PERMIT", &l, CMAP_LINE_A_REMARK,
		      -EINVAL);
	l = (struct line){ .action = CMAP_ACTION_PERMIT, .seq = 0x80000000 };
	acl_line_case(nl, "LINE.SEQ 2^31", &l, CMAP_LINE_A_SEQ, -ERANGE);
	l = (struct line){ .action = __CMAP_ACTION_MAX };
	acl_line_case(nl, "unknown action", &l, CMAP_LINE_A_ACTION, -ERANGE);
}

static void case_acls(struct nl *nl)
{
	const struct line two[] = {
		{ .seq = 20, .action = CMAP_ACTION_PERMIT },
		{ .seq = 20, .action = CMAP_ACTION_DENY },
	};
	struct nlmsghdr *nlh;
	struct res r;

	r = SET(nl, CMAP_CMD_SET_ACL, put_acl, "99", acl110, 1);
	expect("ACL named 99", &r, -EINVAL, -1, -1, "ACL.NAME");
	r = SET(nl, CMAP_CMD_SET_ACL, put_acl, "0110", acl110, 1);
	expect("ACL named 0110", &r, -EINVAL, -1, -1, "ACL.NAME");
	r = SET(nl, CMAP_CMD_SET_ACL, put_acl, "150", two, 2);
	expect("sequence numbers not increasing", &r, -EINVAL, -1, -1,
	       "LINE.SEQ");
	must(SET(nl, CMAP_CMD_SET_ACL, put_acl, "SMALL", acl110, 2), "SET_ACL");
	nlh = req(nl, CMAP_CMD_SET_ACL);
	mnl_attr_put_u32(nlh, CMAP_A_FLAGS, CMAP_ACL_F_APPEND);
	put_acl(nlh, "SMALL", two, 1);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("APPEND with a sequence number not above the list's", &r,
	       -EINVAL, -1, -1, "LINE.SEQ");
	nlh = req(nl, CMAP_CMD_SET_ACL);
	mnl_attr_put_u32(nlh, CMAP_A_FLAGS, CMAP_ACL_F_APPEND);
	put_acl(nlh, "nosuchlist", acl110, 1);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("APPEND to a missing list", &r, -ENOENT, -1, -1, "ACL.NAME");
	nlh = req(nl, CMAP_CMD_DEL_ACL);
	put_name(nlh, CMAP_A_ACL, "nosuchlist");
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("DEL_ACL of a missing list", &r, -ENOENT, -1, -1, "ACL.NAME");
}

static void case_entries(struct nl *nl)
{
	struct entry e = hub10;
	struct nlmsghdr *nlh;
	struct res r;
	int i;

	e.map = "nosuchmap";
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("entry of a missing map", &r, -ENOENT, -1, -1, "ENTRY.MAP");

	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "m", false), "SET_MAP");
	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "dyn", true), "SET_MAP");
	e = hub10;
	e.map = "m";
	e.peers[1] = "10.9.9.9";
	e.peers[2] = "10.1.2.1";
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("duplicate peers", &r, -EINVAL, -1, -1, "duplicate");
	for (i = 0; i < 17; i++) {
		static char peers[17][16];

		snprintf(peers[i], sizeof(peers[i]), "10.0.0.%d", i + 1);
		e.peers[i] = peers[i];
	}
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("17 peers", &r, -EINVAL, -1, -1, "PEERS");

	e = (struct entry){ .map = "m", .seq = 5, .type = CMAP_ENTRY_ISAKMP,
			    .tsets = { "myset" } };
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("static map entry without ACL", &r, -EINVAL, -1, -1,
	       "ENTRY.ACL");
	e = (struct entry){ .map = "m", .seq = 5, .type = CMAP_ENTRY_MANUAL,
			    .acl = "110", .tsets = { "myset" },
			    .peers = { "10.0.0.1", "10.0.0.2" } };
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("MANUAL entry with two peers", &r, -EINVAL, -1, -1, "MANUAL");
	e = (struct entry){ .map = "m", .seq = 5, .type = CMAP_ENTRY_DYNAMIC,
			    .dynmap = "dyn", .acl = "110" };
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("DYNAMIC entry with ACL", &r, -EINVAL, -1, -1, "DYNAMIC");
	e = (struct entry){ .map = "m", .seq = 5, .no_type = true };
	r = SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e);
	expect("entry without TYPE", &r, -EINVAL, -1, CMAP_ENTRY_A_TYPE, NULL);
	nlh = req(nl, CMAP_CMD_DEL_ENTRY);
	e = (struct entry){ .map = "m", .seq = 77, .no_type = true };
	put_entry(nlh, &e);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("DEL_ENTRY of a missing entry", &r, -ENOENT, -1, -1, "ENTRY");
	nlh = req(nl, CMAP_CMD_DEL_ENTRY);
	put_entry(nlh, &hub10);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("DEL_ENTRY with more than the key", &r, -EINVAL, -1, -1,
	       "not valid");
}

/* Commit-time validation: references, and the candidate left as it was. */
static void case_commit(struct nl *nl)
{
	struct entry e = hub10;
	struct nlmsghdr *nlh;
	struct info before, info;
	struct res r;

	must(get_info(nl, &before), "GET_INFO");
	must(begin(nl, CMAP_TXN_F_REPLACE), "BEGIN");
	must(SET(nl, CMAP_CMD_SET_TSET, put_tset, "myset", CMAP_CIPHER_DES, -1,
		 CMAP_AUTH_MD5), "SET_TSET");
	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "mymap", false), "SET_MAP");
	e.acl = "199";
	must(SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e), "SET_ENTRY");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit: entry names a missing ACL", &r, -EINVAL, -1, -1,
	       "crypto map mymap 10, access list 199");
	get_info(nl, &info);
	check("failed commit keeps the candidate",
	      info.n[CMAP_INFO_A_TXN_PORTID] == nl->portid &&
	      info.generation == before.generation,
	      "txn_portid %u generation %u", info.n[CMAP_INFO_A_TXN_PORTID],
	      info.generation);

	must(SET(nl, CMAP_CMD_SET_ACL, put_acl, "199", acl110, 2), "SET_ACL");
	nlh = req(nl, CMAP_CMD_DEL_TSET);
	put_name(nlh, CMAP_A_TSET, "myset");
	must(nl_talk(nl, nlh, NULL, NULL), "DEL_TSET");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit: entry names a missing transform set", &r, -EINVAL, -1,
	       -1, "transform set myset");

	must(SET(nl, CMAP_CMD_SET_TSET, put_tset, "myset", CMAP_CIPHER_DES, -1,
		 CMAP_AUTH_MD5), "SET_TSET");
	must(SET(nl, CMAP_CMD_SET_BINDING, put_binding, "eth7", "nomap"),
	     "SET_BINDING");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit: binding names a missing map", &r, -EINVAL, -1, -1,
	       "crypto map nomap");

	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "nomap", true), "SET_MAP");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit: binding names a dynamic map", &r, -EINVAL, -1, -1,
	       "dynamic");

	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "nomap", false), "SET_MAP");
	e = (struct entry){ .map = "mymap", .seq = 30,
			    .type = CMAP_ENTRY_DYNAMIC, .dynmap = "dynmap" };
	must(SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e), "SET_ENTRY");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit: entry names a missing dynamic map", &r, -EINVAL, -1,
	       -1, "dynamic map dynmap");
	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "dynmap", false), "SET_MAP");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit: DYNMAP names a static map", &r, -EINVAL, -1, -1,
	       "not a dynamic map");
	must(SET(nl, CMAP_CMD_SET_MAP, put_map, "dynmap", true), "SET_MAP");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("commit of the corrected candidate", &r, 0, -1, -1, NULL);
	get_info(nl, &info);
	check("commit published everything",
	      info.generation != before.generation &&
	      info.n[CMAP_INFO_A_N_ENTRIES] == 2 &&
	      info.n[CMAP_INFO_A_N_MAPS] == 3 &&
	      info.n[CMAP_INFO_A_N_ACL_LINES] == 2 &&
	      info.n[CMAP_INFO_A_N_BINDINGS] == 1 &&
	      !info.n[CMAP_INFO_A_TXN_PORTID],
	      "generation %u entries %u maps %u lines %u bindings %u",
	      info.generation, info.n[CMAP_INFO_A_N_ENTRIES],
	      info.n[CMAP_INFO_A_N_MAPS], info.n[CMAP_INFO_A_N_ACL_LINES],
	      info.n[CMAP_INFO_A_N_BINDINGS]);

	nlh = req(nl, CMAP_CMD_DEL_TSET);
	put_name(nlh, CMAP_A_TSET, "myset");
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("DEL_TSET in use, without a transaction", &r, -EINVAL, -1, -1,
	       "transform set myset");
	r = simple(nl, CMAP_CMD_TXN_COMMIT);
	expect("COMMIT without a transaction", &r, -ENOENT, -1, -1, "TXN");
	r = simple(nl, CMAP_CMD_TXN_ABORT);
	expect("ABORT without a transaction", &r, -ENOENT, -1, -1, "TXN");
}

static void case_txn_owner(struct nl *nl)
{
	struct nl *b = nl_open();
	struct info info;
	struct res r;
	uint32_t a_portid;

	must(begin(nl, 0), "BEGIN");
	r = begin(b, 0);
	expect("BEGIN while another socket owns the candidate", &r, -EBUSY, -1,
	       -1, "another socket");
	r = SET(b, CMAP_CMD_SET_TSET, put_tset, "t", CMAP_CIPHER_AES, 128,
		CMAP_AUTH_SHA1);
	expect("SET while another socket owns the candidate", &r, -EBUSY, -1,
	       -1, "another socket");
	r = simple(b, CMAP_CMD_FLUSH);
	expect("FLUSH while another socket owns the candidate", &r, -EBUSY, -1,
	       -1, "another socket");
	r = simple(b, CMAP_CMD_TXN_COMMIT);
	expect("COMMIT of another socket's candidate", &r, -EBUSY, -1, -1,
	       "another socket");
	r = begin(nl, 0);
	expect("second BEGIN of the owner", &r, -EBUSY, -1, -1, "already");
	must(simple(nl, CMAP_CMD_TXN_ABORT), "ABORT");

	/* A candidate dies with its socket. */
	{
		struct nl *a = nl_open();

		a_portid = a->portid;
		must(begin(a, 0), "BEGIN");
		get_info(b, &info);
		check("GET_INFO names the owner",
		      info.n[CMAP_INFO_A_TXN_PORTID] == a_portid,
		      "txn_portid %u, owner %u", info.n[CMAP_INFO_A_TXN_PORTID],
		      a_portid);
		nl_close(a);
	}
	get_info(b, &info);
	check("candidate discarded when its socket closes",
	      info.n[CMAP_INFO_A_TXN_PORTID] == 0, "txn_portid %u",
	      info.n[CMAP_INFO_A_TXN_PORTID]);
	r = begin(b, 0);
	expect("BEGIN after the owner closed", &r, 0, -1, -1, NULL);
	must(simple(b, CMAP_CMD_TXN_ABORT), "ABORT");
	nl_close(b);
}

/* Entry identities across commits. */
static void case_identity(struct nl *nl)
{
	struct line changed[2];
	struct ids a, b;
	struct entry e;

	load_hub(nl, "lo");
	a = entry_ids(nl);
	load_hub(nl, "lo");
	b = entry_ids(nl);
	check("identities survive reloading the same configuration",
	      a.n == 2 && b.n == 2 && a.id[0] && a.id[1] &&
	      a.id[0] != a.id[1] && a.id[0] == b.id[0] && a.id[1] == b.id[1],
	      "ids %u %u, then %u %u", a.id[0], a.id[1], b.id[0], b.id[1]);

	/* A remark and "log" change nothing an SA depends on. */
	memcpy(changed, acl110, sizeof(changed));
	changed[1].log = true;
	must(SET(nl, CMAP_CMD_SET_ACL, put_acl, "110", changed, 2), "SET_ACL");
	b = entry_ids(nl);
	check("identity kept when only LOG changes",
	      b.id[0] == a.id[0] && b.id[1] == a.id[1], "ids %u %u",
	      b.id[0], b.id[1]);

	changed[1].dst = "172.16.2.0";
	must(SET(nl, CMAP_CMD_SET_ACL, put_acl, "110", changed, 2), "SET_ACL");
	b = entry_ids(nl);
	check("new identity when the entry's ACL changes",
	      b.id[0] != a.id[0] && b.id[0] > a.id[1] && b.id[1] == a.id[1],
	      "ids %u %u", b.id[0], b.id[1]);

	a = b;
	e = hub20;
	e.life_secs = 1800;
	must(SET(nl, CMAP_CMD_SET_ENTRY, put_entry, &e), "SET_ENTRY");
	b = entry_ids(nl);
	check("new identity when the lifetime changes",
	      b.id[0] == a.id[0] && b.id[1] != a.id[1], "ids %u %u", b.id[0],
	      b.id[1]);

	a = b;
	must(SET(nl, CMAP_CMD_SET_TSET, put_tset, "myset", CMAP_CIPHER_DES, 64,
		 CMAP_AUTH_MD5), "SET_TSET");
	b = entry_ids(nl);
	check("identities kept when a transform set is set the same again",
	      b.id[0] == a.id[0] && b.id[1] == a.id[1], "ids %u %u", b.id[0],
	      b.id[1]);
	must(SET(nl, CMAP_CMD_SET_TSET, put_tset, "myset", CMAP_CIPHER_3DES, -1,
		 CMAP_AUTH_MD5), "SET_TSET");
	b = entry_ids(nl);
	check("new identities when the transform set changes",
	      b.id[0] != a.id[0] && b.id[1] != a.id[1], "ids %u %u", b.id[0],
	      b.id[1]);
}

/* Requests batched into one sendmsg(); only errors come back, then an ack. */
struct batch {
	struct nl *nl;
	char *buf;
	size_t len;
	struct res res;
};

static struct nlmsghdr *batch_msg(struct batch *b, uint8_t cmd)
{
	if (b->len > batch_send) {
		nl_send(b->nl, b->buf, b->len);
		b->len = 0;
	}
	return msg_start(b->nl, b->buf + b->len, b->nl->family, cmd, 0);
}

static void batch_end_msg(struct batch *b, struct nlmsghdr *nlh)
{
	b->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* Sends what is left with a final request that is acked. */
static struct res batch_finish(struct batch *b, uint8_t cmd)
{
	struct nlmsghdr *nlh = batch_msg(b, cmd);

	nlh->nlmsg_flags |= NLM_F_ACK;
	batch_end_msg(b, nlh);
	res_init(&b->res);
	nl_send(b->nl, b->buf, b->len);
	nl_recv(b->nl, nlh->nlmsg_seq, &b->res, NULL, NULL, NULL);
	b->len = 0;
	return b->res;
}

/* A long access list in parts, with APPEND; lines are numbered by the kernel. */
static struct res load_long_acl(struct nl *nl, const char *name, int n,
				int per_msg)
{
	struct batch b = { .nl = nl, .buf = malloc(REQ_SIZE) };
	struct nlattr *acl = NULL, *ls = NULL;
	struct nlmsghdr *nlh = NULL;
	char dst[16];
	struct line l;
	int i;

	if (!b.buf)
		die("out of memory");
	for (i = 0; i < n; i++) {
		if (i % per_msg == 0) {
			nlh = batch_msg(&b, CMAP_CMD_SET_ACL);
			if (i)
				mnl_attr_put_u32(nlh, CMAP_A_FLAGS,
						 CMAP_ACL_F_APPEND);
			acl = mnl_attr_nest_start(nlh, CMAP_A_ACL);
			mnl_attr_put_strz(nlh, CMAP_ACL_A_NAME, name);
			ls = mnl_attr_nest_start(nlh, CMAP_ACL_A_LINES);
		}
		snprintf(dst, sizeof(dst), "10.%d.%d.0", i >> 8 & 255, i & 255);
		l = (struct line){ .action = CMAP_ACTION_PERMIT, .proto = 6,
				   .src = "192.168.1.0", .swild = "0.0.0.255",
				   .dst = dst, .dwild = "0.0.0.255",
				   .dop = CMAP_PORT_RANGE, .dlo = i & 0xffff,
				   .dhi = 65535 };
		put_line(nlh, &l);
		if (i % per_msg == per_msg - 1 || i == n - 1) {
			mnl_attr_nest_end(nlh, ls);
			mnl_attr_nest_end(nlh, acl);
			batch_end_msg(&b, nlh);
		}
	}
	batch_finish(&b, CMAP_CMD_GET_INFO);
	free(b.buf);
	return b.res;
}

static void case_long_acl(struct nl *nl)
{
	struct acl_dump d = { .name = "BIG", .ordered = true,
			      .same_generation = true };
	struct nlmsghdr *nlh;
	struct info info;
	struct line l;
	struct res r;

	must(simple(nl, CMAP_CMD_FLUSH), "FLUSH");
	must(begin(nl, 0), "BEGIN");
	r = load_long_acl(nl, "BIG", CMAP_ACL_LINES_MAX, 700);
	expect("65535 lines in parts with APPEND", &r, 0, -1, -1, NULL);
	l = (struct line){ .action = CMAP_ACTION_DENY };
	nlh = req(nl, CMAP_CMD_SET_ACL);
	mnl_attr_put_u32(nlh, CMAP_A_FLAGS, CMAP_ACL_F_APPEND);
	put_acl(nlh, "BIG", &l, 1);
	r = nl_talk(nl, nlh, NULL, NULL);
	expect("line 65536", &r, -EINVAL, -1, -1, "65535");
	must(simple(nl, CMAP_CMD_TXN_COMMIT), "COMMIT");
	get_info(nl, &info);
	check("65535 lines committed",
	      info.n[CMAP_INFO_A_N_ACL_LINES] == CMAP_ACL_LINES_MAX,
	      "lines %u", info.n[CMAP_INFO_A_N_ACL_LINES]);

	r = nl_talk(nl, dump_req(nl, CMAP_CMD_GET_ACL), acl_cb, &d);
	check("large ACL split across messages and coalesced",
	      !r.err && !r.n_intr && d.messages > 1 &&
	      d.lines == CMAP_ACL_LINES_MAX && d.ordered &&
	      d.last_seq == 10U * CMAP_ACL_LINES_MAX && d.same_generation &&
	      d.generation == info.generation,
	      "%d messages, %u lines, last seq %u, generation %u", d.messages,
	      d.lines, d.last_seq, d.generation);
	must(simple(nl, CMAP_CMD_FLUSH), "FLUSH");
}

struct intr {
	struct nl *other;
	bool changed;
};

/* After the first part of the dump, another socket changes the config. */
static void intr_hook(int n_recv, void *arg)
{
	struct intr *x = arg;

	if (n_recv != 1 || x->changed)
		return;
	must(SET(x->other, CMAP_CMD_SET_TSET, put_tset, "between",
		 CMAP_CIPHER_AES, 128, CMAP_AUTH_SHA1), "SET_TSET");
	x->changed = true;
}

static void case_dump_intr(struct nl *nl)
{
	struct batch b = { .nl = nl, .buf = malloc(REQ_SIZE) };
	struct intr x = { .other = nl_open() };
	struct nl *d = nl_open_size(4096);
	struct nlmsghdr *nlh;
	char name[16];
	struct res r;
	int i;

	if (!b.buf)
		die("out of memory");
	must(begin(nl, CMAP_TXN_F_REPLACE), "BEGIN");
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "L%d", i);
		nlh = batch_msg(&b, CMAP_CMD_SET_ACL);
		put_acl(nlh, name, acl110, 2);
		batch_end_msg(&b, nlh);
	}
	must(batch_finish(&b, CMAP_CMD_TXN_COMMIT), "3000 ACLs");
	free(b.buf);

	/* Small parts: @d never received with more than 4 KiB. */
	res_init(&r);
	nlh = dump_req(d, CMAP_CMD_GET_ACL);
	nl_send(d, nlh, nlh->nlmsg_len);
	nl_recv(d, nlh->nlmsg_seq, &r, NULL, NULL, NULL);
	check("dump without a change is not flagged", !r.err && !r.n_intr &&
	      r.n_msgs == 3000, "%d messages, %d flagged", r.n_msgs, r.n_intr);

	res_init(&r);
	nlh = dump_req(d, CMAP_CMD_GET_ACL);
	nl_send(d, nlh, nlh->nlmsg_len);
	nl_recv(d, nlh->nlmsg_seq, &r, NULL, &x, intr_hook);
	check("NLM_F_DUMP_INTR when the config changes between parts",
	      x.changed && !r.err && r.n_intr > 0 && r.n_msgs == 3000,
	      "%d messages, %d flagged", r.n_msgs, r.n_intr);
	nl_close(d);
	nl_close(x.other);
	must(simple(nl, CMAP_CMD_FLUSH), "FLUSH");
}

static int run_cases(void)
{
	struct nl *nl = nl_open();

	must(simple(nl, CMAP_CMD_FLUSH), "FLUSH");
	case_policy(nl);
	case_tsets(nl);
	case_acl_lines(nl);
	case_acls(nl);
	case_entries(nl);
	must(simple(nl, CMAP_CMD_FLUSH), "FLUSH");
	case_commit(nl);
	case_txn_owner(nl);
	case_identity(nl);
	case_long_acl(nl);
	case_dump_intr(nl);
	must(simple(nl, CMAP_CMD_FLUSH), "FLUSH");
	nl_close(nl);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}

/* ---- other commands --------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* NACL access lists of one line and NENT entries, in one transaction. */
static int run_bulk(int n_acls, int n_entries)
{
	struct nl *nl = nl_open();
	struct batch b = { .nl = nl, .buf = malloc(REQ_SIZE) };
	char name[16], map[16];
	struct nlmsghdr *nlh;
	struct entry e;
	struct info info;
	double t0 = now();
	int i;

	if (!b.buf)
		die("out of memory");
	must(begin(nl, CMAP_TXN_F_REPLACE), "BEGIN");
	nlh = batch_msg(&b, CMAP_CMD_SET_TSET);
	put_tset(nlh, "ts", CMAP_CIPHER_AES, 256, CMAP_AUTH_SHA256);
	batch_end_msg(&b, nlh);
	for (i = 0; i < n_acls; i++) {
		snprintf(name, sizeof(name), "A%d", i);
		nlh = batch_msg(&b, CMAP_CMD_SET_ACL);
		put_acl(nlh, name, acl110, 1);
		batch_end_msg(&b, nlh);
	}
	for (i = 0; i < n_entries; i++) {
		snprintf(map, sizeof(map), "M%d", i / 1024);
		if (i % 1024 == 0) {
			nlh = batch_msg(&b, CMAP_CMD_SET_MAP);
			put_map(nlh, map, false);
			batch_end_msg(&b, nlh);
		}
		snprintf(name, sizeof(name), "A%d", n_acls ? i % n_acls : 0);
		e = (struct entry){ .map = map, .seq = i % 1024 + 1,
				    .type = CMAP_ENTRY_ISAKMP, .acl = name,
				    .tsets = { "ts" }, .peers = { "10.0.0.1" } };
		nlh = batch_msg(&b, CMAP_CMD_SET_ENTRY);
		put_entry(nlh, &e);
		batch_end_msg(&b, nlh);
	}
	must(batch_finish(&b, CMAP_CMD_TXN_COMMIT), "bulk load");
	printf("loaded %d access lists and %d entries in %.3f s\n", n_acls,
	       n_entries, now() - t0);
	must(get_info(nl, &info), "GET_INFO");
	free(b.buf);
	nl_close(nl);
	return info.n[CMAP_INFO_A_N_ACLS] == (uint32_t)n_acls &&
	       info.n[CMAP_INFO_A_N_ENTRIES] == (uint32_t)n_entries ? 0 : 1;
}

static void binding_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *x;
	const char *ifname = "?", *map = "?";
	uint32_t ifindex = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CMAP_A_BINDING)
			continue;
		mnl_attr_for_each_nested(x, a) {
			if (mnl_attr_get_type(x) == CMAP_BINDING_A_IFNAME)
				ifname = mnl_attr_get_str(x);
			if (mnl_attr_get_type(x) == CMAP_BINDING_A_MAP)
				map = mnl_attr_get_str(x);
			if (mnl_attr_get_type(x) == CMAP_BINDING_A_IFINDEX)
				ifindex = mnl_attr_get_u32(x);
		}
	}
	(void)arg;
	printf("%s %s %u\n", ifname, map, ifindex);
}

static int parse_errno(const char *s)
{
	static const struct { const char *name; int err; } names[] = {
		{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EBUSY", EBUSY },
		{ "EINVAL", EINVAL }, { "ERANGE", ERANGE }, { "ENOSPC", ENOSPC },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i].name))
			return names[i].err;
	return atoi(s);
}

/* The result of a command's request: with -e, compared with the errno. */
static int result(struct res r, const char *what)
{
	if (expect_errno) {
		printf("%s: %s (%s)\n", what, strerror(-r.err), r.msg);
		return r.err == -expect_errno ? 0 : 1;
	}
	if (r.err) {
		fprintf(stderr, "%s: %s (%s)\n", what, strerror(-r.err), r.msg);
		return 1;
	}
	return 0;
}

static int run_command(int argc, char **argv)
{
	const char *cmd = argv[0];
	struct nl *nl = nl_open();
	struct info info;
	struct res r;

	if (!strcmp(cmd, "info")) {
		r = get_info(nl, &info);
		if (!r.err)
			printf("generation=%u tsets=%u acls=%u lines=%u maps=%u entries=%u bindings=%u txn_portid=%u\n",
			       info.generation, info.n[CMAP_INFO_A_N_TSETS],
			       info.n[CMAP_INFO_A_N_ACLS],
			       info.n[CMAP_INFO_A_N_ACL_LINES],
			       info.n[CMAP_INFO_A_N_MAPS],
			       info.n[CMAP_INFO_A_N_ENTRIES],
			       info.n[CMAP_INFO_A_N_BINDINGS],
			       info.n[CMAP_INFO_A_TXN_PORTID]);
		return result(r, cmd);
	}
	if (!strcmp(cmd, "flush"))
		return result(simple(nl, CMAP_CMD_FLUSH), cmd);
	if (!strcmp(cmd, "entries"))
		return result(nl_talk(nl, dump_req(nl, CMAP_CMD_GET_ENTRY),
				      entry_cb, NULL), cmd);
	if (!strcmp(cmd, "bindings"))
		return result(nl_talk(nl, dump_req(nl, CMAP_CMD_GET_BINDING),
				      binding_cb, NULL), cmd);
	if (!strcmp(cmd, "bind") && argc == 3)
		return result(SET(nl, CMAP_CMD_SET_BINDING, put_binding,
				  argv[1], argv[2]), cmd);
	if (!strcmp(cmd, "hold")) {
		r = begin(nl, 0);
		if (!r.err) {
			printf("holding the candidate as port %u\n", nl->portid);
			pause();
		}
		return result(r, cmd);
	}
	if (!strcmp(cmd, "load")) {
		if (expect_errno)
			return result(begin(nl, CMAP_TXN_F_REPLACE), cmd);
		load_hub(nl, argc > 1 ? argv[1] : "lo");
		return 0;
	}
	fprintf(stderr, "unknown command %s\n", cmd);
	return 2;
}

int main(int argc, char **argv)
{
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "e:f")) != -1) {
		if (opt == 'e') {
			expect_errno = parse_errno(optarg);
		} else if (opt == 'f') {
			make_it_fail = true;
			batch_send = 2048;
		} else {
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		fprintf(stderr, "usage: cmap_nltest [-e ERRNO] [-f] cases|load [IF]|bulk NACL NENT|info|entries|bindings|bind IF MAP|hold|flush\n");
		return 2;
	}
	req_buf = malloc(REQ_SIZE);
	if (!req_buf)
		die("out of memory");
	if (!strcmp(argv[0], "cases"))
		return run_cases();
	if (!strcmp(argv[0], "bulk") && argc == 3)
		return run_bulk(atoi(argv[1]), atoi(argv[2]));
	return run_command(argc, argv);
}
