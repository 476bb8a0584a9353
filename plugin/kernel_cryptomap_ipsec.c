// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel_ipsec_t for cryptomap.ko: charon's SAs become the module's SAs
 * over its generic netlink family; the module's acquires and expiries become
 * charon's events.
 *
 * Policies are not charon's to install: the crypto maps loaded by cmapctl
 * are the policy. add_policy checks that charon's selectors are a permit
 * line of a map entry for that peer (and says so loudly when not), and
 * remembers the reqid of trap policies for acquires. An SA is attached to
 * the map entry that lists its peer and to the access-list line equal to its
 * selectors (cmap_cfg.c).
 *
 * charon calls these methods from many worker threads at once: the netlink
 * socket (cmap_nl.c), the configuration copy (cmap_cfg.c) and our tables
 * (cmap_state.c) each have their own lock, and none is held while calling
 * into charon. Keys are never logged, only their lengths, and the request
 * that carried them is wiped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <linux/cryptomap.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "cmap_cfg.h"
#include "cmap_defer.h"
#include "cmap_fmt.h"
#include "cmap_nl.h"
#include "cmap_state.h"
#include "kernel_cryptomap_ipsec.h"

/* How long a reserved SPI waits for its SA: charon's default retransmission
 * schedule gives up on an exchange after 165 s. */
#define LARVAL_SECS 165
/* Tunnels of a killed charon are renegotiated this long after the last trap
 * was installed (charon registers a trap only after add_policy returns), and
 * forgotten if no trap for them appears within RESUME_MAX_AGE. */
#define RESUME_DELAY_SECS 2
#define RESUME_MAX_AGE 120
#define RESUME_BATCH 64
/* A rekeyed CHILD_SA's inbound SA ends this long after charon removed its
 * outbound SA (end_rekeyed); charon.plugins.kernel-cryptomap.
 * delete_rekeyed_delay, 0: at its own expiry. As charon's
 * delete_rekeyed_delay for IKEv2. */
#define CMAP_REKEYED_SECS 5
/* A rekeyed CHILD_SA's new outbound SA takes over this much later
 * (switch_later); charon.plugins.kernel-cryptomap.rekey_switch_delay, 0: at
 * once. */
#define CMAP_SWITCH_MS 1000

struct cmap_ipsec {
	kernel_ipsec_t public;		/* first: charon holds &public */
	struct cmap_nl *nl;
	struct cmap_cfg *cfg;
	struct cmap_state *st;
	int events;			/* socket of the events group, or -1 */
	int timer;			/* timerfd for resuming tunnels, or -1 */
	uint32_t spi_min, spi_max;
	uint32_t rekeyed_secs;		/* see end_rekeyed() */
	uint32_t switch_ms;		/* see switch_later() */
	struct cmap_defer *defer;
	int switch_timer;		/* timerfd for the deferred, or -1 */
	uint64_t added;			/* add_sa calls, for cmap_sa_rec.added */
	/* events are read into this: the watcher runs one callback per fd
	 * at a time */
	char evbuf[65536];
};

static const char *status_name(status_t s)
{
	switch (s) {
	case SUCCESS: return "ok";
	case NOT_SUPPORTED: return "not supported";
	case NOT_FOUND: return "not found";
	default: return "failed";
	}
}

static const char *errstr(int err, const char *ext)
{
	static __thread char buf[320];

	snprintf(buf, sizeof(buf), "%s%s%s", strerror(-err),
		 ext && *ext ? ": " : "", ext ? ext : "");
	return buf;
}

/* An IPv4 host's address in network order; false for anything else. */
static bool host4(host_t *h, uint32_t *addr)
{
	chunk_t a;

	if (!h || h->get_family(h) != AF_INET)
		return false;
	a = h->get_address(h);
	if (a.len != 4)
		return false;
	memcpy(addr, a.ptr, 4);
	return true;
}

static const char *ip4_str(uint32_t addr, char *buf)
{
	struct in_addr a = { addr };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* An IPv4 selector as addresses (host order), protocol and ports. */
static bool ts4(traffic_selector_t *ts, uint32_t *lo, uint32_t *hi,
		uint8_t *proto, uint16_t *plo, uint16_t *phi)
{
	chunk_t f, t;
	uint32_t v;

	if (!ts || ts->get_type(ts) != TS_IPV4_ADDR_RANGE)
		return false;
	f = ts->get_from_address(ts);
	t = ts->get_to_address(ts);
	if (f.len != 4 || t.len != 4)
		return false;
	memcpy(&v, f.ptr, 4);
	*lo = ntohl(v);
	memcpy(&v, t.ptr, 4);
	*hi = ntohl(v);
	*proto = ts->get_protocol(ts);
	*plo = ts->get_from_port(ts);
	*phi = ts->get_to_port(ts);
	return true;
}

/* The flow of a selector pair, @local being the protected side behind us. */
static bool ts_flow(traffic_selector_t *local, traffic_selector_t *remote,
		    struct cmap_flow *f)
{
	uint8_t p1, p2;

	memset(f, 0, sizeof(*f));
	if (!ts4(local, &f->src_lo, &f->src_hi, &p1, &f->sp_lo, &f->sp_hi) ||
	    !ts4(remote, &f->dst_lo, &f->dst_hi, &p2, &f->dp_lo, &f->dp_hi))
		return false;
	f->proto = p1 ? p1 : p2;
	return !p1 || !p2 || p1 == p2;
}

/* The single selector of a list; false if there are several. */
static traffic_selector_t *ts_single(linked_list_t *list)
{
	traffic_selector_t *ts = NULL;

	if (!list || list->get_count(list) != 1 ||
	    list->get_first(list, (void **)&ts) != SUCCESS)
		return NULL;
	return ts;
}

/* --- SPIs ------------------------------------------------------------------- */

static kernel_feature_t get_features(kernel_ipsec_t *self)
{
	(void)self;
	/* No TFC padding; policies carry no SPIs: charon installs a rekeyed
	 * outbound SA when it switches to it, and the module uses the newest
	 * outbound SA of a line from the moment it is added. */
	return 0;
}

/* One u32 of a reply's CMAP_A_SA (SPI, CONN_ID, COUNT), summed over the
 * reply's messages. */
struct pick_u32 {
	uint16_t type;
	uint32_t value;
};

static void pick_u32_attr(const struct nlattr *a, void *arg)
{
	struct pick_u32 *p = arg;

	if (mnl_attr_get_type(a) == p->type && !mnl_attr_validate(a, MNL_TYPE_U32))
		p->value += mnl_attr_get_u32(a);
}

static int pick_u32_cb(const struct nlmsghdr *nlh, void *arg)
{
	cmap_nl_nested(nlh, CMAP_A_SA, pick_u32_attr, arg);
	return 0;
}

/* The module reserves a random unused inbound SPI (a larval SA that drops
 * ESP for it) until add_sa takes it over or LARVAL_SECS pass. */
static status_t get_spi(kernel_ipsec_t *self, host_t *src, host_t *dst,
			uint8_t protocol, uint32_t *spi)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	char buf[CMAP_NL_REQ_SIZE], ext[256], a[INET_ADDRSTRLEN];
	struct cmap_sa_rec r = { .dir = CMAP_SA_DIR_IN, .larval = true };
	struct nlmsghdr *req;
	struct nlattr *nest;
	struct pick_u32 got = { .type = CMAP_SA_A_SPI };
	int err;

	if (protocol != IPPROTO_ESP || !host4(src, &r.peer) ||
	    !host4(dst, &r.dst)) {
		CMAP_DBG1("get_spi proto %u: only ESP between IPv4 addresses "
			  "-> not supported", protocol);
		return NOT_SUPPORTED;
	}
	req = cmap_nl_req(this->nl, buf, CMAP_CMD_ALLOC_SPI, 0);
	nest = mnl_attr_nest_start(req, CMAP_A_SA);
	mnl_attr_put_u32(req, CMAP_SA_A_SPI_MIN, this->spi_min);
	mnl_attr_put_u32(req, CMAP_SA_A_SPI_MAX, this->spi_max);
	mnl_attr_put(req, CMAP_SA_A_PEER, 4, &r.peer);
	mnl_attr_put_u32(req, CMAP_SA_A_LARVAL_SECS, LARVAL_SECS);
	mnl_attr_nest_end(req, nest);
	err = cmap_nl_talk(this->nl, req, pick_u32_cb, &got, ext, sizeof(ext));
	if (err || !got.value) {
		CMAP_DBG1("get_spi from %s: ALLOC_SPI: %s", ip4_str(r.peer, a),
			  errstr(err ? err : -EPROTO, ext));
		return FAILED;
	}
	r.spi = htonl(got.value);
	cmap_state_sa_put(this->st, &r);
	*spi = r.spi;
	CMAP_DBG2("get_spi from %s -> spi %08x (reserved %u s)",
		  ip4_str(r.peer, a), got.value, LARVAL_SECS);
	return SUCCESS;
}

static status_t get_cpi(kernel_ipsec_t *self, host_t *src, host_t *dst,
			uint16_t *cpi)
{
	(void)self; (void)src; (void)dst; (void)cpi;
	CMAP_DBG1("get_cpi: cryptomap has no IPComp -> not supported");
	return NOT_SUPPORTED;
}

/* --- algorithms --------------------------------------------------------------- */

struct xform {
	uint16_t cipher, keybits, auth;
	uint8_t mode;
};

/* strongSwan's encryption algorithms the module has, with the key lengths
 * (bytes) charon hands over: GCM and GMAC keys end in the 4-byte salt
 * (RFC 4106/4543), as the module takes them. */
static const struct {
	uint16_t alg, cipher;
	bool aead;
	uint8_t salt, n_lens, lens[3];
} ciphers[] = {
	{ ENCR_DES, CMAP_CIPHER_DES, false, 0, 1, { 8 } },
	{ ENCR_3DES, CMAP_CIPHER_3DES, false, 0, 1, { 24 } },
	{ ENCR_AES_CBC, CMAP_CIPHER_AES, false, 0, 3, { 16, 24, 32 } },
	{ ENCR_AES_GCM_ICV16, CMAP_CIPHER_GCM, true, 4, 3, { 20, 28, 36 } },
	{ ENCR_NULL_AUTH_AES_GMAC, CMAP_CIPHER_GMAC, true, 4, 3, { 20, 28, 36 } },
	{ ENCR_NULL, CMAP_CIPHER_NULL, false, 0, 1, { 0 } },
};

/* Integrity: HMAC keys as long as the hash's output. */
static const struct {
	uint16_t alg, auth;
	uint8_t len;
} auths[] = {
	{ AUTH_HMAC_MD5_96, CMAP_AUTH_MD5, 16 },
	{ AUTH_HMAC_SHA1_96, CMAP_AUTH_SHA1, 20 },
	{ AUTH_HMAC_SHA2_256_128, CMAP_AUTH_SHA256, 32 },
	{ AUTH_HMAC_SHA2_384_192, CMAP_AUTH_SHA384, 48 },
	{ AUTH_HMAC_SHA2_512_256, CMAP_AUTH_SHA512, 64 },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* strongSwan's algorithm ids and key lengths as the module's transform; why
 * names what does not map. */
static bool map_xform(kernel_ipsec_add_sa_t *d, struct xform *x,
		      const char **why)
{
	size_t i, k;

	for (i = 0; i < N_OF(ciphers) && ciphers[i].alg != d->enc_alg; i++)
		;
	if (i == N_OF(ciphers)) {
		*why = "encryption algorithm";
		return false;
	}
	for (k = 0; k < ciphers[i].n_lens &&
		    ciphers[i].lens[k] != d->enc_key.len; k++)
		;
	if (k == ciphers[i].n_lens) {
		*why = "key length for the encryption algorithm";
		return false;
	}
	x->cipher = ciphers[i].cipher;
	x->keybits = (d->enc_key.len - ciphers[i].salt) * 8;
	x->auth = CMAP_AUTH_NONE;
	if (d->int_alg != AUTH_UNDEFINED) {
		if (ciphers[i].aead) {
			*why = "integrity algorithm with an AEAD cipher";
			return false;
		}
		for (k = 0; k < N_OF(auths) && auths[k].alg != d->int_alg; k++)
			;
		if (k == N_OF(auths)) {
			*why = "integrity algorithm";
			return false;
		}
		if (d->int_key.len != auths[k].len) {
			*why = "key length for the integrity algorithm";
			return false;
		}
		x->auth = auths[k].auth;
	}
	if (d->mode != MODE_TUNNEL && d->mode != MODE_TRANSPORT) {
		*why = "mode (tunnel and transport only)";
		return false;
	}
	x->mode = d->mode == MODE_TUNNEL ? CMAP_MODE_TUNNEL : CMAP_MODE_TRANSPORT;
	return true;
}

/* --- SAs -------------------------------------------------------------------------- */

/* Why the module cannot take an SA charon asks for, or NULL. */
static const char *sa_refusal(kernel_ipsec_sa_id_t *id,
			      kernel_ipsec_add_sa_t *d)
{
	if (id->proto != IPPROTO_ESP)
		return "AH (cryptomap does ESP only)";
	if (d->ipcomp != IPCOMP_NONE)
		return "IPComp";
	if (d->encap)
		return "UDP encapsulation (NAT-T)";
	if (d->label)
		return "a security label";
	if (id->mark.value || id->mark.mask || id->if_id || d->mark.value ||
	    d->mark.mask)
		return "marks and interface ids";
	return NULL;
}

/* Lifetimes: seconds as they are, bytes in whole kilobytes (rounded up, so
 * that a limit never comes early), soft at most hard. */
static void put_lifetimes(struct nlmsghdr *req, lifetime_cfg_t *lt)
{
	uint64_t soft_kb, hard_kb;
	uint32_t soft_s, hard_s;

	if (!lt)
		return;
	hard_s = lt->time.life > UINT32_MAX ? UINT32_MAX : lt->time.life;
	soft_s = lt->time.rekey > UINT32_MAX ? UINT32_MAX : lt->time.rekey;
	hard_kb = (lt->bytes.life + 1023) / 1024;
	soft_kb = (lt->bytes.rekey + 1023) / 1024;
	if (hard_s && soft_s > hard_s)
		soft_s = hard_s;
	if (hard_kb && soft_kb > hard_kb)
		soft_kb = hard_kb;
	mnl_attr_put_u32(req, CMAP_SA_A_SOFT_SECS, soft_s);
	mnl_attr_put_u32(req, CMAP_SA_A_HARD_SECS, hard_s);
	mnl_attr_put_u64(req, CMAP_SA_A_SOFT_KB, soft_kb);
	mnl_attr_put_u64(req, CMAP_SA_A_HARD_KB, hard_kb);
}

/* The SA's own traffic as CMAP_SA_A_SEL, in its direction. */
static void put_sel(struct nlmsghdr *req, const struct cmap_flow *f,
		    bool inbound)
{
	uint32_t slo = inbound ? f->dst_lo : f->src_lo;
	uint32_t shi = inbound ? f->dst_hi : f->src_hi;
	uint32_t dlo = inbound ? f->src_lo : f->dst_lo;
	uint32_t dhi = inbound ? f->src_hi : f->dst_hi;
	uint16_t splo = inbound ? f->dp_lo : f->sp_lo;
	uint16_t sphi = inbound ? f->dp_hi : f->sp_hi;
	uint16_t dplo = inbound ? f->sp_lo : f->dp_lo;
	uint16_t dphi = inbound ? f->sp_hi : f->dp_hi;
	struct nlattr *nest = mnl_attr_nest_start(req, CMAP_SA_A_SEL);
	uint32_t be;

	be = htonl(slo);
	mnl_attr_put(req, CMAP_SEL_A_SRC, 4, &be);
	mnl_attr_put_u8(req, CMAP_SEL_A_SRC_PLEN, 32 - __builtin_popcount(shi - slo));
	be = htonl(dlo);
	mnl_attr_put(req, CMAP_SEL_A_DST, 4, &be);
	mnl_attr_put_u8(req, CMAP_SEL_A_DST_PLEN, 32 - __builtin_popcount(dhi - dlo));
	mnl_attr_put_u8(req, CMAP_SEL_A_PROTO, f->proto);
	mnl_attr_put_u16(req, CMAP_SEL_A_SPORT_LO, splo);
	mnl_attr_put_u16(req, CMAP_SEL_A_SPORT_HI, sphi);
	mnl_attr_put_u16(req, CMAP_SEL_A_DPORT_LO, dplo);
	mnl_attr_put_u16(req, CMAP_SEL_A_DPORT_HI, dphi);
	mnl_attr_nest_end(req, nest);
}

static bool is_prefix(uint32_t lo, uint32_t hi)
{
	uint32_t size = hi - lo;

	return lo <= hi && !(size & (size + 1)) && !(lo & size);
}

static void put_key(struct nlmsghdr *req, const struct cmap_sa_rec *r);
static void tell_expire(const struct cmap_sa_rec *r, bool hard);

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The switch timer fires when the first deferred request is due. */
static void arm_switch_timer(struct cmap_ipsec *this)
{
	uint64_t due = cmap_defer_next(this->defer), now = now_ms();
	uint64_t wait = due > now ? due - now : 1;
	struct itimerspec when = { { 0, 0 }, { 0, 0 } };

	if (!due)
		return;		/* disarmed by its last expiry */
	when.it_value.tv_sec = (time_t)(wait / 1000);
	when.it_value.tv_nsec = (long)(wait % 1000) * 1000000;
	timerfd_settime(this->switch_timer, 0, &when, NULL);
}

/*
 * IKEv1's quick mode initiator installs the SAs of a new CHILD_SA on the
 * second message and sends with the outbound one at once, but the responder
 * keys its inbound SA only on the third: ESP that overtakes that message is
 * dropped there (ESP for a reservation, drop_larval). When the outbound SA
 * replaces one of the same reqid and peer (a rekey) the old one can carry
 * the traffic a little longer: the NEW_SA goes to the module switch_ms
 * later, and the DEL_SA of the old outbound SA (charon's remove_outbound,
 * right after) only after it. The peer keeps the old inbound SA 5 s
 * (end_rekeyed). A first CHILD_SA has nothing to wait with.
 */
static bool switch_later(struct cmap_ipsec *this, struct nlmsghdr *req,
			 uint32_t spi, uint32_t peer, uint32_t reqid)
{
	struct cmap_defer_req d = {
		.spi = spi, .peer = peer, .reqid = reqid, .new_sa = true,
	};
	bool ok;

	if (!this->switch_ms || this->switch_timer < 0 ||
	    !cmap_state_sa_has_out(this->st, reqid, peer))
		return false;
	d.due_ms = now_ms() + this->switch_ms;
	d.len = req->nlmsg_len;
	memcpy(d.req, req, d.len);
	ok = cmap_defer_add(this->defer, &d);
	explicit_bzero(&d, sizeof(d));
	if (!ok)
		return false;
	explicit_bzero(req, req->nlmsg_len);
	arm_switch_timer(this);
	return true;
}

/* del_sa of an outbound SA: if its NEW_SA is still deferred, it is
 * cancelled; if the NEW_SA of its successor is, its DEL_SA waits for it. */
static bool del_out_later(struct cmap_ipsec *this, const struct cmap_sa_rec *r)
{
	struct cmap_defer_req d = { .spi = ntohl(r->spi), .peer = r->peer,
				    .reqid = r->reqid };
	struct nlmsghdr *req;
	bool ok;

	if (cmap_defer_cancel(this->defer, ntohl(r->spi), r->peer)) {
		CMAP_DBG1("del_sa out spi %08x -> ok (its switch was still "
			  "pending: never installed)", ntohl(r->spi));
		return true;
	}
	d.due_ms = cmap_defer_new_due(this->defer, r->reqid, r->peer);
	if (!d.due_ms)
		return false;
	req = cmap_nl_req(this->nl, d.req, CMAP_CMD_DEL_SA, 0);
	put_key(req, r);
	d.len = req->nlmsg_len;
	ok = cmap_defer_add(this->defer, &d);
	if (ok)
		CMAP_DBG1("del_sa out spi %08x -> once its successor has taken "
			  "over", ntohl(r->spi));
	return ok;
}

/* The switch timer: the deferred requests that are due, in order. */
static bool run_deferred(void *data, int fd, watcher_event_t event)
{
	struct cmap_ipsec *this = data;
	struct pick_u32 conn = { .type = CMAP_SA_A_CONN_ID };
	struct cmap_defer_req d;
	struct cmap_sa_rec r;
	uint64_t expirations;
	char ext[256];
	int err;

	(void)event;
	if (read(fd, &expirations, sizeof(expirations)) < 0)
		return true;
	while (cmap_defer_take(this->defer, now_ms(), &d)) {
		conn.value = 0;
		err = cmap_nl_talk(this->nl, (struct nlmsghdr *)d.req,
				   d.new_sa ? pick_u32_cb : NULL, &conn, ext,
				   sizeof(ext));
		if (!d.new_sa) {
			CMAP_DBG1("del_sa out spi %08x, replaced: %s", d.spi,
				  err ? errstr(err, ext) : "ok");
		} else if (!err) {
			CMAP_DBG1("add_sa out spi %08x takes over -> conn-id %u",
				  d.spi, conn.value);
		} else {
			/* charon thinks it installed: it must renegotiate */
			CMAP_DBG0("add_sa out spi %08x: NEW_SA: %s; charon "
				  "deletes the CHILD_SA", d.spi,
				  errstr(err, ext));
			if (cmap_state_sa_by_key(this->st, CMAP_SA_DIR_OUT,
						 htonl(d.spi), d.peer, true, &r))
				tell_expire(&r, true);
		}
		explicit_bzero(&d, sizeof(d));
	}
	arm_switch_timer(this);
	return true;
}

static status_t add_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
		       kernel_ipsec_add_sa_t *data)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	char buf[CMAP_NL_REQ_SIZE], ext[256], fl[160], p[INET_ADDRSTRLEN];
	bool in = data->inbound;
	uint32_t spi = ntohl(id->spi), peer, local, window;
	struct pick_u32 conn = { .type = CMAP_SA_A_CONN_ID };
	const char *dir = in ? "in" : "out", *why = NULL;
	traffic_selector_t *sts, *dts;
	struct cmap_sa_rec r = { 0 };
	struct cmap_match m;
	struct cmap_flow f;
	struct xform x;
	struct nlmsghdr *req;
	struct nlattr *nest;
	bool deferred;
	int err;

	why = sa_refusal(id, data);
	if (!why && (!host4(in ? id->src : id->dst, &peer) ||
		     !host4(in ? id->dst : id->src, &local)))
		why = "IPv6 (cryptomap is IPv4 only)";
	sts = ts_single(data->src_ts);
	dts = ts_single(data->dst_ts);
	if (!why && (!sts || !dts))
		why = "more than one selector pair (one access-list line per SA)";
	if (!why && !ts_flow(in ? dts : sts, in ? sts : dts, &f))
		why = "selectors that are not IPv4 ranges of one protocol";
	if (!why && (!is_prefix(f.src_lo, f.src_hi) ||
		     !is_prefix(f.dst_lo, f.dst_hi)))
		why = "selectors that are not subnets";
	if (!why)
		map_xform(data, &x, &why);
	if (why) {
		CMAP_DBG0("add_sa %s spi %08x: cryptomap cannot take %s; "
			  "refusing the SA", dir, spi, why);
		return NOT_SUPPORTED;
	}
	err = cmap_cfg_find(this->cfg, peer, &f, &m);
	if (err) {
		CMAP_DBG0("add_sa %s spi %08x peer %s: %s %s", dir, spi,
			  ip4_str(peer, p), cmap_flow_str(&f, fl, sizeof(fl)),
			  err == -ENOENT ? "is no permit line of an ipsec-isakmp "
			  "entry with this peer in the running crypto map "
			  "configuration: refusing the SA" :
			  errstr(err, "reading the configuration"));
		return FAILED;
	}
	if (!m.exact)
		CMAP_DBG1("add_sa %s spi %08x: %s is narrower than line %u of "
			  "access list %s; the SA carries its own selectors",
			  dir, spi, cmap_flow_str(&f, fl, sizeof(fl)), m.line,
			  m.acl);
	window = data->replay_window;
	if (window % 32 || window > CMAP_REPLAY_WINDOW_MAX) {
		uint32_t w = window > CMAP_REPLAY_WINDOW_MAX ?
			     CMAP_REPLAY_WINDOW_MAX : (window + 31) / 32 * 32;

		CMAP_DBG1("add_sa %s spi %08x: replay window %u rounded to %u",
			  dir, spi, window, w);
		window = w;
	}
	if (data->esn && !window)
		window = 32;
	if (data->lifetime && data->lifetime->packets.life)
		CMAP_DBG1("add_sa %s spi %08x: packet limits are not "
			  "supported, only time and volume", dir, spi);

	req = cmap_nl_req(this->nl, buf, CMAP_CMD_NEW_SA, 0);
	nest = mnl_attr_nest_start(req, CMAP_A_SA);
	mnl_attr_put_u8(req, CMAP_SA_A_DIR, in ? CMAP_SA_DIR_IN : CMAP_SA_DIR_OUT);
	mnl_attr_put_u32(req, CMAP_SA_A_SPI, spi);
	mnl_attr_put(req, CMAP_SA_A_PEER, 4, &peer);
	mnl_attr_put(req, CMAP_SA_A_LOCAL, 4, &local);
	mnl_attr_put_u32(req, CMAP_SA_A_ENTRY_ID, m.entry_id);
	mnl_attr_put_u32(req, CMAP_SA_A_LINE, m.line);
	mnl_attr_put_u16(req, CMAP_SA_A_CIPHER, x.cipher);
	mnl_attr_put_u16(req, CMAP_SA_A_KEYBITS, x.keybits);
	mnl_attr_put_u16(req, CMAP_SA_A_AUTH, x.auth);
	mnl_attr_put_u8(req, CMAP_SA_A_MODE, x.mode);
	if (data->enc_key.len)
		mnl_attr_put(req, CMAP_SA_A_ENC_KEY, data->enc_key.len,
			     data->enc_key.ptr);
	if (x.auth != CMAP_AUTH_NONE)
		mnl_attr_put(req, CMAP_SA_A_AUTH_KEY, data->int_key.len,
			     data->int_key.ptr);
	mnl_attr_put_u32(req, CMAP_SA_A_FLAGS, data->esn ? CMAP_SA_F_ESN : 0);
	mnl_attr_put_u32(req, CMAP_SA_A_REPLAY_WINDOW, window);
	if (!m.exact)
		put_sel(req, &f, in);
	put_lifetimes(req, data->lifetime);
	mnl_attr_nest_end(req, nest);
	deferred = !in && switch_later(this, req, spi, peer, data->reqid);
	err = deferred ? 0 : cmap_nl_talk(this->nl, req, pick_u32_cb, &conn,
					  ext, sizeof(ext));
	if (err) {
		CMAP_DBG0("add_sa %s spi %08x peer %s (map %s %u, access list "
			  "%s line %u): NEW_SA: %s", dir, spi, ip4_str(peer, p),
			  m.map, m.entry_seq, m.acl, m.line, errstr(err, ext));
		return FAILED;
	}
	r.spi = id->spi;
	r.dst = in ? local : peer;
	r.peer = peer;
	r.dir = in ? CMAP_SA_DIR_IN : CMAP_SA_DIR_OUT;
	r.reqid = data->reqid;
	if (!in)
		r.pair = cmap_state_sa_newest_in(this->st, r.reqid, peer);
	r.added = __atomic_add_fetch(&this->added, 1, __ATOMIC_RELAXED);
	cmap_state_sa_put(this->st, &r);
	CMAP_DBG1("add_sa %s spi %08x peer %s reqid %u: map %s %u (entry %u) "
		  "access list %s line %u, %s %u-bit/%s, lifetime %" PRIu64
		  "/%" PRIu64 " s -> %s %u", dir, spi, ip4_str(peer, p),
		  data->reqid, m.map, m.entry_seq, m.entry_id, m.acl, m.line,
		  cmap_fmt_enum(encryption_algorithm_names, data->enc_alg,
				&(struct cmap_fmt_buf){ { 0 } }),
		  x.keybits,
		  cmap_fmt_enum(integrity_algorithm_names, data->int_alg,
				&(struct cmap_fmt_buf){ { 0 } }),
		  data->lifetime ? data->lifetime->time.rekey : 0,
		  data->lifetime ? data->lifetime->time.life : 0,
		  deferred ? "takes over in ms" : "conn-id",
		  deferred ? this->switch_ms : conn.value);
	return SUCCESS;
}

static status_t update_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			  kernel_ipsec_update_sa_t *data)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	uint32_t src, dst, nsrc, ndst;
	struct cmap_sa_rec r;

	/* a new reqid alone changes nothing the module knows */
	if (host4(id->src, &src) && host4(id->dst, &dst) &&
	    host4(data->new_src, &nsrc) && host4(data->new_dst, &ndst) &&
	    src == nsrc && dst == ndst && data->encap == data->new_encap &&
	    !data->new_encap) {
		if (data->new_reqid &&
		    cmap_state_sa_get(this->st, id->spi, dst, false, &r)) {
			r.reqid = data->new_reqid;
			cmap_state_sa_put(this->st, &r);
		}
		return SUCCESS;
	}
	CMAP_DBG1("update_sa spi %08x: the module cannot move an SA to other "
		  "addresses or UDP encapsulation (MOBIKE, NAT-T) -> not "
		  "supported", ntohl(id->spi));
	return NOT_SUPPORTED;
}

/* The module's key of the SA charon names by (spi, dst). */
static bool sa_key(struct cmap_ipsec *this, kernel_ipsec_sa_id_t *id,
		   struct cmap_sa_rec *r, bool remove)
{
	uint32_t dst;

	return host4(id->dst, &dst) &&
	       cmap_state_sa_get(this->st, id->spi, dst, remove, r);
}

/* The SA's key inside an open CMAP_A_SA nest. */
static void put_key_attrs(struct nlmsghdr *req, const struct cmap_sa_rec *r)
{
	mnl_attr_put_u8(req, CMAP_SA_A_DIR, r->dir);
	mnl_attr_put_u32(req, CMAP_SA_A_SPI, ntohl(r->spi));
	if (r->dir == CMAP_SA_DIR_OUT)
		mnl_attr_put(req, CMAP_SA_A_PEER, 4, &r->peer);
}

static void put_key(struct nlmsghdr *req, const struct cmap_sa_rec *r)
{
	struct nlattr *nest = mnl_attr_nest_start(req, CMAP_A_SA);

	put_key_attrs(req, r);
	mnl_attr_nest_end(req, nest);
}

struct counters {
	uint64_t bytes, encaps, decaps;
	bool found;
};

static void counters_attr(const struct nlattr *x, void *arg)
{
	struct counters *c = arg;
	const struct nlattr *y;

	if (mnl_attr_get_type(x) != CMAP_SA_A_COUNTERS)
		return;
	c->found = true;
	mnl_attr_for_each_nested(y, x) {
		if (mnl_attr_validate(y, MNL_TYPE_U64))
			continue;
		if (mnl_attr_get_type(y) == CMAP_SA_CTR_A_BYTES)
			c->bytes = mnl_attr_get_u64(y);
		else if (mnl_attr_get_type(y) == CMAP_SA_CTR_A_ENCAPS)
			c->encaps = mnl_attr_get_u64(y);
		else if (mnl_attr_get_type(y) == CMAP_SA_CTR_A_DECAPS)
			c->decaps = mnl_attr_get_u64(y);
	}
}

static int counters_cb(const struct nlmsghdr *nlh, void *arg)
{
	cmap_nl_nested(nlh, CMAP_A_SA, counters_attr, arg);
	return 0;
}

/*
 * Bytes (inner, as the module counts them for the KB lifetime) and packets
 * (encapsulated or decapsulated). The module keeps no time of last use: we
 * report the time of this query when the SA has carried anything, which
 * charon keeps only if the bytes grew since its previous query: the last
 * use is thus known to the interval between charon's queries.
 */
static status_t query_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			 kernel_ipsec_query_sa_t *data, uint64_t *bytes,
			 uint64_t *packets, time_t *time)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	char buf[CMAP_NL_REQ_SIZE], ext[256];
	struct counters c = { 0 };
	struct cmap_sa_rec r;
	struct nlmsghdr *req;
	int err;

	(void)data;
	if (!sa_key(this, id, &r, false) || r.larval || r.gone)
		return NOT_FOUND;
	req = cmap_nl_req(this->nl, buf, CMAP_CMD_GET_SA, 0);
	put_key(req, &r);
	err = cmap_nl_talk(this->nl, req, counters_cb, &c, ext, sizeof(ext));
	if (err || !c.found) {
		CMAP_DBG2("query_sa spi %08x: GET_SA: %s", ntohl(id->spi),
			  errstr(err ? err : -ENOENT, ext));
		return err == -ENOENT || !err ? NOT_FOUND : FAILED;
	}
	if (bytes)
		*bytes = c.bytes;
	if (packets)
		*packets = r.dir == CMAP_SA_DIR_IN ? c.decaps : c.encaps;
	if (time)
		*time = (c.encaps || c.decaps) ? time_monotonic(NULL) : 0;
	return SUCCESS;
}

struct pick_u64 {
	uint16_t type;
	bool found;
	uint64_t value;
};

static void pick_u64_attr(const struct nlattr *a, void *arg)
{
	struct pick_u64 *p = arg;

	if (mnl_attr_get_type(a) == p->type &&
	    !mnl_attr_validate(a, MNL_TYPE_U64)) {
		p->value = mnl_attr_get_u64(a);
		p->found = true;
	}
}

static int pick_u64_cb(const struct nlmsghdr *nlh, void *arg)
{
	cmap_nl_nested(nlh, CMAP_A_SA, pick_u64_attr, arg);
	return 0;
}

/*
 * IKEv1 (charon 5.9.8, without charon.delete_rekeyed) keeps a rekeyed
 * CHILD_SA, and its inbound SA, until it expires: an hour with the IOS
 * defaults, and one more SA pair per rekey meanwhile. charon.delete_rekeyed
 * would delete it at once, but its DELETE can overtake the third quick mode
 * message, and the peer then deletes the CHILD_SA it still uses. So when
 * charon removes the outbound SA of a CHILD_SA it rekeyed (the inbound SA
 * of that CHILD_SA is still there and a newer one of the same reqid
 * exists), its inbound SA gets a hard lifetime of rekeyed_secs from now:
 * ESP the peer sent before it switched is still taken, then the module's
 * hard expiry makes charon delete the CHILD_SA and tell the peer.
 */
static void end_rekeyed(struct cmap_ipsec *this, const struct cmap_sa_rec *o)
{
	char buf[CMAP_NL_REQ_SIZE], ext[256];
	struct pick_u64 age = { .type = CMAP_SA_A_AGE };
	struct cmap_sa_rec in;
	struct nlmsghdr *req;
	struct nlattr *nest;
	uint64_t hard;
	int err;

	if (!this->rekeyed_secs || !cmap_state_sa_rekeyed_in(this->st, o, &in))
		return;
	req = cmap_nl_req(this->nl, buf, CMAP_CMD_GET_SA, 0);
	put_key(req, &in);
	err = cmap_nl_talk(this->nl, req, pick_u64_cb, &age, ext, sizeof(ext));
	if (!err && !age.found)
		err = -ENOENT;
	if (!err) {
		hard = age.value + this->rekeyed_secs;
		req = cmap_nl_req(this->nl, buf, CMAP_CMD_UPD_SA, 0);
		nest = mnl_attr_nest_start(req, CMAP_A_SA);
		put_key_attrs(req, &in);
		/* no soft expiry: charon rekeys no rekeyed CHILD_SA */
		mnl_attr_put_u32(req, CMAP_SA_A_SOFT_SECS, 0);
		mnl_attr_put_u32(req, CMAP_SA_A_HARD_SECS,
				 hard > UINT32_MAX ? UINT32_MAX : (uint32_t)hard);
		mnl_attr_put_u64(req, CMAP_SA_A_SOFT_KB, 0);
		mnl_attr_put_u64(req, CMAP_SA_A_HARD_KB, 0);
		mnl_attr_nest_end(req, nest);
		err = cmap_nl_talk(this->nl, req, NULL, NULL, ext, sizeof(ext));
	}
	if (err)
		CMAP_DBG1("rekeyed in spi %08x: UPD_SA: %s; it stays until it "
			  "expires", ntohl(in.spi), errstr(err, ext));
	else
		CMAP_DBG1("rekeyed in spi %08x reqid %u: ends in %u s (hard "
			  "lifetime %" PRIu64 " s)", ntohl(in.spi), in.reqid,
			  this->rekeyed_secs, hard);
}

static status_t del_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
		       kernel_ipsec_del_sa_t *data)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	char buf[CMAP_NL_REQ_SIZE], ext[256];
	struct cmap_sa_rec r;
	struct nlmsghdr *req;
	int err;

	(void)data;
	if (!sa_key(this, id, &r, true)) {
		CMAP_DBG1("del_sa spi %08x: not an SA of this charon -> not "
			  "found", ntohl(id->spi));
		return NOT_FOUND;
	}
	if (r.dir == CMAP_SA_DIR_OUT && !r.larval && !r.gone &&
	    del_out_later(this, &r)) {
		end_rekeyed(this, &r);
		return SUCCESS;
	}
	req = cmap_nl_req(this->nl, buf, CMAP_CMD_DEL_SA, 0);
	put_key(req, &r);
	err = cmap_nl_talk(this->nl, req, NULL, NULL, ext, sizeof(ext));
	if (err == -ENOENT && (r.gone || r.larval))
		err = 0;	/* expired, flushed, or reservation lapsed */
	if (err) {
		CMAP_DBG1("del_sa %s spi %08x: DEL_SA: %s",
			  r.dir == CMAP_SA_DIR_IN ? "in" : "out",
			  ntohl(id->spi), errstr(err, ext));
		return err == -ENOENT ? NOT_FOUND : FAILED;
	}
	CMAP_DBG1("del_sa %s spi %08x -> ok%s",
		  r.dir == CMAP_SA_DIR_IN ? "in" : "out", ntohl(id->spi),
		  r.larval ? " (reservation)" : r.gone ? " (already gone)" : "");
	if (r.dir == CMAP_SA_DIR_OUT)
		end_rekeyed(this, &r);
	return SUCCESS;
}

static void collect_resume(struct cmap_ipsec *this, const uint32_t *ids,
			   int n);

/* FLUSH_SA of every ipsec-isakmp entry: the SAs IKE made. Manually keyed
 * SAs (ipsec-manual entries, cmapctl's) stay. With @resume, the lines that
 * had outbound SAs are remembered for renegotiation first. How many SAs
 * went, or -errno. */
static int flush_isakmp(struct cmap_ipsec *this, bool resume)
{
	char buf[CMAP_NL_REQ_SIZE], ext[256];
	struct pick_u32 count = { .type = CMAP_SA_A_COUNT };
	uint32_t *ids;
	int n, i, err = 0;

	n = cmap_cfg_isakmp_entries(this->cfg, &ids);
	if (n < 0)
		return n;
	if (resume)
		collect_resume(this, ids, n);
	for (i = 0; i < n && !err; i++) {
		struct nlmsghdr *req = cmap_nl_req(this->nl, buf,
						   CMAP_CMD_FLUSH_SA, 0);
		struct nlattr *nest = mnl_attr_nest_start(req, CMAP_A_SA);

		mnl_attr_put_u32(req, CMAP_SA_A_ENTRY_ID, ids[i]);
		mnl_attr_nest_end(req, nest);
		err = cmap_nl_talk(this->nl, req, pick_u32_cb, &count, ext,
				   sizeof(ext));
	}
	free(ids);
	if (err) {
		CMAP_DBG1("FLUSH_SA: %s", errstr(err, ext));
		return err;
	}
	return (int)count.value;
}

static status_t flush_sas(kernel_ipsec_t *self)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	int n;

	/* first forget them: the module's deletion events are not news */
	cmap_state_sa_clear(this->st);
	cmap_defer_flush(this->defer);
	n = flush_isakmp(this, false);
	CMAP_DBG1("flush_sas: %d SAs of ipsec-isakmp entries -> %s",
		  n < 0 ? 0 : n, n < 0 ? "failed" : "ok");
	return n < 0 ? FAILED : SUCCESS;
}

/* --- policies ------------------------------------------------------------------- */

static const char *policy_type_name(policy_type_t t)
{
	switch (t) {
	case POLICY_IPSEC: return "IPSEC";
	case POLICY_PASS: return "PASS";
	case POLICY_DROP: return "DROP";
	}
	return "?";
}

static const char *policy_prio_name(policy_priority_t p)
{
	switch (p) {
	case POLICY_PRIORITY_PASS: return "PASS";
	case POLICY_PRIORITY_DEFAULT: return "DEFAULT";
	case POLICY_PRIORITY_ROUTED: return "ROUTED";
	case POLICY_PRIORITY_FALLBACK: return "FALLBACK";
	}
	return "?";
}

/* "<what> <dir> <src_ts> === <dst_ts> ...": one line, so that a test can
 * match a policy by its selectors. */
static void log_policy(const char *what, kernel_ipsec_policy_id_t *id,
		       kernel_ipsec_manage_policy_t *data, status_t result)
{
	struct cmap_fmt_buf dir, st, dt, s, d;
	ipsec_sa_cfg_t *sa = data ? data->sa : NULL;

	CMAP_DBG2("%s %s %s === %s type %s prio %s %s -> %s reqid %u -> %s",
		  what, cmap_fmt_enum(policy_dir_names, id->dir, &dir),
		  cmap_fmt_ts(id->src_ts, &st), cmap_fmt_ts(id->dst_ts, &dt),
		  data ? policy_type_name(data->type) : "-",
		  data ? policy_prio_name(data->prio) : "-",
		  data ? cmap_fmt_host(data->src, &s) : "-",
		  data ? cmap_fmt_host(data->dst, &d) : "-",
		  sa ? sa->reqid : 0, status_name(result));
}

/* The flow and peer of an outbound policy; false for anything else. */
static bool policy_flow(kernel_ipsec_policy_id_t *id,
			kernel_ipsec_manage_policy_t *data,
			struct cmap_flow *f, uint32_t *peer)
{
	return id->dir == POLICY_OUT && data && data->type == POLICY_IPSEC &&
	       data->sa && host4(data->dst, peer) &&
	       ts_flow(id->src_ts, id->dst_ts, f);
}

static status_t add_policy(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	char fl[160], p[INET_ADDRSTRLEN];
	struct cmap_match m;
	struct cmap_flow f;
	uint32_t peer;
	int err;

	log_policy("add_policy", id, data, SUCCESS);
	if (!policy_flow(id, data, &f, &peer))
		return SUCCESS;	/* in/fwd mirror out; pass/drop: the ACL rules */
	err = cmap_cfg_find(this->cfg, peer, &f, &m);
	if (err == -ENOENT) {
		CMAP_DBG0("WARNING: charon's CHILD_SA selectors %s to peer %s "
			  "(reqid %u) are no permit line of an ipsec-isakmp "
			  "crypto map entry with that peer in the running "
			  "configuration: the module will never send this "
			  "traffic to it (an access list that does not mirror "
			  "the peer's, or charon's configuration is not the "
			  "module's)", cmap_flow_str(&f, fl, sizeof(fl)),
			  ip4_str(peer, p), data->sa->reqid);
	} else if (err) {
		CMAP_DBG0("add_policy: reading the crypto map configuration: "
			  "%s", errstr(err, NULL));
	} else {
		CMAP_DBG2("add_policy %s to %s: map %s %u access list %s "
			  "line %u%s", cmap_flow_str(&f, fl, sizeof(fl)),
			  ip4_str(peer, p), m.map, m.entry_seq, m.acl, m.line,
			  m.exact ? "" : " (within)");
	}
	if (data->prio == POLICY_PRIORITY_ROUTED) {
		cmap_state_trap_add(this->st, data->sa->reqid, peer, &f);
		if (this->timer >= 0) {
			struct itimerspec when = {
				.it_value.tv_sec = RESUME_DELAY_SECS,
			};

			timerfd_settime(this->timer, 0, &when, NULL);
		}
		CMAP_DBG1("trap reqid %u: %s to %s%s", data->sa->reqid,
			  cmap_flow_str(&f, fl, sizeof(fl)), ip4_str(peer, p),
			  err ? " (matches no crypto map line)" : "");
	}
	return SUCCESS;
}

/*
 * The last use of an outbound policy: the module counts packets per
 * access-list line (GET_HITS); the time is when a query first saw the count
 * grow. Inbound use has no per-line count: not found.
 */
static status_t query_policy(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			     kernel_ipsec_query_policy_t *data, time_t *use_time)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	struct cmap_match m;
	struct cmap_flow f;
	uint64_t hits;
	time_t used;

	(void)data;
	if (id->dir != POLICY_OUT || !ts_flow(id->src_ts, id->dst_ts, &f) ||
	    cmap_cfg_find(this->cfg, 0, &f, &m) ||
	    cmap_cfg_line_hits(this->cfg, m.entry_id, m.line, &hits))
		return NOT_FOUND;
	used = cmap_state_line_used(this->st, m.entry_id, m.line, hits,
				    time_monotonic(NULL));
	if (!used)
		return NOT_FOUND;
	*use_time = used;
	return SUCCESS;
}

static status_t del_policy(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;
	struct cmap_flow f;
	uint32_t peer;

	log_policy("del_policy", id, data, SUCCESS);
	if (policy_flow(id, data, &f, &peer) &&
	    data->prio == POLICY_PRIORITY_ROUTED)
		cmap_state_trap_del(this->st, data->sa->reqid, peer, &f);
	return SUCCESS;
}

static status_t flush_policies(kernel_ipsec_t *self)
{
	(void)self;
	CMAP_DBG1("flush_policies: the crypto maps are the policy -> ok");
	return SUCCESS;
}

/*
 * kernel-netlink must attach a per-socket XFRM bypass policy to charon's IKE
 * sockets, because an XFRM policy with wide selectors would otherwise capture
 * IKE itself. The module never classifies locally generated UDP to or from
 * port 500 or 4500 (uapi header, "Security associations"), as IOS never
 * encrypts its own ISAKMP: the bypass is implicit.
 */
static bool bypass_socket(kernel_ipsec_t *self, int fd, int family)
{
	(void)self;
	CMAP_DBG2("bypass_socket fd %d family %d -> implicit", fd, family);
	return true;
}

/*
 * XFRM decapsulates ESP-in-UDP (NAT-T) on sockets marked UDP_ENCAP; the
 * module has no NAT-T, so there is nothing to enable. add_sa refuses encap,
 * so a NAT-T SA fails visibly instead of silently dropping traffic.
 */
static bool enable_udp_decap(kernel_ipsec_t *self, int fd, int family,
			     uint16_t port)
{
	(void)self;
	CMAP_DBG2("enable_udp_decap fd %d family %d port %u -> nothing to do",
		  fd, family, port);
	return true;
}

/* --- events ------------------------------------------------------------------------- */

struct acq {
	uint32_t entry_id, line, peer, src, dst;	/* addresses: network order */
	uint8_t proto;
	uint16_t sport, dport;
	bool has_ports, has_peer;
	char map[CMAP_NAME_MAX];
	uint16_t entry_seq;
};

static void acq_parse(const struct nlattr *nest, struct acq *q)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case CMAP_ACQ_A_ENTRY_ID:
			if (!mnl_attr_validate(a, MNL_TYPE_U32))
				q->entry_id = mnl_attr_get_u32(a);
			break;
		case CMAP_ACQ_A_LINE:
			if (!mnl_attr_validate(a, MNL_TYPE_U32))
				q->line = mnl_attr_get_u32(a);
			break;
		case CMAP_ACQ_A_MAP:
			if (!mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
				snprintf(q->map, sizeof(q->map), "%s",
					 mnl_attr_get_str(a));
			break;
		case CMAP_ACQ_A_ENTRY_SEQ:
			if (!mnl_attr_validate(a, MNL_TYPE_U16))
				q->entry_seq = mnl_attr_get_u16(a);
			break;
		case CMAP_ACQ_A_PEER:
			if (!mnl_attr_validate(a, MNL_TYPE_U32)) {
				memcpy(&q->peer, mnl_attr_get_payload(a), 4);
				q->has_peer = true;
			}
			break;
		case CMAP_ACQ_A_SRC:
			if (!mnl_attr_validate(a, MNL_TYPE_U32))
				memcpy(&q->src, mnl_attr_get_payload(a), 4);
			break;
		case CMAP_ACQ_A_DST:
			if (!mnl_attr_validate(a, MNL_TYPE_U32))
				memcpy(&q->dst, mnl_attr_get_payload(a), 4);
			break;
		case CMAP_ACQ_A_PROTO:
			if (!mnl_attr_validate(a, MNL_TYPE_U8))
				q->proto = mnl_attr_get_u8(a);
			break;
		case CMAP_ACQ_A_SPORT:
			if (!mnl_attr_validate(a, MNL_TYPE_U16)) {
				q->sport = mnl_attr_get_u16(a);
				q->has_ports = true;
			}
			break;
		case CMAP_ACQ_A_DPORT:
			if (!mnl_attr_validate(a, MNL_TYPE_U16))
				q->dport = mnl_attr_get_u16(a);
			break;
		}
	}
}

/* The packet's address, protocol and port as a host selector. */
static traffic_selector_t *packet_ts(uint32_t addr, uint8_t proto, bool ports,
				     uint16_t port)
{
	chunk_t a = { (unsigned char *)&addr, 4 };

	return traffic_selector_create_from_bytes(proto, TS_IPV4_ADDR_RANGE,
						  a, ports ? port : 0, a,
						  ports ? port : 65535);
}

/*
 * A permit line matched and its entry has no outbound SA: find charon's
 * trap for that line and peer (else one whose selectors hold the packet)
 * and hand charon its reqid with the packet's selectors, as kernel-netlink
 * does for XFRM's acquire.
 */
static void ev_acquire(struct cmap_ipsec *this, const struct nlattr *nest)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN];
	kernel_acquire_data_t data = { 0 };
	struct acq q = { 0 };
	struct cmap_match m;
	struct cmap_flow pkt;
	uint32_t reqid;
	bool line_ok;

	acq_parse(nest, &q);
	memset(&pkt, 0, sizeof(pkt));
	pkt.src_lo = pkt.src_hi = ntohl(q.src);
	pkt.dst_lo = pkt.dst_hi = ntohl(q.dst);
	pkt.proto = q.proto;
	pkt.sp_lo = q.has_ports ? q.sport : 0;
	pkt.sp_hi = q.has_ports ? q.sport : 65535;
	pkt.dp_lo = q.has_ports ? q.dport : 0;
	pkt.dp_hi = q.has_ports ? q.dport : 65535;
	if (q.proto == 1) {	/* no type/code in the event: any */
		pkt.sp_lo = pkt.dp_lo = 0;
		pkt.sp_hi = pkt.dp_hi = 65535;
	}
	line_ok = !cmap_cfg_line(this->cfg, q.entry_id, q.line, &m);
	if (!q.has_peer ||
	    !cmap_state_trap_find(this->st, q.peer, line_ok ? &m.line_flow : NULL,
				  &pkt, &reqid)) {
		CMAP_DBG1("acquire %s -> %s proto %u (map %s %u, line %u, peer "
			  "%s): charon has no trap for it", ip4_str(q.src, s),
			  ip4_str(q.dst, d), q.proto, q.map, q.entry_seq, q.line,
			  q.has_peer ? ip4_str(q.peer, p) : "none");
		return;
	}
	CMAP_DBG1("acquire %s -> %s proto %u (map %s %u, line %u, peer %s) "
		  "-> reqid %u", ip4_str(q.src, s), ip4_str(q.dst, d), q.proto,
		  q.map, q.entry_seq, q.line, ip4_str(q.peer, p), reqid);
	data.src = packet_ts(q.src, q.proto, q.has_ports, q.sport);
	data.dst = packet_ts(q.dst, q.proto, q.has_ports, q.dport);
	charon->kernel->acquire(charon->kernel, reqid, &data);
	if (data.src)
		data.src->destroy(data.src);
	if (data.dst)
		data.dst->destroy(data.dst);
}

struct ev_sa {
	uint8_t dir, reason;
	uint32_t spi, peer, local;	/* spi host order; addresses network */
	bool hard, has_local, has_reason;
};

static void ev_sa_parse(const struct nlattr *nest, struct ev_sa *e)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case CMAP_SA_A_DIR:
			if (!mnl_attr_validate(a, MNL_TYPE_U8))
				e->dir = mnl_attr_get_u8(a);
			break;
		case CMAP_SA_A_SPI:
			if (!mnl_attr_validate(a, MNL_TYPE_U32))
				e->spi = mnl_attr_get_u32(a);
			break;
		case CMAP_SA_A_PEER:
			if (!mnl_attr_validate(a, MNL_TYPE_U32))
				memcpy(&e->peer, mnl_attr_get_payload(a), 4);
			break;
		case CMAP_SA_A_LOCAL:
			if (!mnl_attr_validate(a, MNL_TYPE_U32)) {
				memcpy(&e->local, mnl_attr_get_payload(a), 4);
				e->has_local = true;
			}
			break;
		case CMAP_SA_A_HARD:
			e->hard = true;
			break;
		case CMAP_SA_A_REASON:
			if (!mnl_attr_validate(a, MNL_TYPE_U8)) {
				e->reason = mnl_attr_get_u8(a);
				e->has_reason = true;
			}
			break;
		}
	}
}

/* charon's expire for one of its SAs: it rekeys (soft) or deletes (hard). */
static void tell_expire(const struct cmap_sa_rec *r, bool hard)
{
	chunk_t a = { (unsigned char *)&r->dst, 4 };
	host_t *dst = host_create_from_chunk(AF_INET, a, 0);

	if (!dst)
		return;
	charon->kernel->expire(charon->kernel, IPPROTO_ESP, r->spi, dst, hard);
	dst->destroy(dst);
}

static const char *reason_name(uint8_t r)
{
	static const char *const names[] = {
		[CMAP_SA_REASON_DELETED] = "deleted",
		[CMAP_SA_REASON_FLUSH] = "flushed",
		[CMAP_SA_REASON_CONFIG] = "its crypto map entry changed",
		[CMAP_SA_REASON_EXPIRED] = "expired",
		[CMAP_SA_REASON_LARVAL] = "reservation lapsed",
		[CMAP_SA_REASON_SEQ] = "sequence numbers exhausted",
	};

	return r < sizeof(names) / sizeof(names[0]) && names[r] ? names[r] : "?";
}

static void ev_sa(struct cmap_ipsec *this, uint8_t cmd,
		  const struct nlattr *nest)
{
	struct ev_sa e = { 0 };
	struct cmap_sa_rec r;
	bool gone;

	ev_sa_parse(nest, &e);
	if (cmd == CMAP_CMD_EV_EXPIRE) {
		if (!cmap_state_sa_by_key(this->st, e.dir, htonl(e.spi), e.peer,
					  e.hard, &r) || r.larval) {
			CMAP_DBG2("%s expire of spi %08x: not an SA of this "
				  "charon", e.hard ? "hard" : "soft", e.spi);
			return;
		}
		CMAP_DBG1("%s expire of %s spi %08x -> charon %s",
			  e.hard ? "hard" : "soft",
			  e.dir == CMAP_SA_DIR_IN ? "in" : "out", e.spi,
			  e.hard ? "deletes" : "rekeys");
		tell_expire(&r, e.hard);
		return;
	}
	/* EV_SA_DELETED: ours (del_sa), expiries (told above) and lapsed
	 * reservations need nothing; an SA the module dropped because its
	 * entry changed, or that someone flushed, is dead to charon too. */
	if (!e.has_reason)
		return;
	gone = e.reason == CMAP_SA_REASON_CONFIG ||
	       e.reason == CMAP_SA_REASON_FLUSH;
	if (e.reason == CMAP_SA_REASON_LARVAL) {
		if (cmap_state_sa_by_key(this->st, e.dir, htonl(e.spi), 0, false,
					 &r) && r.larval)
			cmap_state_sa_get(this->st, r.spi, r.dst, true, &r);
		return;
	}
	if (!gone || !cmap_state_sa_by_key(this->st, e.dir, htonl(e.spi), e.peer,
					   false, &r) || r.gone || r.larval)
		return;
	cmap_state_sa_by_key(this->st, e.dir, htonl(e.spi), e.peer, true, &r);
	CMAP_DBG1("%s spi %08x deleted by the module (%s) -> charon deletes "
		  "its CHILD_SA", e.dir == CMAP_SA_DIR_IN ? "in" : "out", e.spi,
		  reason_name(e.reason));
	tell_expire(&r, true);
}

static void ev_message(struct cmap_ipsec *this, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g;
	const struct nlattr *a;

	if (nlh->nlmsg_type != cmap_nl_family(this->nl) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*g))
		return;
	g = mnl_nlmsg_get_payload(nlh);
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		if (g->cmd == CMAP_CMD_EV_ACQUIRE &&
		    mnl_attr_get_type(a) == CMAP_A_ACQUIRE)
			ev_acquire(this, a);
		else if ((g->cmd == CMAP_CMD_EV_EXPIRE ||
			  g->cmd == CMAP_CMD_EV_SA_DELETED) &&
			 mnl_attr_get_type(a) == CMAP_A_SA)
			ev_sa(this, g->cmd, a);
	}
}

/* lib->watcher calls this in a worker thread when the events socket is
 * readable; it reads what is there and keeps watching. */
static bool receive_events(void *data, int fd, watcher_event_t event)
{
	struct cmap_ipsec *this = data;
	char *buf = this->evbuf;
	struct sockaddr_nl sa;
	socklen_t salen;
	ssize_t n;

	(void)event;
	for (;;) {
		const struct nlmsghdr *nlh;
		int len;

		salen = sizeof(sa);
		n = recvfrom(fd, buf, sizeof(this->evbuf), MSG_DONTWAIT,
			     (struct sockaddr *)&sa, &salen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				CMAP_DBG0("events of cryptomap.ko were lost "
					  "(socket buffer full): acquires or "
					  "expiries may be missing");
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				CMAP_DBG1("receiving events: %s", strerror(errno));
			return true;
		}
		if (sa.nl_pid != 0)
			continue;	/* only the kernel sends events */
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len))
			ev_message(this, nlh);
	}
}

/* --- resuming the tunnels of a killed charon ---------------------------------------------- */

struct sa_info {
	uint8_t dir, state;
	uint32_t peer, entry_id, line;
};

static void sa_info_attr(const struct nlattr *a, void *arg)
{
	struct sa_info *i = arg;

	switch (mnl_attr_get_type(a)) {
	case CMAP_SA_A_DIR:
		if (!mnl_attr_validate(a, MNL_TYPE_U8))
			i->dir = mnl_attr_get_u8(a);
		break;
	case CMAP_SA_A_STATE:
		if (!mnl_attr_validate(a, MNL_TYPE_U8))
			i->state = mnl_attr_get_u8(a);
		break;
	case CMAP_SA_A_PEER:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			memcpy(&i->peer, mnl_attr_get_payload(a), 4);
		break;
	case CMAP_SA_A_ENTRY_ID:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			i->entry_id = mnl_attr_get_u32(a);
		break;
	case CMAP_SA_A_LINE:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			i->line = mnl_attr_get_u32(a);
		break;
	}
}

struct sa_infos {
	struct sa_info *v;
	size_t n, cap;
};

static int sa_infos_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct sa_infos *l = arg;
	struct sa_info i = { 0 };

	cmap_nl_nested(nlh, CMAP_A_SA, sa_info_attr, &i);
	if (i.dir != CMAP_SA_DIR_OUT || !i.line || !i.peer ||
	    (i.state != CMAP_SA_MATURE && i.state != CMAP_SA_DYING))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct sa_info *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = i;
	return 0;
}

/*
 * Before the flush of a killed charon's SAs: the lines that had outbound
 * SAs of ipsec-isakmp entries, to renegotiate once charon has its traps.
 * The peers would go on sending with SAs we no longer have, and IKEv1
 * without DPD would not tell them; a new IKE SA from us carries
 * INITIAL_CONTACT, which makes them drop the old ones.
 */
static void collect_resume(struct cmap_ipsec *this, const uint32_t *ids, int n)
{
	char buf[CMAP_NL_REQ_SIZE], fl[160], p[INET_ADDRSTRLEN];
	struct sa_infos l = { 0 };
	struct cmap_match m;
	struct nlmsghdr *req;
	struct nlattr *nest;
	size_t i;
	int j;

	req = cmap_nl_req(this->nl, buf, CMAP_CMD_GET_SA, 1);
	nest = mnl_attr_nest_start(req, CMAP_A_SA);
	mnl_attr_put_u8(req, CMAP_SA_A_DIR, CMAP_SA_DIR_OUT);
	mnl_attr_nest_end(req, nest);
	if (cmap_nl_talk(this->nl, req, sa_infos_cb, &l, NULL, 0))
		l.n = 0;
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < n && ids[j] != l.v[i].entry_id; j++)
			;
		if (j == n || cmap_cfg_line(this->cfg, l.v[i].entry_id,
					    l.v[i].line, &m))
			continue;
		cmap_state_resume_add(this->st, l.v[i].peer, &m.line_flow,
				      time_monotonic(NULL));
		CMAP_DBG1("the tunnel to %s for %s (map %s %u, line %u) had "
			  "SAs: renegotiating it once charon has its trap",
			  ip4_str(l.v[i].peer, p),
			  cmap_flow_str(&m.line_flow, fl, sizeof(fl)), m.map,
			  m.entry_seq, m.line);
	}
	free(l.v);
}

/* The timer: acquires for the tunnels whose traps charon now has. */
static bool resume_tunnels(void *data, int fd, watcher_event_t event)
{
	struct cmap_ipsec *this = data;
	uint32_t reqids[RESUME_BATCH];
	kernel_acquire_data_t acq = { 0 };
	uint64_t expirations;
	int n, i, left;

	(void)event;
	if (read(fd, &expirations, sizeof(expirations)) < 0)
		return true;
	do {
		left = cmap_state_resume_take(this->st, reqids, RESUME_BATCH,
					      time_monotonic(NULL),
					      RESUME_MAX_AGE, &n);
		for (i = 0; i < n; i++) {
			CMAP_DBG1("renegotiating reqid %u: its SAs were flushed "
				  "with the previous charon", reqids[i]);
			charon->kernel->acquire(charon->kernel, reqids[i], &acq);
		}
	} while (n == RESUME_BATCH);
	if (left) {	/* look again later, until they are too old */
		struct itimerspec when = { .it_value.tv_sec = RESUME_DELAY_SECS };

		timerfd_settime(fd, 0, &when, NULL);
	}
	return true;
}

/* --- life cycle ------------------------------------------------------------------------- */

static void destroy(kernel_ipsec_t *self)
{
	struct cmap_ipsec *this = (struct cmap_ipsec *)self;

	if (this->events >= 0) {
		lib->watcher->remove(lib->watcher, this->events);
		close(this->events);
	}
	if (this->timer >= 0) {
		lib->watcher->remove(lib->watcher, this->timer);
		close(this->timer);
	}
	if (this->switch_timer >= 0) {
		lib->watcher->remove(lib->watcher, this->switch_timer);
		close(this->switch_timer);
	}
	cmap_defer_destroy(this->defer);
	cmap_cfg_destroy(this->cfg);
	cmap_nl_destroy(this->nl);
	cmap_state_destroy(this->st);
	free(this);
}

kernel_ipsec_t *kernel_cryptomap_ipsec_create(void)
{
	struct cmap_ipsec *this = calloc(1, sizeof(*this));
	char why[256];
	int n;

	if (!this)
		return NULL;
	this->events = -1;
	this->timer = -1;
	this->switch_timer = -1;
	this->public = (kernel_ipsec_t){
		.get_features = get_features,
		.get_spi = get_spi,
		.get_cpi = get_cpi,
		.add_sa = add_sa,
		.update_sa = update_sa,
		.query_sa = query_sa,
		.del_sa = del_sa,
		.flush_sas = flush_sas,
		.add_policy = add_policy,
		.query_policy = query_policy,
		.del_policy = del_policy,
		.flush_policies = flush_policies,
		.bypass_socket = bypass_socket,
		.enable_udp_decap = enable_udp_decap,
		.destroy = destroy,
	};
	this->spi_min = (uint32_t)lib->settings->get_int(lib->settings,
				"%s.spi_min", (int)KERNEL_SPI_MIN, lib->ns);
	this->spi_max = (uint32_t)lib->settings->get_int(lib->settings,
				"%s.spi_max", (int)KERNEL_SPI_MAX, lib->ns);
	if (this->spi_min > this->spi_max) {
		uint32_t t = this->spi_min;

		this->spi_min = this->spi_max;
		this->spi_max = t;
	}
	this->rekeyed_secs = (uint32_t)lib->settings->get_int(lib->settings,
				"%s.plugins.kernel-cryptomap.delete_rekeyed_delay",
				CMAP_REKEYED_SECS, lib->ns);
	this->switch_ms = (uint32_t)lib->settings->get_int(lib->settings,
				"%s.plugins.kernel-cryptomap.rekey_switch_delay",
				CMAP_SWITCH_MS, lib->ns);
	if (this->spi_min < CMAP_SPI_MIN)
		this->spi_min = CMAP_SPI_MIN;
	if (this->spi_max < CMAP_SPI_MIN)
		this->spi_max = CMAP_SPI_MIN;

	this->st = cmap_state_create();
	this->defer = cmap_defer_create();
	this->nl = cmap_nl_create(why, sizeof(why));
	if (!this->st || !this->defer || !this->nl) {
		CMAP_DBG0("ERROR: cannot use cryptomap.ko: %s; no IPsec "
			  "backend from kernel-cryptomap", this->nl ? "out of "
			  "memory" : why);
		goto fail;
	}
	this->cfg = cmap_cfg_create(this->nl);
	if (!this->cfg)
		goto fail;
	/* SAs of ipsec-isakmp entries that no charon knows (a charon before
	 * us was killed): nobody would rekey or delete them, and their keys
	 * are dead to the peer sooner or later. New packets renegotiate. */
	n = flush_isakmp(this, true);
	if (n < 0) {
		CMAP_DBG0("ERROR: flushing the SAs of a previous charon: %s",
			  errstr(n, NULL));
		goto fail;
	}
	this->events = cmap_nl_events_open(this->nl);
	if (this->events < 0) {
		CMAP_DBG0("ERROR: cannot subscribe to cryptomap.ko's events: "
			  "%s; no IPsec backend from kernel-cryptomap",
			  strerror(-this->events));
		goto fail;
	}
	lib->watcher->add(lib->watcher, this->events, WATCHER_READ,
			  receive_events, this);
	this->switch_timer = timerfd_create(CLOCK_MONOTONIC,
					    TFD_NONBLOCK | TFD_CLOEXEC);
	if (this->switch_timer < 0)
		CMAP_DBG1("timerfd: %s; rekeyed CHILD_SAs switch at once",
			  strerror(errno));
	else
		lib->watcher->add(lib->watcher, this->switch_timer,
				  WATCHER_READ, run_deferred, this);
	if (n > 0) {
		this->timer = timerfd_create(CLOCK_MONOTONIC,
					     TFD_NONBLOCK | TFD_CLOEXEC);
		if (this->timer < 0)
			CMAP_DBG1("timerfd: %s; the flushed tunnels come back "
				  "with their next packets only", strerror(errno));
		else
			lib->watcher->add(lib->watcher, this->timer,
					  WATCHER_READ, resume_tunnels, this);
	}
	CMAP_DBG1("IPsec backend created on cryptomap.ko (SPIs %08x-%08x; "
		  "%d SAs of ipsec-isakmp entries left by an earlier charon "
		  "flushed)", this->spi_min, this->spi_max, n);
	return &this->public;
fail:
	destroy(&this->public);
	return NULL;
}
