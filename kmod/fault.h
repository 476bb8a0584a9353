/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection on the packet path. Built only into kernels with
 * CONFIG_FAULT_INJECTION_DEBUG_FS (KERNEL=debug); elsewhere every point is a
 * constant false that the compiler removes.
 */
#ifndef _CMAP_FAULT_H
#define _CMAP_FAULT_H

#include <linux/types.h>

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
bool cmap_fault_packet(void);
void cmap_fault_init(void);
void cmap_fault_uninit(void);
#else
static inline bool cmap_fault_packet(void)
{
	return false;
}

static inline void cmap_fault_init(void)
{
}

static inline void cmap_fault_uninit(void)
{
}
#endif

#endif /* _CMAP_FAULT_H */
