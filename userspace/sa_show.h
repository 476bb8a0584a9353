/* SPDX-License-Identifier: GPL-2.0 */
/* show crypto ipsec sa, show crypto engine connections active, show crypto
 * ipsec stats: from the module's SAs and counters. */
#ifndef CMAP_SA_SHOW_H
#define CMAP_SA_SHOW_H

#include <stdbool.h>
#include <stdint.h>

struct sa_show_req {
	int object;
	uint32_t peer;		/* host order, 0: any */
	const char *peer_arg, *map;
	bool bad;		/* wrong filter words: a usage error */
};

/* The words after "show" name one of these objects. */
bool sa_show_match(char **w, int n, struct sa_show_req *r);
/* Shows it: the exit status. */
int sa_show(const struct sa_show_req *r, bool json, bool pretty);

#endif
