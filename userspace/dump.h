/* SPDX-License-Identifier: GPL-2.0 */
/* The running configuration of the namespace, read back into the model. */
#ifndef CMAP_DUMP_H
#define CMAP_DUMP_H

#include "model.h"
#include "nl.h"

/*
 * Fills c (model_init'ed) with one generation of the running configuration:
 * every dump is repeated while the kernel flags NLM_F_DUMP_INTR or the
 * generation moves. Access lists split over messages are joined.
 * 0, or -1 with the reason printed.
 */
int dump_config(struct nl *nl, struct cm_config *c);

#endif
