/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink client (libmnl): requests go out in batches, several
 * messages per sendmsg, and only the last of a batch asks for an
 * acknowledgement: the kernel processes them in order and answers every one
 * that fails with an error whatever its flags, so that ack comes after all
 * the errors of the batch; a failure carries the kernel's extack message.
 * Dumps report NLM_F_DUMP_INTR.
 */
#ifndef CMAP_NL_H
#define CMAP_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t portid, seq;
	unsigned int window;	/* messages in flight, as the rcvbuf allows */
};

/* Opens the socket and resolves the family; prints why not. 0 or -1. */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);

/* Called with each reply message that is not an acknowledgement. */
typedef int (*nl_reply_fn)(const struct nlmsghdr *nlh, void *data);
/* Names the object of a failed message, from the tag given at batch_add. */
typedef void (*nl_describe_fn)(void *data, uint32_t tag, char *buf, size_t len);

struct nl_batch {
	struct nl *nl;
	char *buf;
	size_t len, cap, last;	/* last: offset of the last message */
	struct nlmsghdr *open;	/* message being filled */
	uint32_t first_seq, *tags;
	unsigned int count;
	nl_reply_fn reply;
	nl_describe_fn describe;
	void *data;
	int err;		/* first failure, -errno; sticky */
	char what[128];		/* object of that failure */
	char msg[256];		/* the kernel's extack text */
};

void batch_init(struct nl_batch *b, struct nl *nl, nl_reply_fn reply,
		nl_describe_fn describe, void *data);
void batch_free(struct nl_batch *b);
/* Starts a message (room for 32 KiB of attributes); may send earlier ones. */
struct nlmsghdr *batch_add(struct nl_batch *b, uint8_t cmd, uint32_t tag);
/* Sends what is pending and reads every acknowledgement: 0 or b->err. */
int batch_flush(struct nl_batch *b);
/* "access-list 110: <extack> (Invalid argument)" */
void batch_perror(const struct nl_batch *b, const char *doing);

/* The id of the family's multicast group name: 0 or -errno (printed). */
int nl_mcast_group(struct nl *nl, const char *name, uint32_t *id);

/* One request without attributes, acknowledged: 0 or -errno (printed). */
int nl_simple(struct nl *nl, uint8_t cmd, nl_reply_fn reply, void *data,
	      const char *doing);

/* A dump of cmd: 0, -EINTR when the kernel flagged NLM_F_DUMP_INTR, or
 * another -errno (printed). */
int nl_dump(struct nl *nl, uint8_t cmd, nl_reply_fn cb, void *data);

/* The attributes of a generic netlink message or nest, by type. */
void nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
	      unsigned int max);
void nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		     unsigned int max);
uint8_t nl_u8(const struct nlattr *a, uint8_t dflt);
uint16_t nl_u16(const struct nlattr *a, uint16_t dflt);
uint32_t nl_u32(const struct nlattr *a, uint32_t dflt);
uint64_t nl_u64(const struct nlattr *a, uint64_t dflt);
/* Copies a string attribute; false when absent. */
bool nl_str(const struct nlattr *a, char *buf, size_t len);

#endif
