/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel would refuse at commit, found before sending anything. */
#ifndef CMAP_VALIDATE_H
#define CMAP_VALIDATE_H

#include "model.h"

/* Deferred errors (diag_defer) for dangling references and limits. */
unsigned int validate(const struct cm_config *c);

#endif
