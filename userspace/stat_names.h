/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names cmapctl and the test tools print for the module's statistics
 * (CMAP_STAT_*) and per-SA counters (CMAP_SA_CTR_A_*): the names of JSON
 * keys and of `cmap_sa stats`, so both say the same.
 */
#ifndef CMAP_STAT_NAMES_H
#define CMAP_STAT_NAMES_H

#include <linux/cryptomap.h>

static const char *const cmap_stat_names[] = {
	[CMAP_STAT_OUT_PROTECTED] = "out_protected",
	[CMAP_STAT_OUT_CLEAR_DENY] = "out_clear_deny",
	[CMAP_STAT_OUT_CLEAR_NOMATCH] = "out_clear_nomatch",
	[CMAP_STAT_OUT_IKE_BYPASS] = "out_ike_bypass",
	[CMAP_STAT_IN_DECRYPTED] = "in_decrypted",
	[CMAP_STAT_IN_NOT_OURS] = "in_not_ours",
	[CMAP_STAT_ACQUIRES] = "acquires",
	[CMAP_STAT_ACQUIRES_LIMITED] = "acquires_limited",
	[CMAP_STAT_EVENTS_LOST] = "events_lost",
	[CMAP_STAT_DROP_NO_SA] = "drop_no_sa",
	[CMAP_STAT_DROP_CLEARTEXT] = "drop_cleartext",
	[CMAP_STAT_DROP_FRAG_NEEDED] = "drop_frag_needed",
	[CMAP_STAT_DROP_NO_ROUTE] = "drop_no_route",
	[CMAP_STAT_DROP_NOMEM] = "drop_nomem",
	[CMAP_STAT_DROP_GSO] = "drop_gso",
	[CMAP_STAT_DROP_ENCRYPT] = "drop_encrypt",
	[CMAP_STAT_DROP_SEQ] = "drop_seq",
	[CMAP_STAT_DROP_MALFORMED] = "drop_malformed",
	[CMAP_STAT_DROP_ZERO_SPI] = "drop_zero_spi",
	[CMAP_STAT_DROP_LARVAL] = "drop_larval",
	[CMAP_STAT_DROP_REPLAY] = "drop_replay",
	[CMAP_STAT_DROP_AUTH] = "drop_auth",
	[CMAP_STAT_DROP_DECRYPT] = "drop_decrypt",
	[CMAP_STAT_DROP_TRAILER] = "drop_trailer",
	[CMAP_STAT_DROP_NEXT_HEADER] = "drop_next_header",
	[CMAP_STAT_DROP_DUMMY] = "drop_dummy",
	[CMAP_STAT_DROP_INNER] = "drop_inner",
	[CMAP_STAT_DROP_SELECTOR] = "drop_selector",
	[CMAP_STAT_DROP_INNER_ROUTE] = "drop_inner_route",
	[CMAP_STAT_DROP_NESTING] = "drop_nesting",
	[CMAP_STAT_DROP_SA_DEAD] = "drop_sa_dead",
	[CMAP_STAT_DROP_BACKLOG] = "drop_backlog",
};

static const char *const cmap_ctr_names[] = {
	[CMAP_SA_CTR_A_ENCAPS] = "encaps", [CMAP_SA_CTR_A_ENCRYPT] = "encrypt",
	[CMAP_SA_CTR_A_DIGEST] = "digest", [CMAP_SA_CTR_A_DECAPS] = "decaps",
	[CMAP_SA_CTR_A_DECRYPT] = "decrypt", [CMAP_SA_CTR_A_VERIFY] = "verify",
	[CMAP_SA_CTR_A_BYTES] = "bytes",
	[CMAP_SA_CTR_A_SEND_ERRORS] = "send_errors",
	[CMAP_SA_CTR_A_RECV_ERRORS] = "recv_errors",
	[CMAP_SA_CTR_A_REPLAY] = "replay", [CMAP_SA_CTR_A_AUTH] = "auth",
	[CMAP_SA_CTR_A_SELECTOR] = "selector",
};

#endif
