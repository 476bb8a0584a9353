// SPDX-License-Identifier: GPL-2.0
/*
 * cmapctl monitor [-j] [--count N] [--timeout S]: the module's events
 * (multicast group CMAP_MCGRP_EVENTS) as they happen, one line each, with a
 * timestamp, in the manner of IOS "debug crypto ipsec"; -j: one JSON object
 * a line. Until interrupted, N events, or S seconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <linux/genetlink.h>

#include "commands.h"
#include "json.h"
#include "names.h"
#include "nl.h"
#include "sa.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct mon {
	bool json;
	struct json j;
	unsigned long count, seen;
};

/* "Nov 28 10:34:42.123" (text) or "2026-11-28T10:34:42.123" (JSON). */
static const char *stamp(bool iso, char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	char s[40];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(s, sizeof(s), iso ? "%Y-%m-%dT%H:%M:%S" : "%b %e %H:%M:%S",
		 &tm);
	snprintf(buf, len, "%.31s.%03d", s, (int)(tv.tv_usec / 1000) % 1000);
	return buf;
}

static void acquire(struct mon *m, const struct nlattr *nest, const char *ts)
{
	const struct nlattr *tb[CMAP_ACQ_A_MAX + 1];
	char map[CMAP_NAME_MAX] = "", p[IP_STRLEN], s[IP_STRLEN], d[IP_STRLEN];
	unsigned int proto, sport, dport;

	nl_parse_nested(nest, tb, CMAP_ACQ_A_MAX);
	nl_str(tb[CMAP_ACQ_A_MAP], map, sizeof(map));
	ip_str(ntohl(nl_u32(tb[CMAP_ACQ_A_PEER], 0)), p);
	ip_str(ntohl(nl_u32(tb[CMAP_ACQ_A_SRC], 0)), s);
	ip_str(ntohl(nl_u32(tb[CMAP_ACQ_A_DST], 0)), d);
	proto = nl_u8(tb[CMAP_ACQ_A_PROTO], 0);
	sport = nl_u16(tb[CMAP_ACQ_A_SPORT], 0);
	dport = nl_u16(tb[CMAP_ACQ_A_DPORT], 0);
	if (m->json) {
		json_start(&m->j, stdout, false);
		json_open_obj(&m->j, NULL);
		json_str(&m->j, "time", ts);
		json_str(&m->j, "event", "acquire");
		json_str(&m->j, "map", map);
		json_u64(&m->j, "entry_seq", nl_u16(tb[CMAP_ACQ_A_ENTRY_SEQ], 0));
		json_u64(&m->j, "entry_id", nl_u32(tb[CMAP_ACQ_A_ENTRY_ID], 0));
		json_u64(&m->j, "line", nl_u32(tb[CMAP_ACQ_A_LINE], 0));
		json_str(&m->j, "peer", p);
		json_str(&m->j, "src", s);
		json_str(&m->j, "dst", d);
		json_u64(&m->j, "proto", proto);
		json_u64(&m->j, "sport", sport);
		json_u64(&m->j, "dport", dport);
		json_close_obj(&m->j);
		json_end(&m->j);
		return;
	}
	printf("%s: IPSEC(sa_request): acquire: crypto map %s %u, access-list "
	       "line %u, peer %s, packet %s", ts, map,
	       nl_u16(tb[CMAP_ACQ_A_ENTRY_SEQ], 0),
	       nl_u32(tb[CMAP_ACQ_A_LINE], 0), p, s);
	if (proto == 6 || proto == 17)
		printf(":%u -> %s:%u", sport, d, dport);
	else
		printf(" -> %s", d);
	printf(" prot %u\n", proto);
}

static void sa_event(struct mon *m, uint8_t cmd, const struct nlattr *nest,
		     const char *ts)
{
	static const char *const ev[] = {
		[CMAP_CMD_EV_EXPIRE] = "expire",
		[CMAP_CMD_EV_SA_ADDED] = "sa_added",
		[CMAP_CMD_EV_SA_DELETED] = "sa_deleted",
	};
	struct cm_sa sa;
	char p[IP_STRLEN], xf[64];

	sa_decode(nest, &sa);
	ip_str(sa.peer, p);
	sa_xform(&sa, xf, sizeof(xf));
	if (m->json) {
		json_start(&m->j, stdout, false);
		json_open_obj(&m->j, NULL);
		json_str(&m->j, "time", ts);
		json_str(&m->j, "event", ev[cmd]);
		json_str(&m->j, "dir", sa_dir_str(sa.dir));
		json_u64(&m->j, "spi", sa.spi);
		json_str(&m->j, "peer", p);
		json_u64(&m->j, "conn_id", sa.conn_id);
		json_str(&m->j, "map", sa.map);
		json_u64(&m->j, "entry_seq", sa.entry_seq);
		json_u64(&m->j, "entry_id", sa.entry_id);
		json_u64(&m->j, "line", sa.line);
		if (sa.state != CMAP_SA_LARVAL) {
			json_str(&m->j, "cipher", cipher_str(sa.cipher));
			json_u64(&m->j, "keybits", sa.keybits);
			json_str(&m->j, "auth", auth_str(sa.auth));
		}
		if (cmd == CMAP_CMD_EV_EXPIRE)
			json_bool(&m->j, "hard", sa.hard);
		if (cmd == CMAP_CMD_EV_SA_DELETED)
			json_str(&m->j, "reason", sa_reason_str(sa.reason));
		json_close_obj(&m->j);
		json_end(&m->j);
		return;
	}
	if (cmd == CMAP_CMD_EV_SA_ADDED)
		printf("%s: IPSEC(create_sa): sa created,", ts);
	else if (cmd == CMAP_CMD_EV_SA_DELETED)
		printf("%s: IPSEC(delete_sa): deleting SA,", ts);
	else
		printf("%s: IPSEC(sa_expire): %s lifetime expired,", ts,
		       sa.hard ? "hard" : "soft");
	printf(" (sa) %s, peer= %s, sa_prot= 50, sa_spi= 0x%X(%u), sa_trans= "
	       "%s , sa_conn_id= %u", sa.dir == CMAP_SA_DIR_OUT ? "outbound" :
	       "inbound", p, sa.spi, sa.spi, sa.state == CMAP_SA_LARVAL ?
	       "none" : xf, sa.conn_id);
	if (sa.map[0])
		printf(", crypto map= %s %u", sa.map, sa.entry_seq);
	if (cmd == CMAP_CMD_EV_SA_DELETED)
		printf(", reason= %s", sa_reason_str(sa.reason));
	printf("\n");
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_A_MAX + 1];
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct mon *m = data;
	char ts[48];

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*g)))
		return MNL_CB_OK;
	nl_parse(nlh, tb, CMAP_A_MAX);
	stamp(m->json, ts, sizeof(ts));
	switch (g->cmd) {
	case CMAP_CMD_EV_ACQUIRE:
		if (!tb[CMAP_A_ACQUIRE])
			return MNL_CB_OK;
		acquire(m, tb[CMAP_A_ACQUIRE], ts);
		break;
	case CMAP_CMD_EV_EXPIRE:
	case CMAP_CMD_EV_SA_ADDED:
	case CMAP_CMD_EV_SA_DELETED:
		if (!tb[CMAP_A_SA])
			return MNL_CB_OK;
		sa_event(m, g->cmd, tb[CMAP_A_SA], ts);
		break;
	default:
		return MNL_CB_OK;
	}
	fflush(stdout);
	m->seen++;
	return m->count && m->seen >= m->count ? MNL_CB_STOP : MNL_CB_OK;
}

static bool mon_args(int argc, char **argv, struct mon *m, long *timeout_ms)
{
	char *end;
	double secs;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j")) {
			m->json = true;
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			m->count = strtoul(argv[++i], &end, 10);
			if (!*argv[i] || *end || !m->count)
				return false;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			secs = strtod(argv[++i], &end);
			if (!*argv[i] || *end || secs <= 0 || secs > 1e6)
				return false;
			*timeout_ms = (long)(secs * 1000);
		} else {
			return false;
		}
	}
	return true;
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int cmd_monitor(int argc, char **argv)
{
	static char buf[64 * 1024];
	struct sigaction sa = { .sa_handler = on_signal };
	struct mon m = { 0 };
	long timeout = -1, deadline = 0;
	uint32_t group;
	struct nl nl;
	int fd, rc = 0, r;

	if (!mon_args(argc, argv, &m, &timeout))
		return usage_error("monitor: expected [-j] [--count N] "
				   "[--timeout SECONDS]");
	if (nl_open(&nl))
		return 1;
	if (nl_mcast_group(&nl, CMAP_MCGRP_EVENTS, &group) ||
	    mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group))) {
		if (group)
			perror("cmapctl: joining the events group");
		nl_close(&nl);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "cmapctl: monitoring the events of this network "
		"namespace\n");
	fd = mnl_socket_get_fd(nl.sock);
	if (timeout >= 0)
		deadline = now_ms() + timeout;
	while (!stop) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long wait = timeout < 0 ? -1 : deadline - now_ms();
		ssize_t n;

		if (timeout >= 0 && wait <= 0) {
			rc = m.count ? 1 : 0;	/* fewer events than asked */
			break;
		}
		r = poll(&pfd, 1, (int)(wait < 0 ? -1 : wait));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		n = mnl_socket_recvfrom(nl.sock, buf, sizeof(buf));
		if (n < 0 && errno == ENOBUFS) {
			fprintf(stderr, "cmapctl: events lost (receive buffer "
				"overrun)\n");
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("cmapctl: receiving events");
			rc = 1;
			break;
		}
		if (mnl_cb_run(buf, (size_t)n, 0, 0, event_cb, &m) == MNL_CB_STOP)
			break;
	}
	if (rc && m.count)
		fprintf(stderr, "cmapctl: monitor: %lu of %lu events before "
			"the timeout\n", m.seen, m.count);
	nl_close(&nl);
	return rc;
}
