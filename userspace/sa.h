/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's security associations, counters and hits over netlink (see
 * "Security associations" in <linux/cryptomap.h>): read back into plain
 * structures for show, load and monitor. Keys never come back.
 */
#ifndef CMAP_SA_H
#define CMAP_SA_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/cryptomap.h>

#include "model.h"
#include "nl.h"

struct cm_sel {
	uint32_t src, dst;		/* host order */
	uint8_t src_plen, dst_plen, proto;
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
};

struct cm_sa {
	uint8_t dir, state, mode, reason, icv_len, iv_len, block;
	bool hard, has_life, has_sel;
	uint32_t spi, conn_id, entry_id, line, flags, replay_window;
	uint32_t peer, local;		/* host order; local 0: not set */
	char map[CMAP_NAME_MAX];
	uint16_t entry_seq, cipher, keybits, auth;
	uint32_t soft_secs, hard_secs;
	uint64_t seq, age, soft_kb, hard_kb;
	struct cm_sel sel;
	uint64_t ctr[CMAP_SA_CTR_A_MAX + 1];	/* by CMAP_SA_CTR_A_* */
};

/* Selection of SAs: any of peer, map, entry, dir; 0/""/-1: any. */
struct sa_filter {
	uint32_t peer;			/* host order */
	const char *map;
	uint32_t entry_id;
	int dir;
};
#define SA_FILTER_ALL ((struct sa_filter){ .dir = -1 })

typedef VEC(struct cm_sa) sa_vec;

void sa_decode(const struct nlattr *nest, struct cm_sa *sa);
/* Every SA of the namespace (larval ones included) by conn id, filtered in
 * userspace. 0 or -1 (printed). */
int sa_dump(struct nl *nl, const struct sa_filter *f, sa_vec *out);
/* FLUSH_SA: the count deleted into *count. 0 or -errno (printed). */
int sa_flush(struct nl *nl, const struct sa_filter *f, uint32_t *count);
/* CLEAR_COUNTERS; with f NULL also the namespace's stats and hits. */
int sa_clear_counters(struct nl *nl, const struct sa_filter *f);
/* clear crypto sa [peer A | map NAME]: FLUSH_SA in the current namespace;
 * nothing to do without the module. 0 or -1 (printed). */
int sa_clear(const char *peer, const char *map);
/* clear crypto sa counters: every SA's counters, stats and hits. */
int sa_clear_counters_cmd(void);
/* DEL_SA of one SA by its conn id. */
int sa_delete(struct nl *nl, uint32_t conn_id, const char *what);

/* GET_STATS into stats[CMAP_STAT_*]. 0 or -1 (printed). */
int sa_stats(struct nl *nl, uint64_t stats[CMAP_STAT_MAX + 1]);
/* "drop_no_sa": the lower-case tail of the constant's name, or NULL. */
const char *stat_name(unsigned int stat);
const char *sa_ctr_name(unsigned int ctr);
const char *sa_state_str(unsigned int state);
const char *sa_reason_str(unsigned int reason);
const char *sa_dir_str(unsigned int dir);

/* GET_HITS into the model: entry hits by map and sequence number, and each
 * access list's line hits summed over the entries that use it. 0 or -1. */
int sa_hits(struct nl *nl, struct cm_config *c);
/*
 * The SAs of the ipsec-manual entries as their "set session-key" lines,
 * keys hidden (the newest SA of each direction), so that show and
 * running-config print them. 0 or -1.
 */
int sa_attach_skeys(struct nl *nl, struct cm_config *c);

/* "esp-des esp-md5-hmac" for an SA's transform. */
const char *sa_xform(const struct cm_sa *sa, char *buf, size_t len);

#endif
