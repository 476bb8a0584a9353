// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/cryptomap.h>
#include <linux/genetlink.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cmap_nl.h"

/* Dumps of the module are sized by the kernel's NLMSG_GOODSIZE or by what
 * the receiver showed it can take; 64 KiB holds either. */
#define CMAP_NL_RX_SIZE 65536
/* A request the module does not answer in this time fails: charon's
 * worker must not hang on it. */
#define CMAP_NL_TIMEOUT_SECS 10

struct cmap_nl {
	pthread_mutex_t lock;		/* one request at a time on sock */
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t events_group;
	char rx[CMAP_NL_RX_SIZE];
};

uint16_t cmap_nl_family(const struct cmap_nl *nl)
{
	return nl->family;
}

static struct nlmsghdr *req_start(void *buf, uint16_t type, uint8_t cmd,
				  uint8_t version, bool dump)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, CMAP_NL_REQ_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct nlmsghdr *cmap_nl_req(struct cmap_nl *nl, void *buf, uint8_t cmd,
			     int dump)
{
	return req_start(buf, nl->family, cmd, CMAP_GENL_VERSION, dump);
}

/* The extack message of an error or DONE message, at @offset of its
 * payload, into ext[]. */
static void extack_msg(const struct nlmsghdr *nlh, unsigned int offset,
		       char *ext, size_t extlen)
{
	const struct nlattr *a;

	if (!ext || !extlen || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (mnl_nlmsg_get_payload_len(nlh) < offset)
		return;
	mnl_attr_for_each(a, nlh, offset) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(ext, extlen, "%s", mnl_attr_get_str(a));
			return;
		}
	}
}

/* One NLMSG_ERROR: 0 for an acknowledgement, else -errno. */
static int error_msg(const struct nlmsghdr *nlh, char *ext, size_t extlen)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int offset = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	if (!e->error)
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	extack_msg(nlh, offset, ext, extlen);
	return e->error > 0 ? -e->error : e->error;
}

/* NLMSG_DONE of a dump: 0 or the dump's -errno. */
static int done_msg(const struct nlmsghdr *nlh, char *ext, size_t extlen)
{
	int v;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(v))
		return 0;
	memcpy(&v, mnl_nlmsg_get_payload(nlh), sizeof(v));
	if (v < 0)
		extack_msg(nlh, sizeof(v), ext, extlen);
	return v < 0 ? v : 0;
}

/* Receives until the request's ERROR/DONE. Called with nl->lock held. */
static int talk_locked(struct cmap_nl *nl, struct nlmsghdr *req,
		       cmap_nl_cb_t cb, void *arg, char *ext, size_t extlen)
{
	uint32_t seq = ++nl->seq;
	int err = 0, cb_err = 0;
	bool intr = false;
	ssize_t n;

	req->nlmsg_seq = seq;
	req->nlmsg_pid = 0;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *nlh;
		int len;

		n = mnl_socket_recvfrom(nl->sock, nl->rx, sizeof(nl->rx));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK ?
			       -ETIMEDOUT : -errno;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)nl->rx; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq)
				continue;	/* a late reply to an earlier request */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				err = error_msg(nlh, ext, extlen);
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				err = done_msg(nlh, ext, extlen);
				goto out;
			}
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (cb && !cb_err)
				cb_err = cb(nlh, arg);
		}
	}
out:
	if (err)
		return err;
	if (cb_err)
		return cb_err;
	return intr ? -EINTR : 0;
}

int cmap_nl_talk(struct cmap_nl *nl, struct nlmsghdr *req, cmap_nl_cb_t cb,
		 void *arg, char *ext, size_t extlen)
{
	int err;

	if (ext && extlen)
		ext[0] = '\0';
	pthread_mutex_lock(&nl->lock);
	err = talk_locked(nl, req, cb, arg, ext, extlen);
	pthread_mutex_unlock(&nl->lock);
	/* the request may carry keys */
	explicit_bzero(req, req->nlmsg_len);
	return err;
}

void cmap_nl_nested(const struct nlmsghdr *nlh, int type,
		    void (*fn)(const struct nlattr *a, void *arg), void *arg)
{
	const struct nlattr *a, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == type)
			mnl_attr_for_each_nested(x, a)
				fn(x, arg);
}

struct family_info {
	uint16_t id;
	uint32_t version;
	uint32_t group;
};

static void family_groups(const struct nlattr *groups, struct family_info *fi)
{
	const struct nlattr *g, *a;

	mnl_attr_for_each_nested(g, groups) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, g) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
				 mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(a);
		}
		if (name && !strcmp(name, CMAP_MCGRP_EVENTS))
			fi->group = id;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct family_info *fi = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
				fi->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_VERSION:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				fi->version = mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			family_groups(a, fi);
			break;
		}
	}
	return 0;
}

struct cmap_nl *cmap_nl_create(char *why, size_t len)
{
	struct timeval tv = { .tv_sec = CMAP_NL_TIMEOUT_SECS };
	char buf[CMAP_NL_REQ_SIZE], ext[256];
	struct family_info fi = { 0 };
	struct nlmsghdr *req;
	struct cmap_nl *nl;
	int one = 1, err;

	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&nl->lock, NULL);
	nl->sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(why, len, "generic netlink socket: %s", strerror(errno));
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	/* extack messages, and errors without the whole request echoed */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));

	req = req_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, false);
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, CMAP_GENL_NAME);
	pthread_mutex_lock(&nl->lock);
	err = talk_locked(nl, req, family_cb, &fi, ext, sizeof(ext));
	pthread_mutex_unlock(&nl->lock);
	if (err == -ENOENT) {
		snprintf(why, len, "the generic netlink family \"%s\" does not "
			 "exist: cryptomap.ko is not loaded", CMAP_GENL_NAME);
		goto fail;
	}
	if (err || !fi.id) {
		snprintf(why, len, "resolving the generic netlink family \"%s\": "
			 "%s", CMAP_GENL_NAME, strerror(err ? -err : EPROTO));
		goto fail;
	}
	if (fi.version != CMAP_GENL_VERSION) {
		snprintf(why, len, "cryptomap.ko speaks version %u of the "
			 "netlink ABI, the plugin was built for %u", fi.version,
			 CMAP_GENL_VERSION);
		goto fail;
	}
	if (!fi.group) {
		snprintf(why, len, "cryptomap.ko has no multicast group \"%s\"",
			 CMAP_MCGRP_EVENTS);
		goto fail;
	}
	nl->family = fi.id;
	nl->events_group = fi.group;
	return nl;
fail:
	cmap_nl_destroy(nl);
	return NULL;
}

void cmap_nl_destroy(struct cmap_nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	pthread_mutex_destroy(&nl->lock);
	free(nl);
}

int cmap_nl_events_open(struct cmap_nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, size = 4 << 20, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	/* room for bursts of acquires; FORCE needs CAP_NET_ADMIN (charon has
	 * it), else the limit of net.core.rmem_max applies */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &nl->events_group, sizeof(nl->events_group))) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}
