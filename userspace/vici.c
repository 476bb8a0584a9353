// SPDX-License-Identifier: GPL-2.0
/*
 * vici client. Wire format (vici README): each packet is a 32-bit network
 * order length and that many bytes; the first byte is the packet type, named
 * types follow it with an 8-bit name length and the name; messages are
 * elements (type byte, 8-bit-length names, 16-bit-length values).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"
#include "vici.h"

enum { CMD_REQUEST, CMD_RESPONSE, CMD_UNKNOWN, EVENT_REGISTER,
       EVENT_UNREGISTER, EVENT_CONFIRM, EVENT_UNKNOWN, EVENT };
enum { EL_SECTION_START = 1, EL_SECTION_END, EL_KEY_VALUE, EL_LIST_START,
       EL_LIST_ITEM, EL_LIST_END };

#define VICI_MAX_PACKET (512 * 1024)
#define VICI_TIMEOUT_S 60

int vici_open(struct vici *v, const char *path, bool quiet)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = VICI_TIMEOUT_S };

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "cmapctl: vici socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	v->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (v->fd < 0 ||
	    connect(v->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (!quiet)
			fprintf(stderr, "cmapctl: cannot connect to charon "
				"at %s: %s\n", path, strerror(errno));
		if (v->fd >= 0)
			close(v->fd);
		v->fd = -1;
		return -1;
	}
	setsockopt(v->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

void vici_close(struct vici *v)
{
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
}

void vreq_init(struct vreq *r)
{
	memset(r, 0, sizeof(*r));
}

void vreq_free(struct vreq *r)
{
	free(r->buf);
	vreq_init(r);
}

static void put(struct vreq *r, const void *p, size_t n)
{
	if (r->len + n > r->cap) {
		r->cap = (r->len + n) * 2 + 64;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
}

static void put_u8(struct vreq *r, uint8_t b)
{
	put(r, &b, 1);
}

static void put_name(struct vreq *r, const char *name)
{
	size_t n = strlen(name);

	put_u8(r, (uint8_t)(n > 255 ? 255 : n));
	put(r, name, n > 255 ? 255 : n);
}

static void put_value(struct vreq *r, const char *value)
{
	size_t n = strlen(value);

	if (n > 65535)
		n = 65535;
	put_u8(r, (uint8_t)(n >> 8));
	put_u8(r, (uint8_t)n);
	put(r, value, n);
}

void vreq_kv(struct vreq *r, const char *key, const char *value)
{
	put_u8(r, EL_KEY_VALUE);
	put_name(r, key);
	put_value(r, value);
}

void vreq_section(struct vreq *r, const char *name)
{
	put_u8(r, name ? EL_SECTION_START : EL_SECTION_END);
	if (name)
		put_name(r, name);
}

void vreq_list(struct vreq *r, const char *name)
{
	put_u8(r, name ? EL_LIST_START : EL_LIST_END);
	if (name)
		put_name(r, name);
}

void vreq_item(struct vreq *r, const char *value)
{
	put_u8(r, EL_LIST_ITEM);
	put_value(r, value);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = ECONNRESET;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One packet: type, optional name, optional message body. */
static int send_packet(struct vici *v, uint8_t type, const char *name,
		       const struct vreq *msg)
{
	struct vreq p;
	uint32_t len;
	int rc;

	vreq_init(&p);
	put(&p, "\0\0\0\0", 4);
	put_u8(&p, type);
	if (name)
		put_name(&p, name);
	if (msg && msg->len)
		put(&p, msg->buf, msg->len);
	len = (uint32_t)(p.len - 4);
	p.buf[0] = (uint8_t)(len >> 24);
	p.buf[1] = (uint8_t)(len >> 16);
	p.buf[2] = (uint8_t)(len >> 8);
	p.buf[3] = (uint8_t)len;
	rc = write_all(v->fd, p.buf, p.len);
	vreq_free(&p);
	return rc;
}

/* The next packet into *buf (malloc'd); its length, or -1. */
static ssize_t recv_packet(struct vici *v, uint8_t **buf)
{
	uint8_t hdr[4];
	uint32_t len;

	if (read_all(v->fd, hdr, 4))
		return -1;
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
	      (uint32_t)hdr[2] << 8 | hdr[3];
	if (!len || len > VICI_MAX_PACKET) {
		errno = EPROTO;
		return -1;
	}
	*buf = xmalloc(len);
	if (read_all(v->fd, *buf, len)) {
		free(*buf);
		return -1;
	}
	return (ssize_t)len;
}

static struct vnode *node_add(struct vnode *parent, enum vnode_type type)
{
	struct vnode *n = xcalloc(1, sizeof(*n));

	n->type = type;
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	return n;
}

void vnode_free(struct vnode *n)
{
	while (n) {
		struct vnode *next = n->next;

		vnode_free(n->child);
		free(n->name);
		free(n->value);
		free(n);
		n = next;
	}
}

/* Cursor over a message body. */
struct rd {
	const uint8_t *p, *end;
};

static char *get_str(struct rd *r, size_t n)
{
	char *s;

	if ((size_t)(r->end - r->p) < n)
		return NULL;
	s = xmalloc(n + 1);
	memcpy(s, r->p, n);
	s[n] = 0;
	r->p += n;
	return s;
}

static char *get_name(struct rd *r)
{
	if (r->p >= r->end)
		return NULL;
	r->p++;
	return get_str(r, r->p[-1]);
}

static char *get_value(struct rd *r)
{
	size_t n;

	if (r->end - r->p < 2)
		return NULL;
	n = (size_t)r->p[0] << 8 | r->p[1];
	r->p += 2;
	return get_str(r, n);
}

#define PARSE_DEPTH 32

/* The message in [p, end) as a tree; NULL if malformed. */
static struct vnode *parse_msg(const uint8_t *p, const uint8_t *end)
{
	struct vnode *root = xcalloc(1, sizeof(*root)), *stack[PARSE_DEPTH];
	struct vnode *list = NULL, *n;
	struct rd r = { p, end };
	int depth = 0;

	stack[0] = root;
	while (r.p < r.end) {
		uint8_t t = *r.p++;

		switch (t) {
		case EL_SECTION_START:
			if (list || depth + 1 >= PARSE_DEPTH)
				goto bad;
			n = node_add(stack[depth], VN_SECTION);
			if (!(n->name = get_name(&r)))
				goto bad;
			stack[++depth] = n;
			break;
		case EL_SECTION_END:
			if (list || !depth)
				goto bad;
			depth--;
			break;
		case EL_KEY_VALUE:
			if (list)
				goto bad;
			n = node_add(stack[depth], VN_KV);
			if (!(n->name = get_name(&r)) ||
			    !(n->value = get_value(&r)))
				goto bad;
			break;
		case EL_LIST_START:
			if (list)
				goto bad;
			list = node_add(stack[depth], VN_LIST);
			if (!(list->name = get_name(&r)))
				goto bad;
			break;
		case EL_LIST_ITEM:
			if (!list)
				goto bad;
			n = node_add(list, VN_ITEM);
			if (!(n->value = get_value(&r)))
				goto bad;
			break;
		case EL_LIST_END:
			if (!list)
				goto bad;
			list = NULL;
			break;
		default:
			goto bad;
		}
	}
	if (!depth && !list)
		return root;
bad:
	vnode_free(root);
	return NULL;
}

/* Registers (reg) or unregisters an event: 0 or -1 (printed). */
static int event_ctl(struct vici *v, const char *event, bool reg)
{
	uint8_t *buf;
	ssize_t n;
	int rc = -1;

	if (send_packet(v, reg ? EVENT_REGISTER : EVENT_UNREGISTER, event,
			NULL)) {
		fprintf(stderr, "cmapctl: vici: %s: %s\n", event, strerror(errno));
		return -1;
	}
	/* Events already registered may still arrive before the answer. */
	while ((n = recv_packet(v, &buf)) > 0) {
		uint8_t t = buf[0];

		free(buf);
		if (t == EVENT)
			continue;
		if (t == EVENT_CONFIRM)
			rc = 0;
		else
			fprintf(stderr, "cmapctl: vici: charon refused the "
				"event %s\n", event);
		return rc;
	}
	fprintf(stderr, "cmapctl: vici: %s: %s\n", event, strerror(errno));
	return -1;
}

/* The message of an event packet (after its name), parsed, or NULL. */
static struct vnode *event_msg(const uint8_t *buf, size_t len)
{
	size_t off;

	if (len < 2 || (off = 2 + (size_t)buf[1]) > len)
		return NULL;
	return parse_msg(buf + off, buf + len);
}

struct vnode *vici_call(struct vici *v, const char *cmd, const struct vreq *r,
			const char *event,
			void (*fn)(struct vnode *msg, void *data), void *data)
{
	struct vnode *reply = NULL, *msg;
	uint8_t *buf;
	ssize_t n;

	if (event && event_ctl(v, event, true))
		return NULL;
	if (send_packet(v, CMD_REQUEST, cmd, r)) {
		fprintf(stderr, "cmapctl: vici: %s: %s\n", cmd, strerror(errno));
		return NULL;
	}
	while ((n = recv_packet(v, &buf)) > 0) {
		uint8_t t = buf[0];

		if (t == EVENT) {
			msg = event_msg(buf, (size_t)n);
			if (msg && fn)
				fn(msg, data);
			vnode_free(msg);
			free(buf);
			continue;
		}
		if (t == CMD_RESPONSE)
			reply = parse_msg(buf + 1, buf + n);
		free(buf);
		if (t == CMD_UNKNOWN)
			fprintf(stderr, "cmapctl: vici: charon does not know "
				"the command %s\n", cmd);
		else if (t != CMD_RESPONSE || !reply)
			fprintf(stderr, "cmapctl: vici: %s: malformed reply\n",
				cmd);
		break;
	}
	if (n <= 0)
		fprintf(stderr, "cmapctl: vici: %s: %s\n", cmd,
			errno == EAGAIN ? "no reply from charon" :
					  strerror(errno));
	if (event && event_ctl(v, event, false)) {
		vnode_free(reply);
		return NULL;
	}
	return reply;
}

const struct vnode *vnode_get(const struct vnode *sec, const char *name)
{
	const struct vnode *n;

	for (n = sec ? sec->child : NULL; n; n = n->next)
		if (n->name && !strcmp(n->name, name))
			return n;
	return NULL;
}

const char *vnode_str(const struct vnode *sec, const char *name,
		      const char *dflt)
{
	const struct vnode *n = vnode_get(sec, name);

	return n && n->type == VN_KV ? n->value : dflt;
}

unsigned long long vnode_u64(const struct vnode *sec, const char *name,
			     unsigned long long dflt)
{
	const char *s = vnode_str(sec, name, NULL);
	char *end;
	unsigned long long v;

	if (!s || !*s)
		return dflt;
	v = strtoull(s, &end, 10);
	return *end ? dflt : v;
}

bool vnode_success(const struct vnode *reply, const char **errmsg)
{
	const char *s = vnode_str(reply, "success", "no");

	*errmsg = vnode_str(reply, "errmsg", "charon reports a failure");
	return !strcmp(s, "yes");
}
