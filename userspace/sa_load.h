/* SPDX-License-Identifier: GPL-2.0 */
/* cmapctl load: the SAs of ipsec-manual entries (see sa_load.c). */
#ifndef CMAP_SA_LOAD_H
#define CMAP_SA_LOAD_H

#include "model.h"
#include "nl.h"

/* Before the transaction: every hidden key ("********") names an SA that
 * is installed. 0, or -1 with errors printed. */
int manual_precheck(struct nl *nl, const struct cm_config *c);
/* After the commit: adds, keeps, replaces and removes the SAs. 0, or -1
 * with errors printed (the configuration stays committed). */
int manual_apply(struct nl *nl, const struct cm_config *c);

#endif
