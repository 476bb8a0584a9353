/* SPDX-License-Identifier: GPL-2.0 */
/* The model as IOS configuration text that parses back to the same model. */
#ifndef CMAP_RENDER_H
#define CMAP_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

/* Sorts c. With isakmp, ISAKMP policies and keys too (keys masked). */
void render_config(FILE *f, struct cm_config *c, bool isakmp);
/* "esp-aes 256 esp-sha-hmac" */
const char *tset_format(const struct cm_tset *t, char *buf, size_t len);

#endif
