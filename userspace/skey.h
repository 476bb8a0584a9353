/* SPDX-License-Identifier: GPL-2.0 */
/* The session keys of ipsec-manual entries: their lengths and checks. */
#ifndef CMAP_SKEY_H
#define CMAP_SKEY_H

#include "model.h"

/* Bytes of the cipher key (GCM, GMAC: with the 4-byte salt) and the HMAC key
 * that an SA of transform set t takes. */
void skey_lens(const struct cm_tset *t, unsigned int *enc, unsigned int *auth);
/* The one transform set of a manual entry, or NULL. */
const struct cm_tset *skey_tset(const struct cm_config *c,
				const struct cm_entry *e);
/* Deferred errors: key lengths against the transform set (at the key's
 * column), SPIs used twice. Returns their number. */
unsigned int skey_validate(const struct cm_config *c);

#endif
