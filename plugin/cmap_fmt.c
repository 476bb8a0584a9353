// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cmap_fmt.h"

static const char *addr_str(int family, chunk_t addr, char *out, size_t len)
{
	size_t want = family == AF_INET ? 4 : 16;

	if (addr.len != want || !inet_ntop(family, addr.ptr, out, len))
		snprintf(out, len, "?");
	return out;
}

const char *cmap_fmt_host(host_t *host, struct cmap_fmt_buf *buf)
{
	if (!host)
		return "-";
	return addr_str(host->get_family(host), host->get_address(host),
			buf->s, sizeof(buf->s));
}

/* Prints the range as a prefix when it is exactly one. */
static int fmt_range(traffic_selector_t *ts, int family, char *out, size_t len)
{
	char from[INET6_ADDRSTRLEN], to[INET6_ADDRSTRLEN];
	host_t *net = NULL;
	uint8_t bits = 0;
	bool exact;
	int n;

	exact = ts->to_subnet(ts, &net, &bits);
	if (exact && net)
		n = snprintf(out, len, "%s/%u", addr_str(family,
			     net->get_address(net), from, sizeof(from)), bits);
	else
		n = snprintf(out, len, "%s-%s",
			     addr_str(family, ts->get_from_address(ts), from,
				      sizeof(from)),
			     addr_str(family, ts->get_to_address(ts), to,
				      sizeof(to)));
	if (net)
		net->destroy(net);
	return n;
}

const char *cmap_fmt_ts(traffic_selector_t *ts, struct cmap_fmt_buf *buf)
{
	uint16_t from_port, to_port;
	uint8_t proto;
	int family, n;

	if (!ts)
		return "-";
	switch (ts->get_type(ts)) {
	case TS_IPV4_ADDR_RANGE:
		family = AF_INET;
		break;
	case TS_IPV6_ADDR_RANGE:
		family = AF_INET6;
		break;
	default:
		snprintf(buf->s, sizeof(buf->s), "type-%d", ts->get_type(ts));
		return buf->s;
	}
	n = fmt_range(ts, family, buf->s, sizeof(buf->s));
	proto = ts->get_protocol(ts);
	from_port = ts->get_from_port(ts);
	to_port = ts->get_to_port(ts);
	if (n > 0 && (size_t)n < sizeof(buf->s) &&
	    (proto || from_port != 0 || to_port != 0xffff))
		snprintf(buf->s + n, sizeof(buf->s) - n, "[%u/%u-%u]",
			 proto, from_port, to_port);
	return buf->s;
}

const char *cmap_fmt_ts_list(linked_list_t *list, char *out, size_t len)
{
	struct cmap_fmt_buf buf;
	traffic_selector_t *ts;
	enumerator_t *e;
	size_t used = 0;

	out[0] = '\0';
	if (!list)
		return "-";
	e = list->create_enumerator(list);
	while (e->enumerate(e, &ts)) {
		const char *s = cmap_fmt_ts(ts, &buf);
		int n = snprintf(out + used, len - used, "%s%s",
				 used ? "," : "", s);

		if (n < 0 || (size_t)n >= len - used) {
			/* keep the line bounded; "..." marks the cut */
			if (len > 4)
				memcpy(out + len - 4, "...", 4);
			break;
		}
		used += n;
	}
	e->destroy(e);
	return out;
}

const char *cmap_fmt_enum(enum_name_t *names, int value,
			  struct cmap_fmt_buf *buf)
{
	const char *name = enum_to_name(names, value);

	if (name)
		return name;
	snprintf(buf->s, sizeof(buf->s), "%d", value);
	return buf->s;
}
