/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin's copy of the module's running configuration, as far as SAs
 * need it: the entries of static crypto maps (identity, peers, access list)
 * and the permit lines of their access lists as flows. Taken from the
 * GET_MAP, GET_ENTRY and GET_ACL dumps of one generation and taken again
 * when GET_INFO reports another generation.
 *
 * charon knows CHILD_SAs by their traffic selectors; the module knows SAs by
 * map entry identity and access-list line. A CHILD_SA belongs to the entry
 * that lists its peer and whose access list has a permit line with exactly
 * its selectors (cmapctl makes one CHILD per permit line).
 */
#ifndef CMAP_CFG_H
#define CMAP_CFG_H

#include <linux/cryptomap.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmap_nl.h"

/*
 * Traffic in the outbound direction of a map entry (source: the protected
 * side behind us), host byte order, ranges inclusive. Ports as strongSwan's
 * traffic selectors have them: 0-65535 for "any", the ICMP type in the high
 * byte and code in the low byte of the source port range.
 */
struct cmap_flow {
	uint32_t src_lo, src_hi, dst_lo, dst_hi;
	uint8_t proto;			/* 0: any */
	uint16_t sp_lo, sp_hi, dp_lo, dp_hi;
};

/* Where a flow belongs. */
struct cmap_match {
	uint32_t entry_id;
	uint32_t line;			/* the access-list line's SEQ */
	uint16_t entry_seq;
	bool exact;			/* the line's flow equals the flow */
	char map[CMAP_NAME_MAX];
	char acl[CMAP_NAME_MAX];
	struct cmap_flow line_flow;
};

struct cmap_cfg;

struct cmap_cfg *cmap_cfg_create(struct cmap_nl *nl);
void cmap_cfg_destroy(struct cmap_cfg *cfg);

/*
 * The ipsec-isakmp entry of a static map that lists @peer (network order;
 * 0: any peer)
 * and the first of its permit lines equal to @flow, else the first permit
 * line that contains it (exact = false). 0, -ENOENT if none, or -errno if
 * the configuration could not be read.
 */
int cmap_cfg_find(struct cmap_cfg *cfg, uint32_t peer,
		  const struct cmap_flow *flow, struct cmap_match *m);

/* Line @line (SEQ) of entry @entry_id: 0, -ENOENT, -errno. */
int cmap_cfg_line(struct cmap_cfg *cfg, uint32_t entry_id, uint32_t line,
		  struct cmap_match *m);

/* The identities of the ipsec-isakmp entries of static maps, malloc'd;
 * the count, or -errno. */
int cmap_cfg_isakmp_entries(struct cmap_cfg *cfg, uint32_t **ids);

/* GET_HITS: packets classified to line @line of entry @entry_id. */
int cmap_cfg_line_hits(struct cmap_cfg *cfg, uint32_t entry_id, uint32_t line,
		       uint64_t *hits);

bool cmap_flow_eq(const struct cmap_flow *a, const struct cmap_flow *b);
/* @in lies within @out */
bool cmap_flow_within(const struct cmap_flow *in, const struct cmap_flow *out);
/* "10.1.1.0/24 -> 172.16.1.0/24" (prefixes where they are), "[proto/ports]" */
const char *cmap_flow_str(const struct cmap_flow *f, char *buf, size_t len);

#endif /* CMAP_CFG_H */
