// SPDX-License-Identifier: GPL-2.0
/*
 * The namespace's IKE SAs from charon (vici list-sas) in the layout of IOS
 * 12.2 "show crypto isakmp sa", and the clear commands that act through
 * charon (vici terminate).
 *
 * IOS names the two ends of an ISAKMP SA by the exchange that created it:
 * dst is the responder, src the initiator. States follow IOS 12.2's IKEv1
 * names: QM_IDLE for an established SA (ready for quick modes),
 * MM_NO_STATE while main mode runs or the SA is being deleted; IKEv2 SAs
 * show IOS's IKEv2 states (READY, IN-NEG, DELETE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charon.h"
#include "commands.h"
#include "isakmp_show.h"
#include "json.h"
#include "sa.h"
#include "util.h"
#include "vici.h"

#define CLEAR_TIMEOUT_MS "3000"

struct sas {
	VEC(struct vnode *) v;	/* the IKE_SA sections, each a tree */
	VEC(struct vnode *) msgs;
};

static void collect_sa(struct vnode *msg, void *data)
{
	struct sas *s = data;
	struct vnode *n;

	/* keep the message: its sections live as long as we show them */
	for (n = msg->child; n; n = n->next)
		if (n->type == VN_SECTION)
			*VEC_PUSH(s->v) = n;
	*VEC_PUSH(s->msgs) = xcalloc(1, sizeof(struct vnode));
	*s->msgs.v[s->msgs.n - 1] = *msg;
	msg->child = msg->last = NULL;	/* moved */
}

static void sas_free(struct sas *s)
{
	size_t i;

	for (i = 0; i < s->msgs.n; i++)
		vnode_free(s->msgs.v[i]);
	VEC_FREE(s->msgs);
	VEC_FREE(s->v);
}

static int by_id(const void *a, const void *b)
{
	unsigned long long x = vnode_u64(*(struct vnode *const *)a, "uniqueid", 0);
	unsigned long long y = vnode_u64(*(struct vnode *const *)b, "uniqueid", 0);

	return x < y ? -1 : x > y;
}

/* dir/name into buf (PATH_MAX). */
static const char *in_dir(const char *dir, const char *name, char *buf)
{
	if (snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		buf[0] = 0;	/* cannot happen: dir is under /run */
	return buf;
}

/* The IKE SAs charon has; false (printed) if it cannot be asked. */
static bool list_sas(const char *dir, struct sas *s)
{
	char vp[PATH_MAX];
	struct vnode *reply;
	struct vreq r;
	struct vici v;

	memset(s, 0, sizeof(*s));
	if (vici_open(&v, in_dir(dir, "charon.vici", vp), false))
		return false;
	vreq_init(&r);
	vreq_kv(&r, "noblock", "yes");	/* an SA in negotiation is skipped */
	reply = vici_call(&v, "list-sas", &r, "list-sa", collect_sa, s);
	vreq_free(&r);
	vici_close(&v);
	if (!reply)
		return false;
	vnode_free(reply);
	qsort(s->v.v, s->v.n, sizeof(*s->v.v), by_id);
	return true;
}

static const char *ios_state(const struct vnode *sa)
{
	const char *st = vnode_str(sa, "state", "");
	bool v2 = !strcmp(vnode_str(sa, "version", "1"), "2");

	if (!strcmp(st, "ESTABLISHED") || !strcmp(st, "REKEYING") ||
	    !strcmp(st, "REKEYED"))
		return v2 ? "READY" : "QM_IDLE";
	if (!strcmp(st, "DELETING") || !strcmp(st, "DESTROYING"))
		return v2 ? "DELETE" : "MM_NO_STATE";
	return v2 ? "IN-NEG" : "MM_NO_STATE";
}

/* dst: the responder of the exchange that made the SA; src: its initiator. */
static void ends(const struct vnode *sa, const char **dst, const char **src)
{
	const char *l = vnode_str(sa, "local-host", "");
	const char *r = vnode_str(sa, "remote-host", "");
	bool init = !strcmp(vnode_str(sa, "initiator", "no"), "yes");

	*dst = init ? r : l;
	*src = init ? l : r;
}

static const char *short_encr(const struct vnode *sa, char *buf, size_t len)
{
	const char *e = vnode_str(sa, "encr-alg", "");
	unsigned long long bits = vnode_u64(sa, "encr-keysize", 0);

	if (!strcmp(e, "DES_CBC"))
		return "des";
	if (!strcmp(e, "3DES_CBC"))
		return "3des";
	if (!strncmp(e, "AES_CBC", 7))
		snprintf(buf, len, "aes%s%llu", bits ? "" : "?", bits);
	else if (!strncmp(e, "AES_GCM", 7))
		snprintf(buf, len, "gcm%llu", bits);
	else
		snprintf(buf, len, "%s", e);
	return buf;
}

/* charon's integrity algorithms: IOS's hash keyword, the module's auth. */
static const struct {
	const char *charon, *ios;
	uint8_t auth;
} integs[] = {
	{ "HMAC_MD5_96", "md5", CMAP_AUTH_MD5 },
	{ "HMAC_SHA1_96", "sha", CMAP_AUTH_SHA1 },
	{ "HMAC_SHA2_256_128", "sha256", CMAP_AUTH_SHA256 },
	{ "HMAC_SHA2_384_192", "sha384", CMAP_AUTH_SHA384 },
	{ "HMAC_SHA2_512_256", "sha512", CMAP_AUTH_SHA512 },
};

static const char *short_hash(const struct vnode *sa)
{
	const char *h = vnode_str(sa, "integ-alg", NULL);
	size_t i;

	if (!h)
		return "-";	/* AEAD */
	for (i = 0; i < ARRAY_SIZE(integs); i++)
		if (!strcmp(h, integs[i].charon))
			return integs[i].ios;
	return h;
}

static const char *dh_num(const struct vnode *sa)
{
	static const char *const map[][2] = {
		{ "MODP_768", "1" }, { "MODP_1024", "2" }, { "MODP_1536", "5" },
		{ "MODP_2048", "14" }, { "MODP_3072", "15" }, { "MODP_4096", "16" },
		{ "ECP_256", "19" }, { "ECP_384", "20" }, { "ECP_521", "21" },
		{ "MODP_2048_256", "24" },
	};
	const char *g = vnode_str(sa, "dh-group", "");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(g, map[i][0]))
			return map[i][1];
	return g;
}

/* Seconds as IOS prints lifetimes: h:mm:ss. */
static const char *hms(unsigned long long s, char *buf, size_t len)
{
	snprintf(buf, len, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
	return buf;
}

static void show_plain(const struct sas *s)
{
	const char *dst, *src;
	size_t i;

	printf("%-15s %-15s %-14s %7s %4s\n", "dst", "src", "state", "conn-id",
	       "slot");
	for (i = 0; i < s->v.n; i++) {
		ends(s->v.v[i], &dst, &src);
		printf("%-15s %-15s %-14s %7llu %4u\n", dst, src,
		       ios_state(s->v.v[i]), vnode_u64(s->v.v[i], "uniqueid", 0),
		       0);
	}
}

static void show_detail(const struct sas *s)
{
	char e[32], t[32];
	size_t i;

	printf("Codes: C - IKE configuration mode, D - Dead Peer Detection\n"
	       "       K - Keepalives, N - NAT-traversal\n"
	       "       X - IKE Extended Authentication\n"
	       "       psk - Preshared key, rsig - RSA signature\n"
	       "       renc - RSA encryption\n\n");
	printf("%-5s %-15s %-15s %-7s %-6s %-4s %-2s %-8s %-4s %s\n", "C-id",
	       "Local", "Remote", "Encr", "Hash", "Auth", "DH", "Lifetime",
	       "Cap.", "Connection");
	for (i = 0; i < s->v.n; i++) {
		const struct vnode *sa = s->v.v[i];
		unsigned long long left = vnode_u64(sa, "reauth-time",
						    vnode_u64(sa, "rekey-time", 0));

		printf("%-5llu %-15s %-15s %-7s %-6s %-4s %-2s %-8s %-4s %s\n",
		       vnode_u64(sa, "uniqueid", 0),
		       vnode_str(sa, "local-host", ""),
		       vnode_str(sa, "remote-host", ""),
		       short_encr(sa, e, sizeof(e)), short_hash(sa), "psk",
		       dh_num(sa), hms(left, t, sizeof(t)),
		       !strcmp(vnode_str(sa, "nat-any", "no"), "yes") ? "N" : "",
		       sa->name);
	}
}

/* Keys whose values are hex (SPIs, marks, interface ids), never numbers. */
static bool hex_key(const char *k)
{
	return strstr(k, "spi") || strstr(k, "cpi") || strstr(k, "mark") ||
	       strstr(k, "if-id") || strstr(k, "label");
}

/* Every key of a section as JSON: numbers as numbers, lists as arrays. */
static void json_keys(struct json *j, const struct vnode *sec,
		      const char *skip)
{
	const struct vnode *n, *it;
	char key[64], *p, *end;
	unsigned long long v;

	for (n = sec->child; n; n = n->next) {
		if (!n->name || (skip && !strcmp(n->name, skip)))
			continue;
		copy_name(key, sizeof(key), n->name);
		for (p = key; *p; p++)	/* JSON keys of cmapctl use '_' */
			if (*p == '-')
				*p = '_';
		if (n->type == VN_LIST) {
			json_open_arr(j, key);
			for (it = n->child; it; it = it->next)
				json_str(j, NULL, it->value);
			json_close_arr(j);
		} else if (n->type == VN_KV) {
			v = strtoull(n->value, &end, 10);
			if (hex_key(n->name))
				json_str(j, key, n->value);
			else if (*n->value && !*end && n->value[0] != '0')
				json_u64(j, key, v);
			else if (!strcmp(n->value, "0"))
				json_u64(j, key, 0);
			else
				json_str(j, key, n->value);
		}
	}
}

static void show_json(const struct sas *s, bool pretty)
{
	const struct vnode *children, *ch;
	const char *dst, *src;
	struct json j;
	size_t i;

	json_start(&j, stdout, pretty);
	json_open_arr(&j, NULL);
	for (i = 0; i < s->v.n; i++) {
		const struct vnode *sa = s->v.v[i];

		ends(sa, &dst, &src);
		json_open_obj(&j, NULL);
		json_str(&j, "name", sa->name);
		json_u64(&j, "conn_id", vnode_u64(sa, "uniqueid", 0));
		json_str(&j, "dst", dst);
		json_str(&j, "src", src);
		json_str(&j, "ios_state", ios_state(sa));
		json_keys(&j, sa, "child-sas");
		json_open_arr(&j, "children");
		children = vnode_get(sa, "child-sas");
		for (ch = children ? children->child : NULL; ch; ch = ch->next) {
			json_open_obj(&j, NULL);
			json_keys(&j, ch, NULL);
			json_close_obj(&j);
		}
		json_close_arr(&j);
		json_close_obj(&j);
	}
	json_close_arr(&j);
	json_end(&j);
}

/* IOS style: every word a prefix of its keyword ("sh cry isa sa"). */
static bool word_is(const char *w, const char *kw, size_t min)
{
	return strlen(w) >= min && !strncmp(w, kw, strlen(w));
}

bool isakmp_show_match(char **w, int n)
{
	return (n == 3 || n == 4) && word_is(w[0], "crypto", 1) &&
	       word_is(w[1], "isakmp", 2) && word_is(w[2], "sa", 1) &&
	       (n == 3 || word_is(w[3], "detail", 1));
}

int isakmp_show(char **w, int n, bool json, bool pretty)
{
	char dir[PATH_MAX];
	struct sas s = { 0 };

	(void)w;
	if (!charon_dir(dir, sizeof(dir), true)) {
		/* no charon, no SA: IOS prints the empty table */
		if (json) {
			printf("[]\n");
		} else if (n == 3) {
			show_plain(&s);
		} else {
			show_detail(&s);
		}
		return 0;
	}
	if (!list_sas(dir, &s))
		return 1;
	if (json)
		show_json(&s, pretty);
	else if (n == 3)
		show_plain(&s);
	else
		show_detail(&s);
	sas_free(&s);
	return 0;
}

/* The module's cipher of a charon encryption algorithm, false if none. */
static bool engine_cipher(const struct vnode *sa, struct isakmp_conn *c)
{
	static const struct {
		const char *charon;
		uint8_t cipher;
		uint16_t bits;	/* fixed key size, else encr-keysize */
	} encrs[] = {
		{ "DES_CBC", CMAP_CIPHER_DES, 64 },
		{ "3DES_CBC", CMAP_CIPHER_3DES, 192 },
		{ "AES_CBC", CMAP_CIPHER_AES, 0 },
		{ "AES_GCM_16", CMAP_CIPHER_GCM, 0 },
	};
	const char *e = vnode_str(sa, "encr-alg", "");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(encrs); i++) {
		if (strcmp(e, encrs[i].charon))
			continue;
		c->cipher = encrs[i].cipher;
		c->keybits = encrs[i].bits ? encrs[i].bits :
			     (uint16_t)vnode_u64(sa, "encr-keysize", 0);
		return true;
	}
	return false;
}

/* The module's auth of a charon integrity algorithm (none: AEAD). */
static bool engine_auth(const struct vnode *sa, struct isakmp_conn *c)
{
	const char *h = vnode_str(sa, "integ-alg", NULL);
	size_t i;

	c->auth = CMAP_AUTH_NONE;
	for (i = 0; h && i < ARRAY_SIZE(integs); i++)
		if (!strcmp(h, integs[i].charon))
			c->auth = integs[i].auth;
	return !h || c->auth != CMAP_AUTH_NONE;
}

static void engine_conn(const struct vnode *sa, struct isakmp_conn *c)
{
	const char *st = vnode_str(sa, "state", "");

	memset(c, 0, sizeof(*c));
	c->conn_id = vnode_u64(sa, "uniqueid", 0);
	c->version = (unsigned int)vnode_u64(sa, "version", 1);
	copy_name(c->name, sizeof(c->name), sa->name);
	copy_name(c->ike_state, sizeof(c->ike_state), st);
	copy_name(c->local, sizeof(c->local), vnode_str(sa, "local-host", ""));
	copy_name(c->peer, sizeof(c->peer), vnode_str(sa, "remote-host", ""));
	c->known = engine_cipher(sa, c) && engine_auth(sa, c);
	if (!c->known)
		snprintf(c->alg, sizeof(c->alg), "%s%s%s",
			 vnode_str(sa, "integ-alg", ""),
			 vnode_get(sa, "integ-alg") ? "+" : "",
			 vnode_str(sa, "encr-alg", "?"));
	/* IOS: "set" for an SA in use, "dead" on its way out */
	if (!strcmp(st, "ESTABLISHED") || !strcmp(st, "REKEYING") ||
	    !strcmp(st, "REKEYED"))
		c->state = "set";
	else if (!strcmp(st, "DELETING") || !strcmp(st, "DESTROYING"))
		c->state = "dead";
	else
		c->state = "alloc";
}

int isakmp_conns(struct isakmp_conn **v, size_t *n)
{
	char dir[PATH_MAX];
	struct sas s;
	size_t i;

	*v = NULL;
	*n = 0;
	if (!charon_dir(dir, sizeof(dir), true))
		return 0;	/* no charon, no IKE SA */
	if (!list_sas(dir, &s))
		return -1;
	if (s.v.n) {
		*v = xcalloc(s.v.n, sizeof(**v));
		for (i = 0; i < s.v.n; i++)
			engine_conn(s.v.v[i], &(*v)[i]);
		*n = s.v.n;
	}
	sas_free(&s);
	return 0;
}

/* vici terminate of one IKE_SA or CHILD_SA by unique id. */
static bool terminate(const char *dir, const char *what,
		      unsigned long long id)
{
	char num[24], vp[PATH_MAX];
	struct vnode *reply;
	const char *err;
	struct vreq r;
	struct vici v;
	bool ok;

	if (vici_open(&v, in_dir(dir, "charon.vici", vp), false))
		return false;
	snprintf(num, sizeof(num), "%llu", id);
	vreq_init(&r);
	vreq_kv(&r, what, num);
	vreq_kv(&r, "timeout", CLEAR_TIMEOUT_MS);
	if (!strcmp(what, "ike-id"))
		vreq_kv(&r, "force", "yes");	/* a dead peer cannot answer */
	reply = vici_call(&v, "terminate", &r, NULL, NULL, NULL);
	vreq_free(&r);
	vici_close(&v);
	ok = reply && vnode_success(reply, &err);
	if (reply && !ok)
		fprintf(stderr, "cmapctl: %s %llu: %s\n", what, id, err);
	vnode_free(reply);
	return ok;
}

/* The crypto map of a connection, from the runtime directory's index. */
static bool conn_in_map(const char *dir, const char *conn, const char *map)
{
	char path[PATH_MAX], line[512];
	bool found = false;
	FILE *f = fopen(in_dir(dir, "conns", path), "r");

	while (f && !found && fgets(line, sizeof(line), f)) {
		char *name = strtok(line, "\t"), *m = strtok(NULL, "\t");

		found = name && m && !strcmp(name, conn) && !strcmp(m, map);
	}
	if (f)
		fclose(f);
	return found;
}

/*
 * The module's own SAs for the same selection. Those charon negotiated go
 * with their CHILD_SAs (kernel-cryptomap deletes them). What is left is
 * manually keyed ("set session-key"): sa_clear flushes them
 * (CMAP_CMD_FLUSH_SA with the PEER or MAP filter). Unlike IOS they are not
 * re-installed, as their keys are kept nowhere but in the configuration
 * file: cmapctl load re-installs them.
 */
static int clear_kernel_sas(const char *peer, const char *map)
{
	return sa_clear(peer, map);
}

struct clear_opts {
	bool isakmp;
	const char *peer, *map;
	unsigned long long conn_id;	/* clear crypto isakmp N */
};

static bool clear_args(int argc, char **argv, struct clear_opts *o)
{
	char *end;

	memset(o, 0, sizeof(*o));
	if (argc < 3 || !word_is(argv[1], "crypto", 1))
		return false;
	if (word_is(argv[2], "isakmp", 2)) {
		o->isakmp = true;
		if (argc == 4) {
			o->conn_id = strtoull(argv[3], &end, 10);
			return *argv[3] && !*end && o->conn_id;
		}
		return argc == 3;
	}
	if (!word_is(argv[2], "sa", 1))
		return false;
	if (argc == 3)
		return true;
	if (argc != 5)
		return false;
	if (word_is(argv[3], "peer", 1)) {
		uint32_t a;

		o->peer = argv[4];
		return ip_parse(argv[4], &a);
	}
	if (word_is(argv[3], "map", 1)) {
		o->map = argv[4];
		return true;
	}
	return false;
}

/*
 * clear crypto isakmp [CONN-ID]: terminates IKE_SAs. Unlike IOS, charon's
 * CHILD_SAs go with their IKE_SA (see Documentation/ike.md).
 * clear crypto sa [peer A | map NAME]: terminates CHILD_SAs; their trap
 * policies stay, so the next packet negotiates again, as on IOS.
 */
int cmd_clear(int argc, char **argv)
{
	const struct vnode *children, *ch;
	struct clear_opts o;
	char dir[PATH_MAX];
	struct sas s;
	unsigned int failed = 0;
	size_t i;

	if (argc == 4 && word_is(argv[1], "crypto", 1) &&
	    word_is(argv[2], "sa", 1) && word_is(argv[3], "counters", 1))
		return sa_clear_counters_cmd() ? 1 : 0;
	if (!clear_args(argc, argv, &o))
		return usage_error("clear: expected crypto isakmp [CONN-ID] | "
				   "crypto sa [peer A.B.C.D | map NAME | "
				   "counters]");
	/* quiet for sa: the module's SAs are cleared without a charon */
	if (!charon_dir(dir, sizeof(dir), !o.isakmp))
		return clear_kernel_sas(o.peer, o.map) ? 1 : 0;
	if (!list_sas(dir, &s))
		return 1;
	for (i = 0; i < s.v.n; i++) {
		const struct vnode *sa = s.v.v[i];
		unsigned long long id = vnode_u64(sa, "uniqueid", 0);

		if (o.isakmp) {
			if (!o.conn_id || o.conn_id == id)
				failed += !terminate(dir, "ike-id", id);
			continue;
		}
		if (o.peer && strcmp(vnode_str(sa, "remote-host", ""), o.peer))
			continue;
		if (o.map && !conn_in_map(dir, sa->name, o.map))
			continue;
		children = vnode_get(sa, "child-sas");
		for (ch = children ? children->child : NULL; ch; ch = ch->next)
			failed += !terminate(dir, "child-id",
					     vnode_u64(ch, "uniqueid", 0));
	}
	sas_free(&s);
	if (!o.isakmp && clear_kernel_sas(o.peer, o.map))
		failed++;
	return failed ? 1 : 0;
}
