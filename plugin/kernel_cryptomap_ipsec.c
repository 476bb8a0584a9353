// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel_ipsec_t for cryptomap.ko: skeleton.
 *
 * Until the module has SA commands, every method logs its call (KNL, level 1)
 * with the arguments that identify what charon asks for, and refuses with
 * NOT_SUPPORTED. Keys are never logged, only their lengths. charon calls these
 * methods from many worker threads at once: nothing here keeps state yet, and
 * whatever state the wiring adds needs a lock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/random.h>

#include "cmap_fmt.h"
#include "kernel_cryptomap_ipsec.h"

struct cmap_ipsec {
	kernel_ipsec_t public;		/* first: charon holds &public */
};

static const char *status_name(status_t s)
{
	return s == SUCCESS ? "ok" : s == NOT_SUPPORTED ? "not supported" : "failed";
}

/* The receiver chooses its SPIs (RFC 4303 2.1); random ones are not
 * guessable by an off-path attacker. getrandom() blocks only until the
 * kernel's entropy pool is first initialised after boot. */
static bool random_u32(uint32_t *out)
{
	ssize_t n;

	do {
		n = getrandom(out, sizeof(*out), 0);
	} while (n < 0 && errno == EINTR);
	return n == sizeof(*out);
}

static kernel_feature_t get_features(kernel_ipsec_t *self)
{
	(void)self;
	CMAP_DBG1("get_features -> none");
	/* No TFC padding, no policy SPIs yet: decided with the SA wiring. */
	return 0;
}

/*
 * PLACEHOLDER, to be replaced by the module's SPI allocation: a random SPI
 * in 0x100..0xffffffff (1-255 are reserved by RFC 4303 2.1, 0 means none).
 * Nothing reserves it, so it can collide with an SPI already in use; the
 * module will allocate atomically in its SPI table and hold a larval entry.
 */
static status_t get_spi(kernel_ipsec_t *self, host_t *src, host_t *dst,
			uint8_t protocol, uint32_t *spi)
{
	struct cmap_fmt_buf s, d;
	uint32_t r;

	(void)self;
	do {
		if (!random_u32(&r)) {
			CMAP_DBG1("get_spi %s -> %s proto %u: no random bytes",
				  cmap_fmt_host(src, &s), cmap_fmt_host(dst, &d),
				  protocol);
			return FAILED;
		}
	} while (r < 0x100);
	*spi = htonl(r);	/* charon keeps SPIs in network order */
	CMAP_DBG1("get_spi %s -> %s proto %u -> spi %08x (random placeholder)",
		  cmap_fmt_host(src, &s), cmap_fmt_host(dst, &d), protocol, r);
	return SUCCESS;
}

/* PLACEHOLDER like get_spi: a random CPI in 0x100..0xefff, the range
 * RFC 3173 3.3 leaves for negotiation. The module has no IPComp, so add_sa
 * will refuse an SA that uses it. */
static status_t get_cpi(kernel_ipsec_t *self, host_t *src, host_t *dst,
			uint16_t *cpi)
{
	struct cmap_fmt_buf s, d;
	uint32_t r;

	(void)self;
	do {
		if (!random_u32(&r)) {
			CMAP_DBG1("get_cpi %s -> %s: no random bytes",
				  cmap_fmt_host(src, &s), cmap_fmt_host(dst, &d));
			return FAILED;
		}
		r &= 0xffff;
	} while (r < 0x100 || r > 0xefff);
	*cpi = htons((uint16_t)r);
	CMAP_DBG1("get_cpi %s -> %s -> cpi %04x (random placeholder)",
		  cmap_fmt_host(src, &s), cmap_fmt_host(dst, &d), r);
	return SUCCESS;
}

static void log_sa_id(const char *what, kernel_ipsec_sa_id_t *id)
{
	struct cmap_fmt_buf s, d;

	CMAP_DBG1("%s spi %08x proto %u %s -> %s mark %x/%x if_id %u", what,
		  ntohl(id->spi), id->proto, cmap_fmt_host(id->src, &s),
		  cmap_fmt_host(id->dst, &d), id->mark.value, id->mark.mask,
		  id->if_id);
}

static void log_lifetime(uint32_t spi, lifetime_cfg_t *lt)
{
	if (!lt)
		return;
	CMAP_DBG1("add_sa %08x: lifetime s %" PRIu64 "/%" PRIu64 "/%" PRIu64
		  " bytes %" PRIu64 "/%" PRIu64 "/%" PRIu64
		  " packets %" PRIu64 "/%" PRIu64 "/%" PRIu64
		  " (life/rekey/jitter)", spi,
		  lt->time.life, lt->time.rekey, lt->time.jitter,
		  lt->bytes.life, lt->bytes.rekey, lt->bytes.jitter,
		  lt->packets.life, lt->packets.rekey, lt->packets.jitter);
}

static status_t add_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
		       kernel_ipsec_add_sa_t *data)
{
	char src_ts[512], dst_ts[512];
	struct cmap_fmt_buf m, e, i;
	uint32_t spi = ntohl(id->spi);

	(void)self;
	log_sa_id(data->inbound ? "add_sa in" : "add_sa out", id);
	CMAP_DBG1("add_sa %08x: reqid %u mode %s enc %s (%zu-bit key) "
		  "int %s (%zu-bit key) esn %d replay %u", spi, data->reqid,
		  cmap_fmt_enum(ipsec_mode_names, data->mode, &m),
		  cmap_fmt_enum(encryption_algorithm_names, data->enc_alg, &e),
		  data->enc_key.len * 8,
		  cmap_fmt_enum(integrity_algorithm_names, data->int_alg, &i),
		  data->int_key.len * 8, data->esn, data->replay_window);
	CMAP_DBG1("add_sa %08x: ts %s === %s", spi,
		  cmap_fmt_ts_list(data->src_ts, src_ts, sizeof(src_ts)),
		  cmap_fmt_ts_list(data->dst_ts, dst_ts, sizeof(dst_ts)));
	log_lifetime(spi, data->lifetime);
	CMAP_DBG1("add_sa %08x: encap %d ipcomp %u cpi %04x tfc %u hw_offload %d "
		  "set_mark %x/%x copy_df %d copy_ecn %d copy_dscp %d "
		  "initiator %d update %d iface %s label %s", spi, data->encap,
		  data->ipcomp, ntohs(data->cpi), data->tfc, data->hw_offload,
		  data->mark.value, data->mark.mask, data->copy_df,
		  data->copy_ecn, data->copy_dscp, data->initiator, data->update,
		  data->interface ? data->interface : "-",
		  data->label ? "yes" : "no");
	CMAP_DBG1("add_sa %08x -> %s", spi, status_name(NOT_SUPPORTED));
	return NOT_SUPPORTED;
}

static status_t update_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			  kernel_ipsec_update_sa_t *data)
{
	struct cmap_fmt_buf s, d;

	(void)self;
	log_sa_id("update_sa", id);
	CMAP_DBG1("update_sa %08x: new %s -> %s encap %d -> %d cpi %04x "
		  "new reqid %u -> %s", ntohl(id->spi),
		  cmap_fmt_host(data->new_src, &s),
		  cmap_fmt_host(data->new_dst, &d), data->encap, data->new_encap,
		  ntohs(data->cpi), data->new_reqid, status_name(NOT_SUPPORTED));
	return NOT_SUPPORTED;
}

static status_t query_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			 kernel_ipsec_query_sa_t *data, uint64_t *bytes,
			 uint64_t *packets, time_t *time)
{
	(void)self; (void)bytes; (void)packets; (void)time;
	log_sa_id("query_sa", id);
	CMAP_DBG1("query_sa %08x: cpi %04x -> %s", ntohl(id->spi),
		  ntohs(data->cpi), status_name(NOT_SUPPORTED));
	return NOT_SUPPORTED;
}

static status_t del_sa(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
		       kernel_ipsec_del_sa_t *data)
{
	(void)self;
	log_sa_id("del_sa", id);
	CMAP_DBG1("del_sa %08x: cpi %04x -> %s", ntohl(id->spi),
		  ntohs(data->cpi), status_name(NOT_SUPPORTED));
	return NOT_SUPPORTED;
}

static status_t flush_sas(kernel_ipsec_t *self)
{
	(void)self;
	CMAP_DBG1("flush_sas -> %s", status_name(NOT_SUPPORTED));
	return NOT_SUPPORTED;
}

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
	struct cmap_fmt_buf dir, st, dt, s, d, mode;
	ipsec_sa_cfg_t *sa = data ? data->sa : NULL;

	CMAP_DBG1("%s %s %s === %s mark %x/%x if_id %u iface %s label %s",
		  what, cmap_fmt_enum(policy_dir_names, id->dir, &dir),
		  cmap_fmt_ts(id->src_ts, &st), cmap_fmt_ts(id->dst_ts, &dt),
		  id->mark.value, id->mark.mask, id->if_id,
		  id->interface ? id->interface : "-",
		  id->label ? "yes" : "no");
	if (!data)
		return;
	CMAP_DBG1("%s %s: type %s prio %s manual %u sa %s -> %s mode %s "
		  "reqid %u esp %s%08x ah %s%08x ipcomp %u/%04x count %u -> %s",
		  what, cmap_fmt_enum(policy_dir_names, id->dir, &dir),
		  policy_type_name(data->type), policy_prio_name(data->prio),
		  data->manual_prio, cmap_fmt_host(data->src, &s),
		  cmap_fmt_host(data->dst, &d),
		  sa ? cmap_fmt_enum(ipsec_mode_names, sa->mode, &mode) : "-",
		  sa ? sa->reqid : 0,
		  sa && sa->esp.use ? "" : "-", sa ? ntohl(sa->esp.spi) : 0,
		  sa && sa->ah.use ? "" : "-", sa ? ntohl(sa->ah.spi) : 0,
		  sa ? sa->ipcomp.transform : 0, sa ? ntohs(sa->ipcomp.cpi) : 0,
		  sa ? sa->policy_count : 0, status_name(result));
}

static status_t add_policy(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	(void)self;
	log_policy("add_policy", id, data, NOT_SUPPORTED);
	return NOT_SUPPORTED;
}

static status_t query_policy(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			     kernel_ipsec_query_policy_t *data, time_t *use_time)
{
	(void)self; (void)data; (void)use_time;
	log_policy("query_policy", id, NULL, NOT_SUPPORTED);
	return NOT_SUPPORTED;
}

static status_t del_policy(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	(void)self;
	log_policy("del_policy", id, data, NOT_SUPPORTED);
	return NOT_SUPPORTED;
}

static status_t flush_policies(kernel_ipsec_t *self)
{
	(void)self;
	CMAP_DBG1("flush_policies -> %s", status_name(NOT_SUPPORTED));
	return NOT_SUPPORTED;
}

/*
 * kernel-netlink must attach a per-socket XFRM bypass policy to charon's IKE
 * sockets, because an XFRM policy with wide selectors (0.0.0.0/0, or the
 * peers' own addresses) would otherwise capture IKE itself. With cryptomap
 * the bypass is implicit: the module never looks at a packet unless it leaves
 * through an interface with a crypto map AND matches a permit line of an
 * entry's ACL, and charon's requests only ever bind SAs to such entries. This
 * holds only as long as no ACL permit line covers the IKE packets between the
 * peers (e.g. "permit ip any any", or "permit udp host A host B eq 500"). IOS
 * never encrypts its own ISAKMP packets whatever the ACL says, so the
 * dataplane must exempt locally generated UDP 500/4500 from classification;
 * that is a requirement on the dataplane, recorded in plugin/README.md.
 */
static bool bypass_socket(kernel_ipsec_t *self, int fd, int family)
{
	(void)self;
	CMAP_DBG1("bypass_socket fd %d family %d -> implicit", fd, family);
	return true;
}

/*
 * XFRM decapsulates ESP-in-UDP (NAT-T) by marking the socket UDP_ENCAP; the
 * module has no NAT-T yet, so there is nothing to enable. Saying "done" keeps
 * charon's start quiet; add_sa must refuse encap = TRUE once it is wired, so
 * a NAT-T SA fails visibly instead of silently dropping traffic.
 */
static bool enable_udp_decap(kernel_ipsec_t *self, int fd, int family,
			     uint16_t port)
{
	(void)self;
	CMAP_DBG1("enable_udp_decap fd %d family %d port %u -> nothing to do",
		  fd, family, port);
	return true;
}

static void destroy(kernel_ipsec_t *self)
{
	CMAP_DBG1("destroy");
	free(self);
}

kernel_ipsec_t *kernel_cryptomap_ipsec_create(void)
{
	struct cmap_ipsec *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
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
	CMAP_DBG1("IPsec backend created (skeleton: SAs and policies are "
		  "refused until the module has SA commands)");
	return &this->public;
}
