// SPDX-License-Identifier: GPL-2.0
/*
 * show crypto ipsec sa [peer A.B.C.D | map NAME], show crypto engine
 * connections active, show crypto ipsec stats: the module's SAs and
 * counters in the layout of IOS 12.2 (stats: as ASA's "show crypto ipsec
 * stats"), or as JSON.
 *
 * IOS groups "show crypto ipsec sa" by interface, crypto map and flow: one
 * block per entry, access-list line and peer, whose counters add up its
 * SAs (outbound ones encrypt, inbound ones decrypt). An SA bound to line 0
 * (ipsec-manual) covers every permit line of its entry, which are shown as
 * its identities.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "dump.h"
#include "isakmp_show.h"
#include "json.h"
#include "names.h"
#include "sa.h"
#include "sa_show.h"

enum sa_object { O_IPSEC_SA, O_ENGINE, O_STATS };

/* IOS style: every word a prefix of its keyword, at least min letters. */
static bool word_is(const char *w, const char *kw, size_t min)
{
	return strlen(w) >= min && !strncmp(w, kw, strlen(w));
}

bool sa_show_match(char **w, int n, struct sa_show_req *r)
{
	memset(r, 0, sizeof(*r));
	if (n < 3 || !word_is(w[0], "crypto", 1))
		return false;
	if (n == 4 && word_is(w[1], "engine", 1) &&
	    word_is(w[2], "connections", 1) && word_is(w[3], "active", 1)) {
		r->object = O_ENGINE;
		return true;
	}
	if (!word_is(w[1], "ipsec", 2))
		return false;
	if (n == 3 && word_is(w[2], "stats", 2)) {
		r->object = O_STATS;
		return true;
	}
	if (strcmp(w[2], "sa") || (n != 3 && n != 5))
		return false;
	r->object = O_IPSEC_SA;
	if (n == 5 && word_is(w[3], "peer", 1)) {
		r->peer_arg = w[4];
		r->bad = !ip_parse(w[4], &r->peer);
	} else if (n == 5 && word_is(w[3], "map", 1)) {
		r->map = w[4];
	} else if (n == 5) {
		r->bad = true;
	}
	return true;
}

struct ctx {
	struct cm_config c;
	sa_vec sas;
	struct json j;
	bool json;
};

/* The first IPv4 address of an interface (host order), 0 if none. */
static uint32_t if_addr(const char *ifname)
{
	struct ifaddrs *ifs, *i;
	uint32_t a = 0;

	if (!ifname[0] || getifaddrs(&ifs))
		return 0;
	for (i = ifs; i && !a; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
		    !strcmp(i->ifa_name, ifname))
			a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
	freeifaddrs(ifs);
	return a;
}

static unsigned int if_mtu(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned int mtu = 0;

	if (fd < 0 || strlen(ifname) >= sizeof(ifr.ifr_name)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (!ioctl(fd, SIOCGIFMTU, &ifr))
		mtu = (unsigned int)ifr.ifr_mtu;
	close(fd);
	return mtu;
}

/* The first interface the SA's map is bound to, or "". */
static const char *sa_ifname(const struct cm_config *c, const struct cm_sa *sa)
{
	size_t i;

	for (i = 0; sa->map[0] && i < c->bindings.n; i++)
		if (!strcmp(c->bindings.v[i].map, sa->map))
			return c->bindings.v[i].ifname;
	return "";
}

/* The local tunnel endpoint: the SA's, the map's local-address, the
 * interface's address. */
static uint32_t sa_local(const struct cm_config *c, const struct cm_sa *sa,
			 const char *ifname)
{
	const struct cm_map *m = sa->map[0] ? model_map(c, sa->map) : NULL;

	if (sa->local)
		return sa->local;
	if (m && m->local_if[0])
		return if_addr(m->local_if);
	return if_addr(ifname);
}

static const char *ident(const struct cm_addr *a, int proto,
			 const struct cm_ports *p, char *buf, size_t len)
{
	char ab[IP_STRLEN], mb[IP_STRLEN];

	snprintf(buf, len, "(%s/%s/%d/%u)", ip_str(a->addr & ~a->wild, ab),
		 ip_str(~a->wild, mb), proto == CM_PROTO_ANY ? 0 : proto,
		 p->op == CMAP_PORT_EQ ? p->lo : 0);
	return buf;
}

static uint32_t plen_mask(unsigned int plen)
{
	return plen ? 0xffffffffU << (32 - plen) : 0;
}

/* Local and remote identities of an SA (outbound view: local is src). */
static void idents(const struct ctx *x, const struct cm_sa *sa)
{
	const struct cm_entry *e = sa->map[0] ?
		model_entry(&x->c, sa->map, sa->entry_seq) : NULL;
	const struct cm_acl *acl = e && e->acl[0] ? model_acl(&x->c, e->acl) :
						  NULL;
	char lb[64], rb[64], ab[IP_STRLEN], mb[IP_STRLEN];
	size_t i;

	if (sa->has_sel) {
		const struct cm_sel *s = &sa->sel;
		bool in = sa->dir == CMAP_SA_DIR_IN;
		uint32_t la = in ? s->dst : s->src, ra = in ? s->src : s->dst;
		unsigned int lp = in ? s->dst_plen : s->src_plen;
		unsigned int rp = in ? s->src_plen : s->dst_plen;

		printf("   local  ident (addr/mask/prot/port): (%s/%s/%u/0)\n",
		       ip_str(la, ab), ip_str(plen_mask(lp), mb), s->proto);
		printf("   remote ident (addr/mask/prot/port): (%s/%s/%u/0)\n",
		       ip_str(ra, ab), ip_str(plen_mask(rp), mb), s->proto);
		return;
	}
	for (i = 0; acl && i < acl->lines.n; i++) {
		const struct cm_line *l = &acl->lines.v[i];

		if (l->action != CMAP_ACTION_PERMIT ||
		    (sa->line && l->seq != sa->line))
			continue;
		printf("   local  ident (addr/mask/prot/port): %s\n",
		       ident(&l->src, l->proto, &l->sport, lb, sizeof(lb)));
		printf("   remote ident (addr/mask/prot/port): %s\n",
		       ident(&l->dst, l->proto, &l->dport, rb, sizeof(rb)));
	}
}

static void timing(const struct cm_sa *sa)
{
	uint64_t kb = sa->ctr[CMAP_SA_CTR_A_BYTES] / 1024;

	if (!sa->has_life) {
		printf("        sa timing: remaining key lifetime (k/sec): "
		       "(manual keying: none)\n");
		return;
	}
	printf("        sa timing: remaining key lifetime (k/sec): (%llu/%llu)\n",
	       (unsigned long long)(sa->hard_kb > kb ? sa->hard_kb - kb : 0),
	       (unsigned long long)(sa->hard_secs > sa->age ?
				    sa->hard_secs - sa->age : 0));
}

static void sa_detail(const struct cm_sa *sa)
{
	char xf[64];

	printf("      spi: 0x%X(%u)\n", sa->spi, sa->spi);
	printf("        transform: %s ,\n", sa_xform(sa, xf, sizeof(xf)));
	printf("        in use settings ={%s, }\n",
	       sa->mode == CMAP_MODE_TRANSPORT ? "Transport" : "Tunnel");
	printf("        slot: 0, conn id: %u, flow_id: %u, crypto map: %s\n",
	       sa->conn_id, sa->conn_id, sa->map[0] ? sa->map : "<none>");
	timing(sa);
	printf("        IV size: %u bytes\n", sa->iv_len);
	printf("        replay detection support: %c\n",
	       sa->replay_window ? 'Y' : 'N');
	printf("\n");
}

static bool same_flow(const struct cm_sa *a, const struct cm_sa *b)
{
	return !strcmp(a->map, b->map) && a->entry_seq == b->entry_seq &&
	       a->line == b->line && a->peer == b->peer;
}

static int flow_cmp(const void *p, const void *q)
{
	const struct cm_sa *a = p, *b = q;
	int r = strcmp(a->map, b->map);

	if (r)
		return r;
	if (a->entry_seq != b->entry_seq)
		return a->entry_seq < b->entry_seq ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->peer != b->peer)
		return a->peer < b->peer ? -1 : 1;
	return a->conn_id < b->conn_id ? -1 : a->conn_id > b->conn_id;
}

/* One flow: the SAs v[0..n-1], in conn id order. */
static void flow_text(const struct ctx *x, const char *ifname,
		      const struct cm_sa *v, size_t n)
{
	uint64_t t[CMAP_SA_CTR_A_MAX + 1] = { 0 };
	char a[IP_STRLEN], b[IP_STRLEN];
	const struct cm_sa *cur_out = NULL;
	unsigned int mtu = if_mtu(ifname);
	size_t i, k;
	uint8_t d;

	for (i = 0; i < n; i++) {
		for (k = 1; k <= CMAP_SA_CTR_A_MAX; k++)
			t[k] += v[i].ctr[k];
		if (v[i].dir == CMAP_SA_DIR_OUT)
			cur_out = &v[i];
	}
	idents(x, &v[0]);
	printf("   current_peer: %s\n", ip_str(v[0].peer, a));
	printf("     PERMIT, flags={origin_is_acl,}\n");
	printf("    #pkts encaps: %llu, #pkts encrypt: %llu, #pkts digest %llu\n",
	       (unsigned long long)t[CMAP_SA_CTR_A_ENCAPS],
	       (unsigned long long)t[CMAP_SA_CTR_A_ENCRYPT],
	       (unsigned long long)t[CMAP_SA_CTR_A_DIGEST]);
	printf("    #pkts decaps: %llu, #pkts decrypt: %llu, #pkts verify %llu\n",
	       (unsigned long long)t[CMAP_SA_CTR_A_DECAPS],
	       (unsigned long long)t[CMAP_SA_CTR_A_DECRYPT],
	       (unsigned long long)t[CMAP_SA_CTR_A_VERIFY]);
	printf("    #pkts compressed: 0, #pkts decompressed: 0\n");
	printf("    #pkts not compressed: 0, #pkts compr. failed: 0, "
	       "#pkts decompress failed: 0\n");
	printf("    #send errors %llu, #recv errors %llu\n\n",
	       (unsigned long long)t[CMAP_SA_CTR_A_SEND_ERRORS],
	       (unsigned long long)t[CMAP_SA_CTR_A_RECV_ERRORS]);
	printf("     local crypto endpt.: %s, remote crypto endpt.: %s\n",
	       ip_str(sa_local(&x->c, &v[0], ifname), a), ip_str(v[0].peer, b));
	printf("     path mtu %u, media mtu %u\n", mtu, mtu);
	printf("     current outbound spi: %X\n\n", cur_out ? cur_out->spi : 0);
	for (d = 0; d < 2; d++) {
		bool any = false;

		printf("     %s esp sas:\n", d ? "outbound" : "inbound");
		for (i = 0; i < n; i++) {
			if (v[i].dir == d) {
				sa_detail(&v[i]);
				any = true;
			}
		}
		if (!any)
			printf("\n");
		printf("     %s ah sas:\n\n", d ? "outbound" : "inbound");
		printf("     %s pcp sas:\n\n", d ? "outbound" : "inbound");
	}
}

static void sa_json(struct ctx *x, const struct cm_sa *sa)
{
	const char *ifname = sa_ifname(&x->c, sa);
	char a[IP_STRLEN];
	unsigned int k;

	json_open_obj(&x->j, NULL);
	json_str(&x->j, "interface", ifname);
	json_str(&x->j, "map", sa->map);
	json_u64(&x->j, "entry_seq", sa->entry_seq);
	json_u64(&x->j, "entry_id", sa->entry_id);
	json_u64(&x->j, "line", sa->line);
	json_str(&x->j, "dir", sa_dir_str(sa->dir));
	json_u64(&x->j, "spi", sa->spi);
	json_str(&x->j, "peer", ip_str(sa->peer, a));
	json_str(&x->j, "local", ip_str(sa_local(&x->c, sa, ifname), a));
	json_u64(&x->j, "conn_id", sa->conn_id);
	json_str(&x->j, "state", sa_state_str(sa->state));
	if (sa->state != CMAP_SA_LARVAL) {
		json_str(&x->j, "cipher", cipher_str(sa->cipher));
		json_u64(&x->j, "keybits", sa->keybits);
		json_str(&x->j, "auth", auth_str(sa->auth));
		json_str(&x->j, "mode", mode_str(sa->mode));
		json_bool(&x->j, "esn", sa->flags & CMAP_SA_F_ESN);
		json_u64(&x->j, "replay_window", sa->replay_window);
		json_u64(&x->j, "seq", sa->seq);
	}
	json_u64(&x->j, "age", sa->age);
	if (sa->has_life) {
		json_u64(&x->j, "soft_secs", sa->soft_secs);
		json_u64(&x->j, "hard_secs", sa->hard_secs);
		json_u64(&x->j, "soft_kb", sa->soft_kb);
		json_u64(&x->j, "hard_kb", sa->hard_kb);
	}
	json_open_obj(&x->j, "counters");
	for (k = 1; k <= CMAP_SA_CTR_A_MAX; k++)
		if (sa_ctr_name(k))
			json_u64(&x->j, sa_ctr_name(k), sa->ctr[k]);
	json_close_obj(&x->j);
	json_close_obj(&x->j);
}

static void show_ipsec_sa(struct ctx *x, const struct sa_show_req *r)
{
	size_t i, j, b;

	if (x->json) {
		json_open_arr(&x->j, NULL);
		for (i = 0; i < x->sas.n; i++)
			if (x->sas.v[i].state != CMAP_SA_LARVAL)
				sa_json(x, &x->sas.v[i]);
		json_close_arr(&x->j);
		return;
	}
	/* larval reservations are not SAs yet; mature ones by flow */
	for (i = j = 0; i < x->sas.n; i++)
		if (x->sas.v[i].state != CMAP_SA_LARVAL)
			x->sas.v[j++] = x->sas.v[i];
	x->sas.n = j;
	qsort(x->sas.v, x->sas.n, sizeof(*x->sas.v), flow_cmp);
	for (b = 0; b < x->c.bindings.n; b++) {
		const struct cm_binding *bd = &x->c.bindings.v[b];
		char a[IP_STRLEN];
		bool header = false;

		for (i = 0; i < x->sas.n; i = j) {
			for (j = i + 1; j < x->sas.n &&
			     same_flow(&x->sas.v[i], &x->sas.v[j]); j++)
				;
			if (strcmp(x->sas.v[i].map, bd->map))
				continue;
			if (!header)
				printf("\ninterface: %s\n    Crypto map tag: %s, "
				       "local addr. %s\n\n", bd->ifname, bd->map,
				       ip_str(sa_local(&x->c, &x->sas.v[i],
						       bd->ifname), a));
			header = true;
			flow_text(x, bd->ifname, &x->sas.v[i], j - i);
		}
	}
	(void)r;
}

/* IOS's algorithm names: "HMAC_MD5+DES_56_CB". */
static const char *ios_algorithm(uint8_t cipher, unsigned int keybits,
				 uint8_t auth, char *buf, size_t len)
{
	static const char *const auths[] = { "", "HMAC_MD5", "HMAC_SHA",
		"HMAC_SHA256", "HMAC_SHA384", "HMAC_SHA512" };
	const char *a = auth < ARRAY_SIZE(auths) ? auths[auth] : "?";
	char c[24];

	switch (cipher) {
	case CMAP_CIPHER_NULL:
		snprintf(c, sizeof(c), "NULL");
		break;
	case CMAP_CIPHER_DES:
		snprintf(c, sizeof(c), "DES_56_CB");
		break;
	case CMAP_CIPHER_3DES:
		snprintf(c, sizeof(c), "3DES_168_CB");
		break;
	case CMAP_CIPHER_AES:
		snprintf(c, sizeof(c), "AES_%u_CB", keybits);
		break;
	case CMAP_CIPHER_GCM:
		snprintf(c, sizeof(c), "AES_GCM_%u", keybits);
		break;
	default:
		snprintf(c, sizeof(c), "AES_GMAC_%u", keybits);
	}
	snprintf(buf, len, "%s%s%s", a, a[0] ? "+" : "", c);
	return buf;
}

static const char *algorithm(const struct cm_sa *sa, char *buf, size_t len)
{
	if (sa->state == CMAP_SA_LARVAL) {
		snprintf(buf, len, "none");
		return buf;
	}
	return ios_algorithm(sa->cipher, sa->keybits, sa->auth, buf, len);
}

static const char *engine_state(const struct cm_sa *sa)
{
	return sa->state == CMAP_SA_LARVAL ? "alloc" :
	       sa->state == CMAP_SA_DEAD ? "dead" : "set";
}

/* The interface that has address a (text), or "". */
static void addr_ifname(const char *a, char *ifname, size_t len)
{
	struct ifaddrs *ifs, *i;
	char buf[INET_ADDRSTRLEN];

	ifname[0] = 0;
	if (getifaddrs(&ifs))
		return;
	for (i = ifs; i && !ifname[0]; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
		    inet_ntop(AF_INET,
			      &((struct sockaddr_in *)i->ifa_addr)->sin_addr,
			      buf, sizeof(buf)) && !strcmp(buf, a))
			snprintf(ifname, len, "%s", i->ifa_name);
	freeifaddrs(ifs);
}

static void engine_row(struct ctx *x, unsigned long long id,
		       const char *ifname, const char *addr, const char *state,
		       const char *alg, uint64_t enc, uint64_t dec)
{
	if (!x->json) {
		printf("%4llu %-15s %-15s %-6s %-18s %8llu %8llu\n", id,
		       ifname[0] ? ifname : "<none>", addr[0] ? addr : "<none>",
		       state, alg, (unsigned long long)enc,
		       (unsigned long long)dec);
		return;
	}
	json_open_obj(&x->j, NULL);
	json_u64(&x->j, "conn_id", id);
	json_str(&x->j, "interface", ifname);
	json_str(&x->j, "ip_address", addr);
	json_str(&x->j, "state", state);
	json_str(&x->j, "algorithm", alg);
	json_u64(&x->j, "encrypt", enc);
	json_u64(&x->j, "decrypt", dec);
}

/*
 * IOS lists the ISAKMP SAs first (conn ids from 1; here charon's unique
 * ids, as in show crypto isakmp sa), then the IPsec SAs (from 2000). charon
 * counts no packets per IKE SA: encrypt and decrypt are 0 there.
 */
static void engine_ike(struct ctx *x, const struct isakmp_conn *v, size_t n)
{
	char alg[64], ifname[IF_NAMESIZE];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct isakmp_conn *c = &v[i];

		if (c->known)
			ios_algorithm(c->cipher, c->keybits, c->auth, alg,
				      sizeof(alg));
		else
			snprintf(alg, sizeof(alg), "%s", c->alg);
		addr_ifname(c->local, ifname, sizeof(ifname));
		engine_row(x, c->conn_id, ifname, c->local, c->state, alg, 0,
			   0);
		if (!x->json)
			continue;
		json_str(&x->j, "type", "isakmp");
		json_str(&x->j, "peer", c->peer);
		json_str(&x->j, "name", c->name);
		json_str(&x->j, "ike_state", c->ike_state);
		json_u64(&x->j, "version", c->version);
		json_close_obj(&x->j);
	}
}

static int show_engine(struct ctx *x)
{
	struct isakmp_conn *ike;
	char alg[32], a[IP_STRLEN];
	size_t i, nike;
	int err;

	err = isakmp_conns(&ike, &nike);
	if (x->json)
		json_open_arr(&x->j, NULL);
	else
		printf("  ID Interface       IP-Address      State  Algorithm  "
		       "         Encrypt  Decrypt\n");
	engine_ike(x, ike, nike);
	free(ike);
	for (i = 0; i < x->sas.n; i++) {
		const struct cm_sa *sa = &x->sas.v[i];
		const char *ifname = sa_ifname(&x->c, sa);
		uint32_t local = sa_local(&x->c, sa, ifname);

		engine_row(x, sa->conn_id, ifname,
			   local ? ip_str(local, a) : "", engine_state(sa),
			   algorithm(sa, alg, sizeof(alg)),
			   sa->ctr[CMAP_SA_CTR_A_ENCRYPT],
			   sa->ctr[CMAP_SA_CTR_A_DECRYPT]);
		if (!x->json)
			continue;
		json_str(&x->j, "type", "ipsec");
		json_str(&x->j, "dir", sa_dir_str(sa->dir));
		json_u64(&x->j, "spi", sa->spi);
		json_str(&x->j, "peer", ip_str(sa->peer, a));
		json_close_obj(&x->j);
	}
	if (x->json)
		json_close_arr(&x->j);
	return err;
}

static const struct {
	unsigned int stat;
	const char *label;
} stat_labels[] = {
	{ 0, "Outbound" },
	{ CMAP_STAT_OUT_PROTECTED, "Packets protected (encrypted)" },
	{ CMAP_STAT_OUT_CLEAR_DENY, "Packets sent in clear: deny line" },
	{ CMAP_STAT_OUT_CLEAR_NOMATCH, "Packets sent in clear: no line matched" },
	{ CMAP_STAT_OUT_IKE_BYPASS, "IKE packets sent in clear" },
	{ 0, "Inbound" },
	{ CMAP_STAT_IN_DECRYPTED, "Packets decrypted and passed on" },
	{ CMAP_STAT_IN_NOT_OURS, "ESP packets left to the stack (not our SPI)" },
	{ 0, "Events" },
	{ CMAP_STAT_ACQUIRES, "Acquires sent" },
	{ CMAP_STAT_ACQUIRES_LIMITED, "Acquires held back by the rate limit" },
	{ CMAP_STAT_EVENTS_LOST, "Events lost" },
	{ 0, "Drops" },
	{ CMAP_STAT_DROP_NO_SA, "No SA for a permit line" },
	{ CMAP_STAT_DROP_CLEARTEXT, "Cleartext that should have been ESP" },
	{ CMAP_STAT_DROP_FRAG_NEEDED, "Too big with DF (ICMP sent)" },
	{ CMAP_STAT_DROP_NO_ROUTE, "No route to the peer" },
	{ CMAP_STAT_DROP_NOMEM, "Out of memory" },
	{ CMAP_STAT_DROP_GSO, "Segmentation failed" },
	{ CMAP_STAT_DROP_ENCRYPT, "Encryption failed" },
	{ CMAP_STAT_DROP_SEQ, "Sequence numbers exhausted" },
	{ CMAP_STAT_DROP_MALFORMED, "Malformed ESP" },
	{ CMAP_STAT_DROP_ZERO_SPI, "SPI 0" },
	{ CMAP_STAT_DROP_LARVAL, "SPI reserved, no keys yet" },
	{ CMAP_STAT_DROP_REPLAY, "Replay check failed" },
	{ CMAP_STAT_DROP_AUTH, "Authentication (ICV) failed" },
	{ CMAP_STAT_DROP_DECRYPT, "Decryption failed" },
	{ CMAP_STAT_DROP_TRAILER, "Bad padding" },
	{ CMAP_STAT_DROP_NEXT_HEADER, "Unexpected next header" },
	{ CMAP_STAT_DROP_DUMMY, "Dummy packets (next header 59)" },
	{ CMAP_STAT_DROP_INNER, "Bad inner IPv4 header" },
	{ CMAP_STAT_DROP_SELECTOR, "Inner packet outside the SA's selectors" },
	{ CMAP_STAT_DROP_INNER_ROUTE, "No route for the inner packet" },
	{ CMAP_STAT_DROP_NESTING, "ESP nested too deep" },
	{ CMAP_STAT_DROP_SA_DEAD, "SA past its hard lifetime" },
	{ CMAP_STAT_DROP_BACKLOG, "SA's crypto queue full (crypto_parallel)" },
};

static int show_stats(struct ctx *x, struct nl *nl)
{
	uint64_t st[CMAP_STAT_MAX + 1];
	unsigned int i;

	if (sa_stats(nl, st))
		return -1;
	if (x->json) {
		json_open_obj(&x->j, NULL);
		for (i = 1; i <= CMAP_STAT_MAX; i++)
			if (stat_name(i))
				json_u64(&x->j, stat_name(i), st[i]);
		json_close_obj(&x->j);
		return 0;
	}
	printf("IPsec Global Statistics\n-----------------------\n");
	for (i = 0; i < ARRAY_SIZE(stat_labels); i++) {
		if (!stat_labels[i].stat)
			printf("%s%s:\n", i ? "\n" : "", stat_labels[i].label);
		else
			printf("    %s: %llu\n", stat_labels[i].label,
			       (unsigned long long)st[stat_labels[i].stat]);
	}
	return 0;
}

int sa_show(const struct sa_show_req *r, bool json, bool pretty)
{
	struct sa_filter f = SA_FILTER_ALL;
	struct ctx x = { .json = json };
	struct nl nl;
	int err = 0, ike_err = 0;

	if (r->bad)
		return usage_error("show crypto ipsec sa: expected [peer "
				   "A.B.C.D | map NAME]");
	if (nl_open(&nl))
		return 1;
	model_init(&x.c, "running-config");
	f.peer = r->peer;
	f.map = r->map;
	if (r->object == O_STATS)
		err = 0;
	else if (dump_config(&nl, &x.c) || sa_dump(&nl, &f, &x.sas))
		err = -1;
	if (!err) {
		model_sort(&x.c);
		if (json)
			json_start(&x.j, stdout, pretty);
		if (r->object == O_IPSEC_SA)
			show_ipsec_sa(&x, r);
		else if (r->object == O_ENGINE)
			ike_err = show_engine(&x);
		else
			err = show_stats(&x, &nl);
		if (json && !err)
			json_end(&x.j);
	}
	nl_close(&nl);
	model_free(&x.c);
	VEC_FREE(x.sas);
	return err || ike_err ? 1 : 0;
}
