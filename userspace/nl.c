// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/cryptomap.h>

#include "nl.h"
#include "util.h"

#define MSG_ROOM (32 * 1024 + 1024)	/* largest message we build */
#define BATCH_CAP (4 * MSG_ROOM)	/* below the default wmem of 208 KiB */
#define RECV_SIZE (64 * 1024)		/* a dump skb is at most 32 KiB */
#define WINDOW_MAX 512U
#define ACK_TRUESIZE 2048U		/* rcvbuf cost of one ack, generous */

static struct nlmsghdr *msg_start(void *buf, uint16_t type, uint8_t cmd,
				  uint8_t version, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct extack {
	char *msg;
	size_t len;
};

static int extack_cb(const struct nlattr *a, void *data)
{
	struct extack *x = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
		snprintf(x->msg, x->len, "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

/* The error of an NLMSG_ERROR message, its extack text into msg. */
static int ack_error(const struct nlmsghdr *nlh, char *msg, size_t len)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t plen = mnl_nlmsg_get_payload_len(nlh), off = sizeof(*e);
	struct extack x = { msg, len };

	msg[0] = 0;
	if (plen < sizeof(e->error))
		return -EBADMSG;
	if (plen < sizeof(*e) || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(struct nlmsghdr);
	if (plen > off)
		mnl_attr_parse_payload((const char *)e + off, plen - off,
				       extack_cb, &x);
	return e->error;
}

void batch_init(struct nl_batch *b, struct nl *nl, nl_reply_fn reply,
		nl_describe_fn describe, void *data)
{
	memset(b, 0, sizeof(*b));
	b->nl = nl;
	b->cap = BATCH_CAP;
	b->buf = xcalloc(1, b->cap);	/* attribute padding is not written */
	b->tags = xmalloc(WINDOW_MAX * sizeof(*b->tags));
	b->reply = reply;
	b->describe = describe;
	b->data = data;
}

void batch_free(struct nl_batch *b)
{
	free(b->buf);
	free(b->tags);
}

static void batch_fail(struct nl_batch *b, int err, uint32_t tag)
{
	if (b->err)
		return;
	b->err = err;
	if (b->describe)
		b->describe(b->data, tag, b->what, sizeof(b->what));
}

/*
 * One reply or acknowledgement of the window. *@heard: how many of its
 * requests are known to be processed; all are once the last one is acked.
 */
static void batch_msg(struct nl_batch *b, const struct nlmsghdr *nlh,
		      unsigned int *heard)
{
	uint32_t i = nlh->nlmsg_seq - b->first_seq;
	char msg[sizeof(b->msg)];
	int err;

	if (nlh->nlmsg_pid != b->nl->portid || i >= b->count)
		return;
	if (*heard < i)
		*heard = i;	/* requests are processed in order */
	if (nlh->nlmsg_type != NLMSG_ERROR) {
		if (b->reply && b->reply(nlh, b->data) < 0)
			batch_fail(b, -EBADMSG, b->tags[i]);
		return;
	}
	if (i == b->count - 1)
		*heard = b->count;
	err = ack_error(nlh, msg, sizeof(msg));
	if (err && !b->err) {
		memcpy(b->msg, msg, sizeof(msg));
		batch_fail(b, err, b->tags[i]);
	}
}

static void batch_read_acks(struct nl_batch *b)
{
	static char rbuf[RECV_SIZE];
	unsigned int heard = 0;

	while (heard < b->count) {
		ssize_t n = mnl_socket_recvfrom(b->nl->sock, rbuf, sizeof(rbuf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int len = (int)n;

		if (n < 0) {
			snprintf(b->msg, sizeof(b->msg), "receiving: %s",
				 strerror(errno));
			batch_fail(b, -errno, b->tags[heard]);
			return;
		}
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
			batch_msg(b, nlh, &heard);
	}
}

static void batch_close(struct nl_batch *b)
{
	if (b->open)
		b->len += NLMSG_ALIGN(b->open->nlmsg_len);
	b->open = NULL;
}

static void batch_send(struct nl_batch *b)
{
	batch_close(b);
	if (b->count)
		((struct nlmsghdr *)(b->buf + b->last))->nlmsg_flags |= NLM_F_ACK;
	if (b->len && !b->err) {
		if (mnl_socket_sendto(b->nl->sock, b->buf, b->len) < 0) {
			snprintf(b->msg, sizeof(b->msg), "sending: %s",
				 strerror(errno));
			batch_fail(b, -errno, b->tags[0]);
		} else {
			batch_read_acks(b);
		}
	}
	b->len = 0;
	b->count = 0;
}

struct nlmsghdr *batch_add(struct nl_batch *b, uint8_t cmd, uint32_t tag)
{
	struct nlmsghdr *nlh;

	batch_close(b);
	if (b->cap - b->len < MSG_ROOM || b->count >= b->nl->window)
		batch_send(b);
	b->last = b->len;
	nlh = msg_start(b->buf + b->len, b->nl->family, cmd, CMAP_GENL_VERSION,
			NLM_F_REQUEST, ++b->nl->seq);
	if (!b->count)
		b->first_seq = nlh->nlmsg_seq;
	b->tags[b->count++] = tag;
	b->open = nlh;
	return nlh;
}

int batch_flush(struct nl_batch *b)
{
	batch_send(b);
	return b->err;
}

void batch_perror(const struct nl_batch *b, const char *doing)
{
	fprintf(stderr, "cmapctl: %s", doing);
	if (b->what[0])
		fprintf(stderr, ": %s", b->what);
	if (b->msg[0])
		fprintf(stderr, ": %s (%s)\n", b->msg, strerror(-b->err));
	else
		fprintf(stderr, ": %s\n", strerror(-b->err));
}

int nl_simple(struct nl *nl, uint8_t cmd, nl_reply_fn reply, void *data,
	      const char *doing)
{
	struct nl_batch b;
	int err;

	batch_init(&b, nl, reply, NULL, data);
	batch_add(&b, cmd, 0);
	err = batch_flush(&b);
	if (err && doing)
		batch_perror(&b, doing);
	batch_free(&b);
	return err;
}

struct dump {
	struct nl *nl;
	uint32_t seq;
	nl_reply_fn cb;
	void *data;
	bool done, intr;
	int err;
	char msg[256];
};

static void dump_msg(struct dump *d, const struct nlmsghdr *nlh)
{
	const int *done_err = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_seq != d->seq || nlh->nlmsg_pid != d->nl->portid)
		return;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		size_t plen = mnl_nlmsg_get_payload_len(nlh);

		d->done = true;
		if (plen >= sizeof(int) && *done_err)
			d->err = *done_err;
		/* A dump refused in its dumpit ends here, its extack after the error. */
		if (d->err && (nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
		    plen > sizeof(int)) {
			struct extack x = { d->msg, sizeof(d->msg) };

			mnl_attr_parse_payload(done_err + 1, plen - sizeof(int),
					       extack_cb, &x);
		}
	} else if (nlh->nlmsg_type == NLMSG_ERROR) {
		d->done = true;
		d->err = ack_error(nlh, d->msg, sizeof(d->msg));
	} else if (!d->err && d->cb(nlh, d->data) < 0) {
		d->err = -EBADMSG;
	}
}

static int dump_read(struct dump *d)
{
	static char rbuf[RECV_SIZE];

	while (!d->done) {
		ssize_t n = mnl_socket_recvfrom(d->nl->sock, rbuf, sizeof(rbuf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int len = (int)n;

		if (n < 0)
			return -errno;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
			dump_msg(d, nlh);
	}
	return d->err;
}

int nl_dump(struct nl *nl, uint8_t cmd, nl_reply_fn cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dump d = { .nl = nl, .seq = ++nl->seq, .cb = cb, .data = data };
	struct nlmsghdr *nlh;
	int err;

	nlh = msg_start(buf, nl->family, cmd, CMAP_GENL_VERSION,
			NLM_F_REQUEST | NLM_F_DUMP, d.seq);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		err = -errno;
	else
		err = dump_read(&d);
	if (err)
		fprintf(stderr, "cmapctl: dump: %s%s%s\n", d.msg,
			d.msg[0] ? ": " : "", strerror(-err));
	else if (d.intr)
		err = -EINTR;
	return err;
}

struct attr_tab {
	const struct nlattr **tb;
	unsigned int max;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attr_tab *t = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type <= t->max)
		t->tb[type] = a;
	return MNL_CB_OK;
}

void nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
	      unsigned int max)
{
	struct attr_tab t = { tb, max };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, &t);
}

void nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		     unsigned int max)
{
	struct attr_tab t = { tb, max };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (nest)
		mnl_attr_parse_nested(nest, attr_cb, &t);
}

uint8_t nl_u8(const struct nlattr *a, uint8_t dflt)
{
	return a && mnl_attr_get_payload_len(a) >= 1 ? mnl_attr_get_u8(a) : dflt;
}

uint16_t nl_u16(const struct nlattr *a, uint16_t dflt)
{
	return a && mnl_attr_get_payload_len(a) >= 2 ? mnl_attr_get_u16(a) :
						       dflt;
}

uint32_t nl_u32(const struct nlattr *a, uint32_t dflt)
{
	return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) :
						       dflt;
}

uint64_t nl_u64(const struct nlattr *a, uint64_t dflt)
{
	return a && mnl_attr_get_payload_len(a) >= 8 ? mnl_attr_get_u64(a) :
						       dflt;
}

bool nl_str(const struct nlattr *a, char *buf, size_t len)
{
	size_t n;

	if (!a)
		return false;
	n = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	if (n >= len)
		n = len - 1;
	memcpy(buf, mnl_attr_get_payload(a), n);
	buf[n] = 0;
	return true;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nl *nl = data;

	nl_parse(nlh, tb, CTRL_ATTR_MAX);
	nl->family = nl_u16(tb[CTRL_ATTR_FAMILY_ID], 0);
	return MNL_CB_OK;
}

static int resolve_family(struct nl *nl)
{
	struct nl_batch b;
	struct nlmsghdr *nlh;
	int err;

	nl->family = GENL_ID_CTRL;
	batch_init(&b, nl, family_cb, NULL, nl);
	nlh = batch_add(&b, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME);
	err = batch_flush(&b);
	if (err == -ENOENT)
		fprintf(stderr, "cmapctl: the generic netlink family \"%s\" "
			"does not exist: is cryptomap.ko loaded?\n",
			CMAP_GENL_NAME);
	else if (err)
		batch_perror(&b, "resolving the netlink family");
	batch_free(&b);
	return err || nl->family == GENL_ID_CTRL ? -1 : 0;
}

struct mcast_q {
	const char *name;
	uint32_t id;
};

static int mcast_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *g;
	const struct nlattr *gt[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct mcast_q *q = data;
	char name[GENL_NAMSIZ];

	nl_parse(nlh, tb, CTRL_ATTR_MAX);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(g, tb[CTRL_ATTR_MCAST_GROUPS]) {
		nl_parse_nested(g, gt, CTRL_ATTR_MCAST_GRP_MAX);
		if (nl_str(gt[CTRL_ATTR_MCAST_GRP_NAME], name, sizeof(name)) &&
		    !strcmp(name, q->name))
			q->id = nl_u32(gt[CTRL_ATTR_MCAST_GRP_ID], 0);
	}
	return MNL_CB_OK;
}

int nl_mcast_group(struct nl *nl, const char *name, uint32_t *id)
{
	struct mcast_q q = { name, 0 };
	uint16_t family = nl->family;
	struct nl_batch b;
	struct nlmsghdr *nlh;
	int err;

	nl->family = GENL_ID_CTRL;
	batch_init(&b, nl, mcast_cb, NULL, &q);
	nlh = batch_add(&b, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME);
	err = batch_flush(&b);
	nl->family = family;
	if (err)
		batch_perror(&b, "resolving the multicast group");
	batch_free(&b);
	if (!err && !q.id) {
		fprintf(stderr, "cmapctl: the family has no multicast group "
			"\"%s\"\n", name);
		err = -ENOENT;
	}
	*id = q.id;
	return err;
}

/* Acks queue up in the receive buffer while a window is processed. */
static void size_buffers(struct nl *nl)
{
	int fd = mnl_socket_get_fd(nl->sock), size = 4 << 20;
	socklen_t len = sizeof(size);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, &len))
		size = 0;
	nl->window = (unsigned int)size / ACK_TRUESIZE;
	if (nl->window > WINDOW_MAX)
		nl->window = WINDOW_MAX;
	if (nl->window < 1)
		nl->window = 1;
}

int nl_open(struct nl *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		perror("cmapctl: netlink socket");
		return -1;
	}
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("cmapctl: netlink bind");
		nl_close(nl);
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	size_buffers(nl);
	if (resolve_family(nl)) {
		nl_close(nl);
		return -1;
	}
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}
