// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cmap_defer.h"

struct item {
	struct item *next;
	struct cmap_defer_req r;
};

struct cmap_defer {
	pthread_mutex_t lock;
	struct item *head, **tail;	/* FIFO */
};

static void item_free(struct item *i)
{
	explicit_bzero(&i->r, sizeof(i->r));
	free(i);
}

struct cmap_defer *cmap_defer_create(void)
{
	struct cmap_defer *d = calloc(1, sizeof(*d));

	if (d) {
		pthread_mutex_init(&d->lock, NULL);
		d->tail = &d->head;
	}
	return d;
}

void cmap_defer_flush(struct cmap_defer *d)
{
	struct item *i, *next;

	pthread_mutex_lock(&d->lock);
	for (i = d->head; i; i = next) {
		next = i->next;
		item_free(i);
	}
	d->head = NULL;
	d->tail = &d->head;
	pthread_mutex_unlock(&d->lock);
}

void cmap_defer_destroy(struct cmap_defer *d)
{
	if (!d)
		return;
	cmap_defer_flush(d);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

bool cmap_defer_add(struct cmap_defer *d, const struct cmap_defer_req *r)
{
	struct item *i = calloc(1, sizeof(*i));

	if (!i || r->len > sizeof(i->r.req)) {
		free(i);
		return false;
	}
	i->r = *r;
	pthread_mutex_lock(&d->lock);
	*d->tail = i;
	d->tail = &i->next;
	pthread_mutex_unlock(&d->lock);
	return true;
}

uint64_t cmap_defer_new_due(struct cmap_defer *d, uint32_t reqid,
			    uint32_t peer)
{
	const struct item *i;
	uint64_t due = 0;

	pthread_mutex_lock(&d->lock);
	for (i = d->head; i; i = i->next)
		if (i->r.new_sa && i->r.reqid == reqid && i->r.peer == peer)
			due = i->r.due_ms;
	pthread_mutex_unlock(&d->lock);
	return due;
}

/* Unlinks *p; the tail follows. Under d->lock. */
static struct item *unlink_item(struct cmap_defer *d, struct item **p)
{
	struct item *i = *p;

	*p = i->next;
	if (d->tail == &i->next)
		d->tail = p;
	return i;
}

bool cmap_defer_cancel(struct cmap_defer *d, uint32_t spi, uint32_t peer)
{
	struct item **p, *i = NULL;

	pthread_mutex_lock(&d->lock);
	for (p = &d->head; *p; p = &(*p)->next)
		if ((*p)->r.new_sa && (*p)->r.spi == spi &&
		    (*p)->r.peer == peer) {
			i = unlink_item(d, p);
			break;
		}
	pthread_mutex_unlock(&d->lock);
	if (i)
		item_free(i);
	return i != NULL;
}

bool cmap_defer_take(struct cmap_defer *d, uint64_t now_ms,
		     struct cmap_defer_req *out)
{
	struct item *i = NULL;

	pthread_mutex_lock(&d->lock);
	if (d->head && d->head->r.due_ms <= now_ms)
		i = unlink_item(d, &d->head);
	pthread_mutex_unlock(&d->lock);
	if (!i)
		return false;
	*out = i->r;
	item_free(i);
	return true;
}

uint64_t cmap_defer_next(struct cmap_defer *d)
{
	uint64_t due;

	pthread_mutex_lock(&d->lock);
	due = d->head ? d->head->r.due_ms : 0;
	pthread_mutex_unlock(&d->lock);
	return due;
}
