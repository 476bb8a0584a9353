/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin's generic netlink client of cryptomap.ko (libmnl): resolves the
 * family and its events group, sends one request at a time on a shared
 * socket (a mutex: charon calls the backend from many threads) and hands each
 * reply message to a callback. Errors come back as -errno with the kernel's
 * extack message, if any.
 */
#ifndef CMAP_NL_H
#define CMAP_NL_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

struct cmap_nl;

/* Room for one request: an SA with its keys and selectors fits easily. */
#define CMAP_NL_REQ_SIZE 1024

/* A reply message (the genetlink header follows nlh); < 0 aborts (-errno). */
typedef int (*cmap_nl_cb_t)(const struct nlmsghdr *nlh, void *arg);

/* Opens the request socket and resolves the family "cryptomap" and its
 * group "events". NULL with a reason in why[] if the family is missing or
 * speaks another version. */
struct cmap_nl *cmap_nl_create(char *why, size_t len);
void cmap_nl_destroy(struct cmap_nl *nl);

/* Starts a request of @cmd in @buf (CMAP_NL_REQ_SIZE bytes); @dump asks for
 * every object (NLM_F_DUMP), else the kernel acknowledges. */
struct nlmsghdr *cmap_nl_req(struct cmap_nl *nl, void *buf, uint8_t cmd,
			     int dump);

/*
 * Sends @req and runs @cb on each reply message. Returns 0, -errno of the
 * kernel or the socket (ext: its extack message, or ""), -EINTR if a dump
 * spanned a configuration change (NLM_F_DUMP_INTR: repeat it), or what @cb
 * returned. The request buffer is wiped afterwards (it may hold keys).
 */
int cmap_nl_talk(struct cmap_nl *nl, struct nlmsghdr *req, cmap_nl_cb_t cb,
		 void *arg, char *ext, size_t extlen);

/* Calls @fn for each attribute nested in the message's top-level attributes
 * of @type (e.g. the members of CMAP_A_SA). */
void cmap_nl_nested(const struct nlmsghdr *nlh, int type,
		    void (*fn)(const struct nlattr *a, void *arg), void *arg);

/* A new non-blocking socket subscribed to the events group; -errno. */
int cmap_nl_events_open(struct cmap_nl *nl);

/* Family id, for checking event messages. */
uint16_t cmap_nl_family(const struct cmap_nl *nl);

#endif /* CMAP_NL_H */
