/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text forms of strongSwan objects for the plugin's log lines. We do not use
 * strongSwan's own printf conversions (%H, %R): these helpers only need the
 * method tables declared in abi/, which the load-time self-test checks.
 */
#ifndef CMAP_FMT_H
#define CMAP_FMT_H

#include "strongswan_abi.h"

/* Large enough for an IPv6 range with protocol and ports. */
#define CMAP_FMT_TS_LEN 128

struct cmap_fmt_buf {
	char s[CMAP_FMT_TS_LEN];
};

/* "192.0.2.1", "2001:db8::1", or "-" for NULL. */
const char *cmap_fmt_host(host_t *host, struct cmap_fmt_buf *buf);

/* "198.51.100.0/24", "192.0.2.1-192.0.2.9", with "[proto/from-to]" appended
 * unless the selector covers every protocol and port. */
const char *cmap_fmt_ts(traffic_selector_t *ts, struct cmap_fmt_buf *buf);

/* The selectors of a list joined with ",", truncated with "..." if long. */
const char *cmap_fmt_ts_list(linked_list_t *list, char *out, size_t len);

/* A name from an exported strongSwan name table, or the number. */
const char *cmap_fmt_enum(enum_name_t *names, int value,
			  struct cmap_fmt_buf *buf);

#endif /* CMAP_FMT_H */
