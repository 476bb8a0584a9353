// SPDX-License-Identifier: GPL-2.0
/* The module's SAs, stats and hits over netlink (sa.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "sa.h"
#include "stat_names.h"

#define NAME_OF(tab, v) ((v) < ARRAY_SIZE(tab) ? (tab)[v] : NULL)

const char *stat_name(unsigned int stat)
{
	return NAME_OF(cmap_stat_names, stat);
}

const char *sa_ctr_name(unsigned int ctr)
{
	return NAME_OF(cmap_ctr_names, ctr);
}

const char *sa_state_str(unsigned int state)
{
	static const char *const n[] = { "larval", "mature", "dying", "dead" };
	const char *s = NAME_OF(n, state);

	return s ? s : "unknown";
}

const char *sa_reason_str(unsigned int reason)
{
	static const char *const n[] = { "deleted", "flush", "config",
					 "expired", "larval", "seq" };
	const char *s = NAME_OF(n, reason);

	return s ? s : "unknown";
}

const char *sa_dir_str(unsigned int dir)
{
	return dir == CMAP_SA_DIR_OUT ? "out" : "in";
}

const char *sa_xform(const struct cm_sa *sa, char *buf, size_t len)
{
	struct cm_tset t = { .cipher = sa->cipher, .keybits = sa->keybits,
			     .auth = sa->auth, .mode = sa->mode };

	return tset_format(&t, buf, len);
}

static uint32_t addr_of(const struct nlattr *a)
{
	return ntohl(nl_u32(a, 0));
}

static void decode_sel(const struct nlattr *nest, struct cm_sel *s)
{
	const struct nlattr *tb[CMAP_SEL_A_MAX + 1];

	nl_parse_nested(nest, tb, CMAP_SEL_A_MAX);
	s->src = addr_of(tb[CMAP_SEL_A_SRC]);
	s->dst = addr_of(tb[CMAP_SEL_A_DST]);
	s->src_plen = nl_u8(tb[CMAP_SEL_A_SRC_PLEN], 0);
	s->dst_plen = nl_u8(tb[CMAP_SEL_A_DST_PLEN], 0);
	s->proto = nl_u8(tb[CMAP_SEL_A_PROTO], 0);
	s->sport_lo = nl_u16(tb[CMAP_SEL_A_SPORT_LO], 0);
	s->sport_hi = nl_u16(tb[CMAP_SEL_A_SPORT_HI], 65535);
	s->dport_lo = nl_u16(tb[CMAP_SEL_A_DPORT_LO], 0);
	s->dport_hi = nl_u16(tb[CMAP_SEL_A_DPORT_HI], 65535);
}

void sa_decode(const struct nlattr *nest, struct cm_sa *sa)
{
	const struct nlattr *tb[CMAP_SA_A_MAX + 1], *ct[CMAP_SA_CTR_A_MAX + 1];
	unsigned int i;

	memset(sa, 0, sizeof(*sa));
	nl_parse_nested(nest, tb, CMAP_SA_A_MAX);
	sa->dir = nl_u8(tb[CMAP_SA_A_DIR], 0);
	sa->state = nl_u8(tb[CMAP_SA_A_STATE], CMAP_SA_MATURE);
	sa->mode = nl_u8(tb[CMAP_SA_A_MODE], CMAP_MODE_TUNNEL);
	sa->reason = nl_u8(tb[CMAP_SA_A_REASON], 0);
	sa->hard = tb[CMAP_SA_A_HARD] != NULL;
	sa->spi = nl_u32(tb[CMAP_SA_A_SPI], 0);
	sa->conn_id = nl_u32(tb[CMAP_SA_A_CONN_ID], 0);
	sa->entry_id = nl_u32(tb[CMAP_SA_A_ENTRY_ID], 0);
	sa->line = nl_u32(tb[CMAP_SA_A_LINE], 0);
	sa->flags = nl_u32(tb[CMAP_SA_A_FLAGS], 0);
	sa->replay_window = nl_u32(tb[CMAP_SA_A_REPLAY_WINDOW], 0);
	sa->peer = addr_of(tb[CMAP_SA_A_PEER]);
	sa->local = addr_of(tb[CMAP_SA_A_LOCAL]);
	nl_str(tb[CMAP_SA_A_MAP], sa->map, sizeof(sa->map));
	sa->entry_seq = nl_u16(tb[CMAP_SA_A_ENTRY_SEQ], 0);
	sa->cipher = nl_u16(tb[CMAP_SA_A_CIPHER], 0);
	sa->keybits = nl_u16(tb[CMAP_SA_A_KEYBITS], 0);
	sa->auth = nl_u16(tb[CMAP_SA_A_AUTH], 0);
	sa->has_life = tb[CMAP_SA_A_HARD_SECS] || tb[CMAP_SA_A_HARD_KB];
	sa->soft_secs = nl_u32(tb[CMAP_SA_A_SOFT_SECS], 0);
	sa->hard_secs = nl_u32(tb[CMAP_SA_A_HARD_SECS], 0);
	sa->soft_kb = nl_u64(tb[CMAP_SA_A_SOFT_KB], 0);
	sa->hard_kb = nl_u64(tb[CMAP_SA_A_HARD_KB], 0);
	sa->seq = nl_u64(tb[CMAP_SA_A_SEQ], 0);
	sa->age = nl_u64(tb[CMAP_SA_A_AGE], 0);
	sa->icv_len = nl_u8(tb[CMAP_SA_A_ICV_LEN], 0);
	sa->iv_len = nl_u8(tb[CMAP_SA_A_IV_LEN], 0);
	sa->block = nl_u8(tb[CMAP_SA_A_BLOCK], 0);
	if (tb[CMAP_SA_A_SEL]) {
		sa->has_sel = true;
		decode_sel(tb[CMAP_SA_A_SEL], &sa->sel);
	}
	nl_parse_nested(tb[CMAP_SA_A_COUNTERS], ct, CMAP_SA_CTR_A_MAX);
	for (i = 1; i <= CMAP_SA_CTR_A_MAX; i++)
		sa->ctr[i] = nl_u64(ct[i], 0);
}

static bool sa_match(const struct sa_filter *f, const struct cm_sa *sa)
{
	return (!f->peer || sa->peer == f->peer) &&
	       (!f->map || !strcmp(f->map, sa->map)) &&
	       (!f->entry_id || sa->entry_id == f->entry_id) &&
	       (f->dir < 0 || sa->dir == f->dir);
}

struct sa_dump_state {
	const struct sa_filter *f;
	sa_vec *out;
};

static int sa_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_A_MAX + 1];
	struct sa_dump_state *d = data;
	struct cm_sa sa;

	nl_parse(nlh, tb, CMAP_A_MAX);
	if (!tb[CMAP_A_SA])
		return MNL_CB_OK;
	sa_decode(tb[CMAP_A_SA], &sa);
	if (sa_match(d->f, &sa))
		*VEC_PUSH(*d->out) = sa;
	return MNL_CB_OK;
}

static int by_conn(const void *a, const void *b)
{
	const struct cm_sa *x = a, *y = b;

	return x->conn_id < y->conn_id ? -1 : x->conn_id > y->conn_id;
}

int sa_dump(struct nl *nl, const struct sa_filter *f, sa_vec *out)
{
	struct sa_dump_state d = { f, out };
	int err, tries;

	for (tries = 0; tries < 20; tries++) {
		out->n = 0;
		err = nl_dump(nl, CMAP_CMD_GET_SA, sa_dump_cb, &d);
		if (err != -EINTR)
			break;
	}
	if (err)
		return -1;
	qsort(out->v, out->n, sizeof(*out->v), by_conn);
	return 0;
}

static void put_filter(struct nlmsghdr *nlh, const struct sa_filter *f)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_SA);

	if (f->peer)
		mnl_attr_put_u32(nlh, CMAP_SA_A_PEER, htonl(f->peer));
	if (f->map)
		mnl_attr_put_strz(nlh, CMAP_SA_A_MAP, f->map);
	if (f->entry_id)
		mnl_attr_put_u32(nlh, CMAP_SA_A_ENTRY_ID, f->entry_id);
	if (f->dir >= 0)
		mnl_attr_put_u8(nlh, CMAP_SA_A_DIR, (uint8_t)f->dir);
	mnl_attr_nest_end(nlh, nest);
}

static bool filter_empty(const struct sa_filter *f)
{
	return !f->peer && !f->map && !f->entry_id && f->dir < 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_A_MAX + 1], *st[CMAP_SA_A_MAX + 1];

	nl_parse(nlh, tb, CMAP_A_MAX);
	nl_parse_nested(tb[CMAP_A_SA], st, CMAP_SA_A_MAX);
	*(uint32_t *)data = nl_u32(st[CMAP_SA_A_COUNT], 0);
	return MNL_CB_OK;
}

/* One request with an optional filter, acknowledged. */
static int filtered(struct nl *nl, uint8_t cmd, const struct sa_filter *f,
		    nl_reply_fn reply, void *data, const char *doing)
{
	struct nl_batch b;
	struct nlmsghdr *nlh;
	int err;

	batch_init(&b, nl, reply, NULL, data);
	nlh = batch_add(&b, cmd, 0);
	if (f && !filter_empty(f))
		put_filter(nlh, f);
	err = batch_flush(&b);
	if (err)
		batch_perror(&b, doing);
	batch_free(&b);
	return err;
}

int sa_flush(struct nl *nl, const struct sa_filter *f, uint32_t *count)
{
	*count = 0;
	return filtered(nl, CMAP_CMD_FLUSH_SA, f, count_cb, count,
			"clear crypto sa");
}

int sa_clear_counters(struct nl *nl, const struct sa_filter *f)
{
	return filtered(nl, CMAP_CMD_CLEAR_COUNTERS, f, NULL, NULL,
			"clear crypto sa counters");
}

int sa_delete(struct nl *nl, uint32_t conn_id, const char *what)
{
	struct nl_batch b;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err;

	batch_init(&b, nl, NULL, NULL, NULL);
	nlh = batch_add(&b, CMAP_CMD_DEL_SA, 0);
	nest = mnl_attr_nest_start(nlh, CMAP_A_SA);
	mnl_attr_put_u32(nlh, CMAP_SA_A_CONN_ID, conn_id);
	mnl_attr_nest_end(nlh, nest);
	err = batch_flush(&b);
	if (err && err != -ENOENT)
		batch_perror(&b, what);
	batch_free(&b);
	return err == -ENOENT ? 0 : err;
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_A_MAX + 1], *st[CMAP_STAT_MAX + 1];
	uint64_t *stats = data;
	unsigned int i;

	nl_parse(nlh, tb, CMAP_A_MAX);
	nl_parse_nested(tb[CMAP_A_STATS], st, CMAP_STAT_MAX);
	for (i = 1; i <= CMAP_STAT_MAX; i++)
		stats[i] = nl_u64(st[i], 0);
	return MNL_CB_OK;
}

int sa_stats(struct nl *nl, uint64_t stats[CMAP_STAT_MAX + 1])
{
	memset(stats, 0, (CMAP_STAT_MAX + 1) * sizeof(*stats));
	return nl_simple(nl, CMAP_CMD_GET_STATS, stats_cb, stats,
			 "reading the statistics") ? -1 : 0;
}

/* GET_HITS: entry hits, and line hits added to the entry's access list. */
static int hits_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_A_MAX + 1], *et[CMAP_ENTRY_A_MAX + 1];
	const struct nlattr *lt[CMAP_LINE_A_MAX + 1], *pos;
	struct cm_config *c = data;
	char map[CMAP_NAME_MAX];
	struct cm_entry *e;
	struct cm_acl *acl;
	size_t i;

	nl_parse(nlh, tb, CMAP_A_MAX);
	nl_parse_nested(tb[CMAP_A_ENTRY], et, CMAP_ENTRY_A_MAX);
	if (!nl_str(et[CMAP_ENTRY_A_MAP], map, sizeof(map)))
		return MNL_CB_OK;
	e = model_entry(c, map, nl_u16(et[CMAP_ENTRY_A_SEQ], 0));
	if (!e)
		return MNL_CB_OK;
	/* an entry split over messages repeats its HITS: the same value */
	e->hits = nl_u64(et[CMAP_ENTRY_A_HITS], e->hits);
	acl = e->acl[0] ? model_acl(c, e->acl) : NULL;
	if (!acl || !et[CMAP_ENTRY_A_LINE_HITS])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(pos, et[CMAP_ENTRY_A_LINE_HITS]) {
		uint32_t seq;

		nl_parse_nested(pos, lt, CMAP_LINE_A_MAX);
		seq = nl_u32(lt[CMAP_LINE_A_SEQ], 0);
		for (i = 0; i < acl->lines.n; i++)
			if (acl->lines.v[i].seq == seq)
				acl->lines.v[i].hits +=
					nl_u64(lt[CMAP_LINE_A_HITS], 0);
	}
	return MNL_CB_OK;
}

int sa_hits(struct nl *nl, struct cm_config *c)
{
	size_t i, j;
	int err, tries;

	for (tries = 0; tries < 20; tries++) {
		for (i = 0; i < c->entries.n; i++)
			c->entries.v[i].hits = 0;
		for (i = 0; i < c->acls.n; i++)
			for (j = 0; j < c->acls.v[i].lines.n; j++)
				c->acls.v[i].lines.v[j].hits = 0;
		err = nl_dump(nl, CMAP_CMD_GET_HITS, hits_cb, c);
		if (err != -EINTR)
			break;
	}
	return err ? -1 : 0;
}

int sa_attach_skeys(struct nl *nl, struct cm_config *c)
{
	sa_vec sas = { 0 };
	size_t i, k;
	bool manual = false;

	for (i = 0; i < c->entries.n; i++)
		manual |= c->entries.v[i].type == CMAP_ENTRY_MANUAL;
	if (!manual)
		return 0;
	if (sa_dump(nl, &SA_FILTER_ALL, &sas))
		return -1;
	for (i = 0; i < c->entries.n; i++) {
		struct cm_entry *e = &c->entries.v[i];

		if (e->type != CMAP_ENTRY_MANUAL || !e->id)
			continue;
		/* by conn id: the newest SA of a direction comes last */
		for (k = 0; k < sas.n; k++) {
			const struct cm_sa *sa = &sas.v[k];
			struct cm_skey *key;

			if (sa->entry_id != e->id || sa->state == CMAP_SA_LARVAL ||
			    sa->dir > CMAP_SA_DIR_OUT)
				continue;
			key = &e->skey[sa->dir];
			*key = (struct cm_skey){
				.set = true, .hidden = true, .spi = sa->spi,
				.has_enc = sa->cipher != CMAP_CIPHER_NULL,
				.has_auth = sa->auth != CMAP_AUTH_NONE,
			};
		}
	}
	VEC_FREE(sas);
	return 0;
}

/* Without the module there are no SAs of its own to clear. */
static bool have_module(void)
{
	return !access("/sys/module/cryptomap", F_OK);
}

int sa_clear(const char *peer, const char *map)
{
	struct sa_filter f = SA_FILTER_ALL;
	uint32_t count;
	struct nl nl;
	int err;

	if (!have_module())
		return 0;
	if (peer && !ip_parse(peer, &f.peer))
		return -1;
	f.map = map;
	if (nl_open(&nl))
		return -1;
	err = sa_flush(&nl, &f, &count);
	nl_close(&nl);
	return err ? -1 : 0;
}

int sa_clear_counters_cmd(void)
{
	struct nl nl;
	int err;

	if (nl_open(&nl))
		return -1;
	err = sa_clear_counters(&nl, NULL);
	nl_close(&nl);
	return err ? -1 : 0;
}
