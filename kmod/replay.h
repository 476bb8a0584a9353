/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anti-replay window of an inbound SA (RFC 4303 3.4.3, appendix A2 for
 * extended sequence numbers). The caller serialises calls per SA.
 */
#ifndef _CMAP_REPLAY_H
#define _CMAP_REPLAY_H

#include <linux/types.h>

struct cmap_replay {
	u64 top;		/* highest sequence number accepted, 0: none */
	u32 window;		/* in packets; 0: anti-replay disabled */
	u32 mask;		/* bitmap size - 1 (a power of two) */
	unsigned long bits[];	/* bit (seq & mask): seq was accepted */
};

struct cmap_replay *cmap_replay_new(u32 window, gfp_t gfp);
u64 cmap_replay_infer(const struct cmap_replay *r, u32 seq_lo, bool esn);
bool cmap_replay_check(const struct cmap_replay *r, u64 seq);
bool cmap_replay_advance(struct cmap_replay *r, u64 seq);

#ifdef CMAP_SELFTEST
bool cmap_replay_selftest(void);
#endif

#endif /* _CMAP_REPLAY_H */
