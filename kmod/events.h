/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events on the family's multicast group "events": acquire, expire, SA added
 * and deleted (see the uapi header).
 */
#ifndef _CMAP_EVENTS_H
#define _CMAP_EVENTS_H

#include <net/genetlink.h>

struct cmap_dpnet;
struct cmap_dp_map;
struct cmap_pkt;
struct cmap_rule;
struct cmap_sa;

enum {
	CMAP_MCGRP_IDX_EVENTS,
	__CMAP_MCGRP_IDX_MAX
};

extern const struct genl_multicast_group cmap_mcgrps[__CMAP_MCGRP_IDX_MAX];

void cmap_ev_sa(struct cmap_dpnet *dpn, const struct cmap_sa *sa, u8 cmd,
		int reason, bool hard);
void cmap_ev_acquire(struct cmap_dpnet *dpn, const struct cmap_dp_map *map,
		     const struct cmap_rule *r, const struct cmap_pkt *p);

#endif /* _CMAP_EVENTS_H */
