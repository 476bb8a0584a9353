/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOS configuration as charon configuration: swanctl.conf (connections),
 * its secrets file and charon's own settings (strongswan.conf syntax). See
 * Documentation/ike.md for the mapping.
 */
#ifndef CMAP_SWANCONF_H
#define CMAP_SWANCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum ike_backend {
	IKE_BACKEND_CRYPTOMAP,	/* charon with kernel-cryptomap: the default */
	IKE_BACKEND_XFRM,	/* stock charon, the kernel's XFRM; no module config */
	IKE_BACKEND_NONE,	/* kernel module only, charon untouched */
};

struct ike_opts {
	enum ike_backend backend;
	unsigned int version;	/* 1 (IOS 12.2: IKEv1 main mode) or 2 */
	bool backend_set, version_set;
};

/* Defaults: cryptomap backend, IKEv1. */
void ike_opts_init(struct ike_opts *o);
/*
 * An option of load / charon at argv[*i] (--ike-backend B, --ike-version N):
 * 1 taken (and *i advanced past its value), 0 not an IKE option, -1 invalid
 * (printed).
 */
int ike_opt(int argc, char **argv, int *i, struct ike_opts *o);
const char *ike_backend_name(enum ike_backend b);
bool ike_backend_parse(const char *s, enum ike_backend *b);

struct swanconf {
	char *swanctl;		/* swanctl.conf: connections, includes secrets */
	char *secrets;		/* the secrets file: never printed */
	size_t secrets_len;
	char *index;		/* one line per connection: name map seq peer */
	unsigned int nconns, nchildren, nsecrets;
	unsigned int ntraps;	/* children with start_action = trap */
};

/* The file swanctl.conf includes for its secrets (same directory). */
#define SWANCONF_SECRETS "secrets.conf"

/*
 * Translates the crypto maps, ISAKMP policies and keys of c. Diagnostics go
 * to stderr with the file's locations; returns the number of errors (then
 * out is freed). Interface addresses are the live ones of the current network
 * namespace, or else the file's "ip address" lines.
 */
unsigned int swanconf_build(const struct cm_config *c,
			    const struct ike_opts *o, struct swanconf *out);
/* Frees out, wiping the secrets. */
void swanconf_free(struct swanconf *out);

/* charon's settings for backend b, with its runtime files under /run. */
char *swanconf_charon(enum ike_backend b);

#endif
