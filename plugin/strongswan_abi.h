/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The strongSwan ABI this plugin is built against: Debian 12's strongSwan
 * 5.9.8 (the Makefile refuses any other). Our own declarations, one header
 * per area under abi/; see README.md, "ABI".
 */
#ifndef CMAP_STRONGSWAN_ABI_H
#define CMAP_STRONGSWAN_ABI_H

#define CMAP_STRONGSWAN_VERSION "5.9.8"

#include "abi/sw_base.h"
#include "abi/sw_net.h"
#include "abi/sw_ipsec.h"
#include "abi/sw_kernel.h"
#include "abi/sw_plugin.h"

/* One log line per call, charon's KNL group at level 1 ("control"). The
 * dead call lets the compiler check the format; charon formats with glibc's
 * printf (Debian registers strongSwan's own conversions there too, but we
 * use only the standard ones). */
static inline void __attribute__((format(printf, 1, 2)))
cmap_log_format_check(const char *fmt, ...)
{
	(void)fmt;
}

#define CMAP_LOG(level, fmt, ...)						\
	do {									\
		if (0)								\
			cmap_log_format_check(fmt, ##__VA_ARGS__);		\
		dbg(DBG_KNL, (level), "kernel-cryptomap: " fmt, ##__VA_ARGS__); \
	} while (0)

#define CMAP_DBG0(fmt, ...) CMAP_LOG(LEVEL_AUDIT, fmt, ##__VA_ARGS__)
#define CMAP_DBG1(fmt, ...) CMAP_LOG(LEVEL_CTRL, fmt, ##__VA_ARGS__)
#define CMAP_DBG2(fmt, ...) CMAP_LOG(LEVEL_DIAG, fmt, ##__VA_ARGS__)

#endif /* CMAP_STRONGSWAN_ABI_H */
