// SPDX-License-Identifier: GPL-2.0
/*
 * cmapctl load, ipsec-manual entries: the SAs of their "set session-key"
 * lines, added with CMAP_CMD_NEW_SA once the configuration is committed.
 *
 * Keys are write-only in the kernel, so what load installed is remembered
 * in the namespace's runtime directory, in "manual-sas" (mode 0600): per SA
 * its entry identity, direction, SPI and peer, and a salted SHA-256 of its
 * transform and keys, never the keys themselves. On a reload an SA whose
 * entry kept its identity (the kernel kept the SA), whose SPI and peer are
 * the same and whose fingerprint matches is left alone: counters and replay
 * state go on. Otherwise it is replaced: an SA that holds the new SA's key
 * (direction, SPI, and for outbound the peer) is deleted first, the new one
 * added, and then the one load had installed before, if its SPI differed
 * (make-before-break for a new SPI). A direction whose session-key line is
 * gone loses the SA load installed for it. SAs that load did not install and
 * that are in nobody's way are left alone.
 *
 * "********" keys (show running-config's rendering) keep the SA installed
 * for that entry, direction, SPI and peer; there must be one, which is
 * checked before the transaction begins.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charon.h"
#include "sa.h"
#include "sa_load.h"
#include "sha256.h"
#include "skey.h"

#define FP_FILE "manual-sas"
#define FP_HEX 64

static const char *const dir_name[] = { "inbound", "outbound" };

struct fp_rec {
	uint32_t entry_id, spi, peer;
	uint8_t dir;
	char fp[FP_HEX + 1];		/* "-": unknown (kept hidden keys) */
};

struct fp_file {
	uint8_t salt[16];
	VEC(struct fp_rec) recs;
};

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = 0;
}

static bool unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;
	unsigned int v;

	if (strlen(s) != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = (uint8_t)v;
	}
	return true;
}

/* The records of the last load; a new salt if there were none. */
static void fp_read(const struct rt *rt, struct fp_file *ff)
{
	char p[PATH_MAX], line[256], salt[64], dir[8], fp[FP_HEX + 2];
	struct fp_rec r;
	bool have_salt = false;
	FILE *f;

	memset(ff, 0, sizeof(*ff));
	f = fopen(rt_path(rt, FP_FILE, p), "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "salt %63s", salt) == 1) {
			have_salt = unhex(salt, ff->salt, sizeof(ff->salt));
			continue;
		}
		memset(&r, 0, sizeof(r));
		if (sscanf(line, "sa %u %7s %u %u %65s", &r.entry_id, dir, &r.spi,
			   &r.peer, fp) != 5 || strlen(fp) > FP_HEX)
			continue;
		r.dir = !strcmp(dir, "out");
		strcpy(r.fp, fp);
		*VEC_PUSH(ff->recs) = r;
	}
	if (f)
		fclose(f);
	if (!have_salt && getrandom(ff->salt, sizeof(ff->salt), 0) !=
			  (ssize_t)sizeof(ff->salt)) {
		/* no salt, no fingerprints: every SA is replaced */
		ff->recs.n = 0;
	}
}

static int fp_write(const struct rt *rt, const struct fp_file *ff)
{
	char p[PATH_MAX], tmp[PATH_MAX + 8], salt[33];
	size_t i;
	FILE *f;
	int fd;

	rt_path(rt, FP_FILE, p);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		fprintf(stderr, "cmapctl: %s: %s\n", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	hex(ff->salt, sizeof(ff->salt), salt);
	fprintf(f, "# cmapctl load: SAs of ipsec-manual entries (salted "
		"SHA-256 of their keys, not the keys)\nsalt %s\n", salt);
	for (i = 0; i < ff->recs.n; i++) {
		const struct fp_rec *r = &ff->recs.v[i];

		fprintf(f, "sa %u %s %u %u %s\n", r->entry_id,
			sa_dir_str(r->dir), r->spi, r->peer, r->fp);
	}
	if (fclose(f) || rename(tmp, p)) {
		fprintf(stderr, "cmapctl: cannot write %s: %s\n", p,
			strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static const struct fp_rec *fp_find(const struct fp_file *ff, uint32_t id,
				    uint8_t dir)
{
	size_t i;

	for (i = 0; i < ff->recs.n; i++)
		if (ff->recs.v[i].entry_id == id && ff->recs.v[i].dir == dir)
			return &ff->recs.v[i];
	return NULL;
}

static void put_u32(struct sha256 *s, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	sha256_update(s, b, sizeof(b));
}

/* What the SA is: transform, SPI, peer, keys; hashed with the salt. */
static void fingerprint(const struct fp_file *ff, const struct cm_tset *t,
			const struct cm_skey *k, uint8_t dir, uint32_t peer,
			char out[FP_HEX + 1])
{
	static const char tag[] = "cmapctl ipsec-manual SA v1";
	struct sha256 s;
	uint8_t d[32];

	sha256_init(&s);
	sha256_update(&s, ff->salt, sizeof(ff->salt));
	sha256_update(&s, tag, sizeof(tag));
	put_u32(&s, dir);
	put_u32(&s, k->spi);
	put_u32(&s, peer);
	put_u32(&s, (uint32_t)t->cipher << 16 | t->keybits);
	put_u32(&s, (uint32_t)t->auth << 16 | t->mode);
	put_u32(&s, k->enc_len);
	if (k->enc_len)
		sha256_update(&s, k->enc, k->enc_len);
	put_u32(&s, k->auth_len);
	if (k->auth_len)
		sha256_update(&s, k->auth, k->auth_len);
	sha256_final(&s, d);
	hex(d, sizeof(d), out);
	explicit_bzero(d, sizeof(d));
}

/* The SA with the key of (dir, spi, peer), in any entry. */
static const struct cm_sa *sa_by_key(const sa_vec *sas, uint8_t dir,
				     uint32_t spi, uint32_t peer)
{
	size_t i;

	for (i = 0; i < sas->n; i++) {
		const struct cm_sa *sa = &sas->v[i];

		if (sa->dir == dir && sa->spi == spi &&
		    (dir == CMAP_SA_DIR_IN || sa->peer == peer))
			return sa;
	}
	return NULL;
}

static bool sa_exists(const sa_vec *sas, uint32_t conn_id)
{
	size_t i;

	for (i = 0; i < sas->n; i++)
		if (sas->v[i].conn_id == conn_id)
			return true;
	return false;
}

/* The column of a hidden or given key word, for messages. */
static unsigned int key_col(const struct cm_skey *k)
{
	return k->has_enc ? k->enc_col : k->auth_col;
}

int manual_precheck(struct nl *nl, const struct cm_config *c)
{
	sa_vec sas = { 0 };
	unsigned int errors = 0, d;
	bool hidden = false;
	size_t i;

	for (i = 0; i < c->entries.n; i++)
		for (d = 0; d < 2; d++)
			hidden |= c->entries.v[i].type == CMAP_ENTRY_MANUAL &&
				  c->entries.v[i].skey[d].hidden;
	if (!hidden)
		return 0;
	if (sa_dump(nl, &SA_FILTER_ALL, &sas))
		return -1;
	for (i = 0; i < c->entries.n; i++) {
		const struct cm_entry *e = &c->entries.v[i];

		for (d = 0; e->type == CMAP_ENTRY_MANUAL && d < 2; d++) {
			const struct cm_skey *k = &e->skey[d];
			const struct cm_sa *sa;

			if (!k->hidden || !e->npeers)
				continue;
			sa = sa_by_key(&sas, (uint8_t)d, k->spi, e->peers[0]);
			if (sa && sa->state != CMAP_SA_LARVAL &&
			    !strcmp(sa->map, e->map) && sa->entry_seq == e->seq)
				continue;
			diag(&k->loc, key_col(k), SEV_ERROR, "the keys of the "
			     "%s SA %u of crypto map %s %u are hidden "
			     "(********), and no such SA is installed to keep: "
			     "give the keys", dir_name[d], k->spi, e->map,
			     e->seq);
			errors++;
		}
	}
	VEC_FREE(sas);
	return errors ? -1 : 0;
}

/* Entry identities of the running configuration, by map and sequence. */
struct ids {
	const struct cm_config *c;
	uint32_t *id;			/* by index in c->entries */
};

static int ids_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CMAP_A_MAX + 1], *et[CMAP_ENTRY_A_MAX + 1];
	struct ids *x = data;
	char map[CMAP_NAME_MAX];
	const struct cm_entry *e;

	nl_parse(nlh, tb, CMAP_A_MAX);
	nl_parse_nested(tb[CMAP_A_ENTRY], et, CMAP_ENTRY_A_MAX);
	if (!nl_str(et[CMAP_ENTRY_A_MAP], map, sizeof(map)))
		return MNL_CB_OK;
	e = model_entry(x->c, map, nl_u16(et[CMAP_ENTRY_A_SEQ], 0));
	if (e)
		x->id[e - x->c->entries.v] = nl_u32(et[CMAP_ENTRY_A_ID], 0);
	return MNL_CB_OK;
}

struct apply {
	struct nl *nl;
	const struct cm_config *c;
	const struct fp_file *old;
	struct fp_file now;
	sa_vec sas;
	unsigned int added, replaced, kept, removed, errors;
};

/*
 * Without "set security-association replay window-size" on the entry, a
 * manual SA has no anti-replay window (RFC 4303 3.3.3: manually keyed SAs
 * SHOULD NOT provide it): a peer whose SA is re-added, after clear crypto sa
 * or a reload there, starts its sequence numbers again at 1.
 */
static void put_sa(struct nlmsghdr *nlh, const struct cm_entry *e,
		   const struct cm_tset *t, const struct cm_skey *k,
		   uint8_t dir, uint32_t id)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CMAP_A_SA);

	mnl_attr_put_u8(nlh, CMAP_SA_A_DIR, dir);
	mnl_attr_put_u32(nlh, CMAP_SA_A_SPI, k->spi);
	mnl_attr_put_u32(nlh, CMAP_SA_A_PEER, htonl(e->peers[0]));
	mnl_attr_put_u32(nlh, CMAP_SA_A_ENTRY_ID, id);
	mnl_attr_put_u32(nlh, CMAP_SA_A_REPLAY_WINDOW,
			 e->has_replay ? e->replay_window : 0);
	mnl_attr_put_u16(nlh, CMAP_SA_A_CIPHER, t->cipher);
	if (t->keybits)
		mnl_attr_put_u16(nlh, CMAP_SA_A_KEYBITS, t->keybits);
	mnl_attr_put_u16(nlh, CMAP_SA_A_AUTH, t->auth);
	mnl_attr_put_u8(nlh, CMAP_SA_A_MODE, t->mode);
	if (k->enc_len)
		mnl_attr_put(nlh, CMAP_SA_A_ENC_KEY, k->enc_len, k->enc);
	if (k->auth_len)
		mnl_attr_put(nlh, CMAP_SA_A_AUTH_KEY, k->auth_len, k->auth);
	mnl_attr_nest_end(nlh, nest);
}

/* NEW_SA; the message holding the keys is wiped. 0 or -errno. */
static int add_sa(struct apply *a, const struct cm_entry *e,
		  const struct cm_tset *t, const struct cm_skey *k,
		  uint8_t dir, uint32_t id)
{
	struct nl_batch b;
	int err;

	batch_init(&b, a->nl, NULL, NULL, NULL);
	put_sa(batch_add(&b, CMAP_CMD_NEW_SA, 0), e, t, k, dir, id);
	err = batch_flush(&b);
	explicit_bzero(b.buf, b.cap);
	if (err) {
		diag(&k->loc, 0, SEV_ERROR, "crypto map %s %u: the kernel "
		     "refused the %s SA %u: %s%s(%s)", e->map, e->seq,
		     dir_name[dir], k->spi, b.msg, b.msg[0] ? " " : "",
		     strerror(-err));
		a->errors++;
	}
	batch_free(&b);
	return err;
}

static void record(struct apply *a, uint32_t id, uint8_t dir, uint32_t spi,
		   uint32_t peer, const char *fp)
{
	struct fp_rec *r = VEC_PUSH(a->now.recs);

	*r = (struct fp_rec){ .entry_id = id, .dir = dir, .spi = spi,
			      .peer = peer };
	snprintf(r->fp, sizeof(r->fp), "%s", fp);
}

static void del(struct apply *a, const struct cm_sa *sa)
{
	char what[160];

	snprintf(what, sizeof(what), "deleting the %s SA %u of crypto map "
		 "%s %u", dir_name[sa->dir], sa->spi, sa->map, sa->entry_seq);
	if (sa_delete(a->nl, sa->conn_id, what))
		a->errors++;
}

/* One direction of one entry, as the header comment says. */
static void apply_dir(struct apply *a, const struct cm_entry *e, uint32_t id,
		      uint8_t dir)
{
	const struct cm_tset *t = skey_tset(a->c, e);
	const struct cm_skey *k = &e->skey[dir];
	const struct fp_rec *rec = fp_find(a->old, id, dir);
	const struct cm_sa *cur, *prev = NULL;
	uint32_t peer = e->npeers ? e->peers[0] : 0;
	char fp[FP_HEX + 1];

	if (rec) {
		prev = sa_by_key(&a->sas, dir, rec->spi, rec->peer);
		if (prev && prev->entry_id != id)
			prev = NULL;
	}
	if (!k->set) {
		if (prev) {
			del(a, prev);
			a->removed++;
		}
		return;
	}
	if (!t || !peer)
		return;		/* validate() reported it */
	cur = sa_by_key(&a->sas, dir, k->spi, peer);
	if (k->hidden) {
		if (cur && cur->entry_id == id) {
			record(a, id, dir, k->spi, peer,
			       rec && rec->spi == k->spi && rec->peer == peer ?
			       rec->fp : "-");
			a->kept++;
			return;
		}
		diag(&k->loc, key_col(k), SEV_ERROR, "crypto map %s %u: the "
		     "kernel deleted the %s SA %u when the entry changed, and "
		     "its keys are hidden (********): give the keys", e->map,
		     e->seq, dir_name[dir], k->spi);
		a->errors++;
		return;
	}
	fingerprint(a->old, t, k, dir, peer, fp);
	if (cur && cur->entry_id == id && rec && rec->spi == k->spi &&
	    rec->peer == peer && !strcmp(rec->fp, fp)) {
		record(a, id, dir, k->spi, peer, fp);
		a->kept++;
		return;
	}
	if (cur)
		del(a, cur);	/* the new SA takes its key */
	if (add_sa(a, e, t, k, dir, id))
		return;
	record(a, id, dir, k->spi, peer, fp);
	if (prev && prev != cur && sa_exists(&a->sas, prev->conn_id))
		del(a, prev);
	if (cur || prev)
		a->replaced++;
	else
		a->added++;
}

int manual_apply(struct nl *nl, const struct cm_config *c)
{
	struct apply a = { .nl = nl, .c = c };
	struct ids x = { .c = c };
	struct fp_file old;
	struct rt rt;
	bool manual = false;
	size_t i;
	int err;

	for (i = 0; i < c->entries.n; i++)
		manual |= c->entries.v[i].type == CMAP_ENTRY_MANUAL &&
			  (c->entries.v[i].skey[0].set ||
			   c->entries.v[i].skey[1].set);
	if (rt_init(&rt, manual))
		return manual ? -1 : 0;	/* none now, none installed before */
	if (!manual && access(rt_path(&rt, FP_FILE, (char[PATH_MAX]){ 0 }),
			      F_OK))
		return 0;
	if (rt_lock(&rt))
		return -1;
	fp_read(&rt, &old);
	a.old = &old;
	memcpy(a.now.salt, old.salt, sizeof(old.salt));
	x.id = xcalloc(c->entries.n + 1, sizeof(*x.id));
	err = nl_dump(nl, CMAP_CMD_GET_ENTRY, ids_cb, &x);
	if (!err)
		err = sa_dump(nl, &SA_FILTER_ALL, &a.sas);
	for (i = 0; !err && i < c->entries.n; i++) {
		const struct cm_entry *e = &c->entries.v[i];

		if (e->type != CMAP_ENTRY_MANUAL || !x.id[i])
			continue;
		apply_dir(&a, e, x.id[i], CMAP_SA_DIR_IN);
		apply_dir(&a, e, x.id[i], CMAP_SA_DIR_OUT);
	}
	if (!err && fp_write(&rt, &a.now))
		err = -1;
	if (!err && manual)
		diag(&(struct loc){ .file = c->file }, 0, SEV_NOTE,
		     "ipsec-manual: %u SA%s added, %u replaced, %u kept, %u "
		     "removed", a.added, a.added == 1 ? "" : "s", a.replaced,
		     a.kept, a.removed);
	rt_release(&rt);
	VEC_FREE(a.sas);
	VEC_FREE(a.now.recs);
	VEC_FREE(old.recs);
	explicit_bzero(old.salt, sizeof(old.salt));
	free(x.id);
	return err || a.errors ? -1 : 0;
}
