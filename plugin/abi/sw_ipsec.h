/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strongSwan 5.9.8 ABI, part 3: IPsec value types and algorithm numbers.
 * Declared from the 5.9.8 sources named per type; see sw_base.h.
 */
#ifndef CMAP_SW_IPSEC_H
#define CMAP_SW_IPSEC_H

#include <linux/xfrm.h>
#include <netinet/in.h>

#include "sw_base.h"

/* src/libstrongswan/ipsec/ipsec_types.h: enum ipsec_mode_t. */
typedef enum ipsec_mode_t {
	MODE_NONE = 0,
	MODE_TRANSPORT = 1,
	MODE_TUNNEL = 2,
	MODE_BEET = 3,
	MODE_PASS = 4,
	MODE_DROP = 5,
} ipsec_mode_t;

/* same file: enum policy_dir_t; strongSwan keeps these equal to XFRM's. */
typedef enum policy_dir_t {
	POLICY_IN = 0,
	POLICY_OUT = 1,
	POLICY_FWD = 2,
} policy_dir_t;
CMAP_ABI_ASSERT((int)POLICY_IN == XFRM_POLICY_IN && (int)POLICY_OUT == XFRM_POLICY_OUT &&
		(int)POLICY_FWD == XFRM_POLICY_FWD, "policy_dir_t mirrors XFRM");

/* same file: enum policy_type_t, from 1. */
typedef enum policy_type_t {
	POLICY_IPSEC = 1,
	POLICY_PASS = 2,
	POLICY_DROP = 3,
} policy_type_t;

/* same file: enum policy_priority_t, from 0: the class charon puts a policy
 * in (bypass, regular, trap, fallback drop); the backend turns the class and
 * the selectors into its own priority. */
typedef enum policy_priority_t {
	POLICY_PRIORITY_PASS = 0,
	POLICY_PRIORITY_DEFAULT = 1,
	POLICY_PRIORITY_ROUTED = 2,
	POLICY_PRIORITY_FALLBACK = 3,
} policy_priority_t;

/* same file: enum ipcomp_transform_t (IKEv2 IPComp IDs). */
typedef enum ipcomp_transform_t {
	IPCOMP_NONE = 0,
	IPCOMP_OUI = 1,
	IPCOMP_DEFLATE = 2,
	IPCOMP_LZS = 3,
	IPCOMP_LZJH = 4,
} ipcomp_transform_t;

/* same file: enum hw_offload_t and enum dscp_copy_t. */
typedef enum hw_offload_t {
	HW_OFFLOAD_NO = 0,
	HW_OFFLOAD_YES = 1,
	HW_OFFLOAD_AUTO = 2,
} hw_offload_t;

typedef enum dscp_copy_t {
	DSCP_COPY_OUT_ONLY = 0,
	DSCP_COPY_IN_ONLY = 1,
	DSCP_COPY_YES = 2,
	DSCP_COPY_NO = 3,
} dscp_copy_t;

/* same file: struct mark_t. */
typedef struct mark_t {
	uint32_t value;
	uint32_t mask;
} mark_t;

/* same file: struct lifetime_cfg_t; three limits (life, rekey, jitter) for
 * each of time (s), bytes and packets; 0 means no limit. */
typedef struct lifetime_cfg_t {
	struct {
		uint64_t life;
		uint64_t rekey;
		uint64_t jitter;
	} time, bytes, packets;
} lifetime_cfg_t;
CMAP_ABI_ASSERT(sizeof(lifetime_cfg_t) == 72, "lifetime_cfg_t is 9 x u64");

/* same file: struct ipsec_sa_cfg_t, the SA(s) a policy refers to. SPIs are
 * in network order throughout the kernel interface. */
typedef struct ipsec_sa_cfg_t {
	ipsec_mode_t mode;
	uint32_t reqid;
	uint32_t policy_count;
	struct {
		bool use;
		uint32_t spi;
	} esp, ah;
	struct {
		uint16_t transform;
		uint16_t cpi;
	} ipcomp;
} ipsec_sa_cfg_t;
CMAP_ABI_ASSERT(offsetof(ipsec_sa_cfg_t, esp) == 12 &&
		offsetof(ipsec_sa_cfg_t, ah) == 20 &&
		offsetof(ipsec_sa_cfg_t, ipcomp) == 28 &&
		sizeof(ipsec_sa_cfg_t) == 32, "ipsec_sa_cfg_t layout");

/* src/libstrongswan/crypto/proposal/proposal.h: enum protocol_id_t. The
 * kernel interface itself carries IP protocol numbers (IPPROTO_ESP/AH):
 * charon converts before calling get_spi/add_sa/del_sa. */
typedef enum protocol_id_t {
	PROTO_NONE = 0,
	PROTO_IKE = 1,
	PROTO_AH = 2,
	PROTO_ESP = 3,
	PROTO_IPCOMP = 4,
} protocol_id_t;

/*
 * src/libstrongswan/crypto/crypters/crypter.h: encryption_algorithm_t, the
 * values we map to the module (IKEv2 transform type 1 IDs, RFC 7296/IANA,
 * plus strongSwan's private ENCR_UNDEFINED). Passed as uint16_t enc_alg.
 */
enum {
	ENCR_DES = 2,
	ENCR_3DES = 3,
	ENCR_NULL = 11,
	ENCR_AES_CBC = 12,
	ENCR_AES_CTR = 13,
	ENCR_AES_CCM_ICV8 = 14,
	ENCR_AES_CCM_ICV12 = 15,
	ENCR_AES_CCM_ICV16 = 16,
	ENCR_AES_GCM_ICV8 = 18,
	ENCR_AES_GCM_ICV12 = 19,
	ENCR_AES_GCM_ICV16 = 20,
	ENCR_NULL_AUTH_AES_GMAC = 21,
	ENCR_CHACHA20_POLY1305 = 28,
	ENCR_UNDEFINED = 1024,
};

/*
 * src/libstrongswan/crypto/signers/signer.h: integrity_algorithm_t, likewise
 * (IKEv2 transform type 3 IDs, plus strongSwan-private values from 1024 up;
 * AUTH_UNDEFINED = none, e.g. with AEAD). Passed as uint16_t int_alg.
 */
enum {
	AUTH_HMAC_MD5_96 = 1,
	AUTH_HMAC_SHA1_96 = 2,
	AUTH_AES_XCBC_96 = 5,
	AUTH_AES_CMAC_96 = 8,
	AUTH_AES_128_GMAC = 9,
	AUTH_AES_192_GMAC = 10,
	AUTH_AES_256_GMAC = 11,
	AUTH_HMAC_SHA2_256_128 = 12,
	AUTH_HMAC_SHA2_384_192 = 13,
	AUTH_HMAC_SHA2_512_256 = 14,
	AUTH_UNDEFINED = 1024,
	AUTH_HMAC_SHA1_128 = 1025,
	AUTH_HMAC_SHA2_256_96 = 1026,
};

/* Exported name tables (enum_to_name): libstrongswan's ipsec_types.c,
 * crypter.c, signer.c, proposal.c. Used for logging and the load-time
 * self-test, which compares a few names to the values above. */
extern enum_name_t *ipsec_mode_names;
extern enum_name_t *policy_dir_names;
extern enum_name_t *encryption_algorithm_names;
extern enum_name_t *integrity_algorithm_names;
extern enum_name_t *protocol_id_names;

#endif /* CMAP_SW_IPSEC_H */
