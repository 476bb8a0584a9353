/* SPDX-License-Identifier: GPL-2.0 */
/* show crypto isakmp sa, clear crypto isakmp, clear crypto sa: via charon. */
#ifndef CMAP_ISAKMP_SHOW_H
#define CMAP_ISAKMP_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The words after "show" name an object shown from charon. */
bool isakmp_show_match(char **w, int n);
/* Shows it: the exit status. */
int isakmp_show(char **w, int n, bool json, bool pretty);

/* An IKE SA as "show crypto engine connections active" lists it. */
struct isakmp_conn {
	unsigned long long conn_id;	/* charon's unique id, as isakmp sa */
	unsigned int version;
	const char *state;		/* IOS: set, alloc, dead */
	char ike_state[16];		/* charon's: ESTABLISHED, ... */
	char name[64];			/* the connection */
	char local[64], peer[64];
	bool known;			/* cipher, keybits, auth are set */
	uint8_t cipher, auth;		/* enum cmap_cipher, enum cmap_auth */
	uint16_t keybits;
	char alg[64];			/* !known: charon's names */
};
/*
 * The namespace's IKE SAs from its charon, by conn id: 0 (none without a
 * charon; *v to be freed) or -1 (printed).
 */
int isakmp_conns(struct isakmp_conn **v, size_t *n);

#endif
