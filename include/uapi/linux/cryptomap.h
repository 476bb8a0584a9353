/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * cryptomap: Cisco IOS style crypto maps for Linux - netlink ABI.
 *
 * This header is the ABI document. The kernel module, cmapctl and the charon
 * plugin share nothing else. Enums only ever grow at their end.
 *
 * Transport
 * =========
 * Generic netlink family CMAP_GENL_NAME, version CMAP_GENL_VERSION. State is
 * per network namespace: a request acts on the namespace of the socket that
 * sent it. Every command needs CAP_NET_ADMIN in the user namespace that owns
 * that network namespace (GENL_UNS_ADMIN_PERM); others get -EPERM. Attribute
 * policies are strict: unknown attributes, wrong types or lengths, strings
 * without NUL or too long, and unknown flag bits are rejected with -EINVAL and
 * an extack message that names the attribute. Rejected requests change
 * nothing.
 *
 * Configuration model
 * ===================
 * A namespace holds one running configuration: global IPsec settings,
 * transform sets, access lists, crypto maps with their entries, and bindings
 * of maps to interfaces. Readers (dumps, later the packet path) always see one
 * complete generation of it, never a mix. Each committed change increments
 * the generation (u32, wraps, never 0 once anything was committed).
 *
 * Changes are made in a transaction, like IOS "configure replace":
 *
 *   CMAP_CMD_TXN_BEGIN   opens a candidate configuration for the calling
 *                        socket (its netlink port id). CMAP_A_FLAGS may carry
 *                        CMAP_TXN_F_REPLACE: the candidate starts empty;
 *                        otherwise it starts as a copy of the running
 *                        configuration. One candidate per namespace at a
 *                        time: a second BEGIN from another socket gets -EBUSY.
 *                        The candidate is discarded when its socket closes.
 *   CMAP_CMD_SET_* / CMAP_CMD_DEL_*
 *                        while the caller owns the candidate, they edit it.
 *                        Without an open transaction each of them is its own
 *                        transaction (copy, edit, commit) and is visible at
 *                        once. While another socket owns the candidate they
 *                        fail with -EBUSY.
 *   CMAP_CMD_TXN_COMMIT  validates the candidate as a whole (every reference
 *                        resolves, limits hold) and makes it the running
 *                        configuration in one step. On error the candidate
 *                        stays open and unchanged; the extack names the
 *                        object at fault.
 *   CMAP_CMD_TXN_ABORT   discards the candidate.
 *   CMAP_CMD_FLUSH       replaces the running configuration with an empty
 *                        one (as BEGIN REPLACE + COMMIT). -EBUSY while another
 *                        socket owns a candidate.
 *
 * Map entries keep their identity (CMAP_ENTRY_A_ID) across a commit when the
 * new configuration has an entry with the same map name and sequence number
 * whose effective content is unchanged: type, peers, transform sets (by
 * content, not only name), PFS, lifetimes, replay window, and the lines of
 * its access list. Security associations are attached to that identity, so
 * reloading an unchanged configuration keeps every tunnel; a changed entry
 * gets a new identity and its SAs go. Identities are never 0 and are not
 * reused within a namespace's lifetime (until the u32 wraps).
 *
 * Requests carry one object each: SET_x replaces the object of that name (or
 * map name + sequence number) whole, DEL_x removes it (-ENOENT if absent).
 * SET_ACL with CMAP_ACL_F_APPEND in CMAP_A_FLAGS appends its lines to the
 * existing candidate ACL instead, so that an access list larger than one
 * message can be sent in parts. Deleting a map deletes its entries.
 *
 * Commands
 * ========
 * CMAP_CMD_GET_INFO (do)
 *   reply: CMAP_A_GENERATION, CMAP_A_INFO
 * CMAP_CMD_TXN_BEGIN (do)       request: [CMAP_A_FLAGS]   (CMAP_TXN_F_*)
 * CMAP_CMD_TXN_COMMIT (do)      reply:   CMAP_A_GENERATION
 * CMAP_CMD_TXN_ABORT (do)
 * CMAP_CMD_FLUSH (do)           reply:   CMAP_A_GENERATION
 * CMAP_CMD_SET_GLOBAL (do)      request: CMAP_A_GLOBAL (any subset)
 * CMAP_CMD_GET_GLOBAL (do)      reply:   CMAP_A_GENERATION, CMAP_A_GLOBAL
 * CMAP_CMD_SET_TSET (do)        request: CMAP_A_TSET
 * CMAP_CMD_DEL_TSET (do)        request: CMAP_A_TSET { NAME }
 * CMAP_CMD_GET_TSET (dump)      reply:   one message per transform set:
 *                                        CMAP_A_GENERATION, CMAP_A_TSET
 * CMAP_CMD_SET_ACL (do)         request: [CMAP_A_FLAGS] (CMAP_ACL_F_*),
 *                                        CMAP_A_ACL
 * CMAP_CMD_DEL_ACL (do)         request: CMAP_A_ACL { NAME }
 * CMAP_CMD_GET_ACL (dump)       reply:   CMAP_A_GENERATION, CMAP_A_ACL; an
 *                                        access list that does not fit in one
 *                                        message continues in the next with
 *                                        the same NAME: the client appends.
 * CMAP_CMD_SET_MAP (do)         request: CMAP_A_MAP
 * CMAP_CMD_DEL_MAP (do)         request: CMAP_A_MAP { NAME }
 * CMAP_CMD_GET_MAP (dump)       reply:   CMAP_A_GENERATION, CMAP_A_MAP
 * CMAP_CMD_SET_ENTRY (do)       request: CMAP_A_ENTRY (MAP, SEQ required;
 *                                        the map must exist in the candidate)
 * CMAP_CMD_DEL_ENTRY (do)       request: CMAP_A_ENTRY { MAP, SEQ }
 * CMAP_CMD_GET_ENTRY (dump)     reply:   CMAP_A_GENERATION, CMAP_A_ENTRY;
 *                                        ordered by map name, then sequence
 * CMAP_CMD_SET_BINDING (do)     request: CMAP_A_BINDING { IFNAME, MAP }
 * CMAP_CMD_DEL_BINDING (do)     request: CMAP_A_BINDING { IFNAME }
 * CMAP_CMD_GET_BINDING (dump)   reply:   CMAP_A_GENERATION, CMAP_A_BINDING
 *
 * Every dump reply carries the generation it was taken from; a dump that
 * spans a configuration change is flagged NLM_F_DUMP_INTR and must be
 * repeated.
 *
 * Attributes (type, limits)
 * =========================
 * CMAP_A_FLAGS            u32, command specific flag bits; unknown bits
 *                         rejected
 * CMAP_A_GENERATION       u32, reply only
 * CMAP_A_GLOBAL           nest, CMAP_GLOBAL_A_*:
 *   LIFE_SECS             u32, 120..86400; default 3600 ("crypto ipsec
 *                         security-association lifetime seconds")
 *   LIFE_KB               u32, 2560..4294967295; default 4608000
 *   DF_BIT                u8, enum cmap_df_bit; default CMAP_DF_COPY
 *   REPLAY_WINDOW         u32, 0 (disabled) or 32..CMAP_REPLAY_WINDOW_MAX,
 *                         a multiple of 32; default 64
 * CMAP_A_TSET             nest, CMAP_TSET_A_*:
 *   NAME                  string, 1..CMAP_NAME_MAX-1 bytes
 *   CIPHER                u16, enum cmap_cipher (required)
 *   KEYBITS               u16, cipher key size: AES 128/192/256, GCM and GMAC
 *                         128/192/256; must be absent or exact for the
 *                         fixed-size ciphers (DES 64, 3DES 192, NULL 0)
 *   AUTH                  u16, enum cmap_auth; default CMAP_AUTH_NONE; must be
 *                         NONE for the AEAD ciphers (GCM, GMAC), and may be
 *                         NONE with another cipher only if that cipher is not
 *                         NULL
 *   MODE                  u8, enum cmap_mode; default CMAP_MODE_TUNNEL
 * CMAP_A_ACL              nest, CMAP_ACL_A_*:
 *   NAME                  string, 1..CMAP_NAME_MAX-1: "100".."199",
 *                         "2000".."2699" for numbered extended lists, other
 *                         names for named extended lists (must not start with
 *                         a digit)
 *   LINES                 nest of CMAP_ACL_A_LINE entries (nla_type of each
 *                         is CMAP_ACL_A_LINE), in order; at most
 *                         CMAP_ACL_LINES_MAX lines per access list
 *   CMAP_ACL_A_LINE       nest, CMAP_LINE_A_*:
 *     SEQ                 u32, 1..2147483647, strictly increasing in a list
 *     ACTION              u8, enum cmap_action (required)
 *     REMARK              string, 1..CMAP_REMARK_MAX-1; only with ACTION
 *                         REMARK, and then nothing else but SEQ
 *     PROTO               u8, IP protocol number; absent means "ip" (any)
 *     SRC / DST           be32 address; absent means "any"
 *     SRC_WILD / DST_WILD be32 IOS wildcard mask (set bits are "don't
 *                         care"; need not be contiguous); absent means
 *                         0.0.0.0 ("host"). Address bits under the wildcard
 *                         must be zero.
 *     SPORT_OP / DPORT_OP u8, enum cmap_port_op; only with PROTO 6 (tcp) or
 *                         17 (udp)
 *     SPORT_LO / DPORT_LO u16, the port (or the range's low end)
 *     SPORT_HI / DPORT_HI u16, only with CMAP_PORT_RANGE, >= LO
 *     ICMP_TYPE           u8, only with PROTO 1
 *     ICMP_CODE           u8, only with ICMP_TYPE
 *     LOG                 flag ("log")
 *     HITS                u64, reply only: packets that matched this line
 * CMAP_A_MAP              nest, CMAP_MAP_A_*:
 *   NAME                  string, 1..CMAP_NAME_MAX-1
 *   DYNAMIC               flag: a "crypto dynamic-map" template, never bound
 *                         to an interface directly
 *   LOCAL_IF              string < IFNAMSIZ: "crypto map NAME local-address
 *                         IF", the interface whose address is the tunnel
 *                         source
 * CMAP_A_ENTRY            nest, CMAP_ENTRY_A_*:
 *   MAP                   string, the map's name (required)
 *   SEQ                   u16, 1..65535 (required)
 *   TYPE                  u8, enum cmap_entry_type (required with SET)
 *   ACL                   string, "match address"; must name an access list
 *                         of the configuration at commit
 *   PEERS                 nest of CMAP_ENTRY_A_PEER (be32), in preference
 *                         order, at most CMAP_PEERS_MAX, no duplicates
 *   TSETS                 nest of CMAP_ENTRY_A_TSET (string), at most
 *                         CMAP_ENTRY_TSETS_MAX; each must exist at commit
 *   DYNMAP                string: for TYPE DYNAMIC the dynamic map it
 *                         instantiates (must exist and be DYNAMIC)
 *   PFS                   u8, Diffie-Hellman group for PFS; 0 = none;
 *                         1, 2, 5, 14..16, 19..21, 24
 *   LIFE_SECS             u32, 120..86400; absent: global value
 *   LIFE_KB               u32, 2560..4294967295; absent: global value
 *   REPLAY_WINDOW         u32, as CMAP_GLOBAL_A_REPLAY_WINDOW; absent:
 *                         global value
 *   ID                    u32, reply only: the entry's identity (see
 *                         "Configuration model")
 *   HITS                  u64, reply only: packets classified to this entry
 *   At commit: an entry of TYPE ISAKMP or MANUAL in a static map needs ACL;
 *   ISAKMP needs at least one TSET; MANUAL needs exactly one PEER and one
 *   TSET; DYNAMIC entries need DYNMAP and nothing else but PFS/lifetimes;
 *   entries of a DYNAMIC map may omit PEERS and ACL.
 * CMAP_A_BINDING          nest, CMAP_BINDING_A_*:
 *   IFNAME                string, 1..IFNAMSIZ-1; the interface need not
 *                         exist (a binding waits for its interface, as IOS
 *                         keeps config of an absent module)
 *   MAP                   string, must name a static map at commit
 *   IFINDEX               u32, reply only: the interface's index, 0 while it
 *                         does not exist in the namespace
 *   One map per interface: SET_BINDING replaces the interface's binding.
 * CMAP_A_INFO             nest, CMAP_INFO_A_* (reply only), u32 each:
 *   N_TSETS, N_ACLS, N_ACL_LINES, N_MAPS, N_ENTRIES, N_BINDINGS
 *   TXN_PORTID            netlink port id owning the candidate, 0 if none
 */
#ifndef _UAPI_LINUX_CRYPTOMAP_H
#define _UAPI_LINUX_CRYPTOMAP_H

#define CMAP_GENL_NAME		"cryptomap"
#define CMAP_GENL_VERSION	1

#define CMAP_NAME_MAX		64	/* names, including the NUL */
#define CMAP_REMARK_MAX		101	/* remark text, including the NUL */
#define CMAP_ACL_LINES_MAX	65535	/* lines in one access list */
#define CMAP_ACLS_MAX		65536	/* access lists per namespace */
#define CMAP_ENTRIES_MAX	65536	/* map entries per namespace */
#define CMAP_TSETS_MAX		1024	/* transform sets per namespace */
#define CMAP_MAPS_MAX		1024	/* crypto maps per namespace */
#define CMAP_PEERS_MAX		16	/* "set peer" per entry */
#define CMAP_ENTRY_TSETS_MAX	6	/* "set transform-set" names per entry */
#define CMAP_SEQ_MAX		65535
#define CMAP_REPLAY_WINDOW_MAX	4096

#define CMAP_DEFAULT_LIFE_SECS	3600
#define CMAP_DEFAULT_LIFE_KB	4608000
#define CMAP_DEFAULT_REPLAY_WINDOW 64

enum cmap_cmd {
	CMAP_CMD_UNSPEC,
	CMAP_CMD_GET_INFO,
	CMAP_CMD_TXN_BEGIN,
	CMAP_CMD_TXN_COMMIT,
	CMAP_CMD_TXN_ABORT,
	CMAP_CMD_FLUSH,
	CMAP_CMD_SET_GLOBAL,
	CMAP_CMD_GET_GLOBAL,
	CMAP_CMD_SET_TSET,
	CMAP_CMD_DEL_TSET,
	CMAP_CMD_GET_TSET,
	CMAP_CMD_SET_ACL,
	CMAP_CMD_DEL_ACL,
	CMAP_CMD_GET_ACL,
	CMAP_CMD_SET_MAP,
	CMAP_CMD_DEL_MAP,
	CMAP_CMD_GET_MAP,
	CMAP_CMD_SET_ENTRY,
	CMAP_CMD_DEL_ENTRY,
	CMAP_CMD_GET_ENTRY,
	CMAP_CMD_SET_BINDING,
	CMAP_CMD_DEL_BINDING,
	CMAP_CMD_GET_BINDING,
	__CMAP_CMD_MAX
};
#define CMAP_CMD_MAX (__CMAP_CMD_MAX - 1)

/* CMAP_A_FLAGS bits of CMAP_CMD_TXN_BEGIN */
enum cmap_txn_flag {
	CMAP_TXN_F_REPLACE = 1U << 0,
	__CMAP_TXN_F_ALL = CMAP_TXN_F_REPLACE
};

/* CMAP_A_FLAGS bits of CMAP_CMD_SET_ACL */
enum cmap_acl_flag {
	CMAP_ACL_F_APPEND = 1U << 0,
	__CMAP_ACL_F_ALL = CMAP_ACL_F_APPEND
};

enum cmap_attr {
	CMAP_A_UNSPEC,
	CMAP_A_FLAGS,
	CMAP_A_GENERATION,
	CMAP_A_GLOBAL,
	CMAP_A_TSET,
	CMAP_A_ACL,
	CMAP_A_MAP,
	CMAP_A_ENTRY,
	CMAP_A_BINDING,
	CMAP_A_INFO,
	CMAP_A_PAD,
	__CMAP_A_MAX
};
#define CMAP_A_MAX (__CMAP_A_MAX - 1)

enum cmap_global_attr {
	CMAP_GLOBAL_A_UNSPEC,
	CMAP_GLOBAL_A_LIFE_SECS,
	CMAP_GLOBAL_A_LIFE_KB,
	CMAP_GLOBAL_A_DF_BIT,
	CMAP_GLOBAL_A_REPLAY_WINDOW,
	__CMAP_GLOBAL_A_MAX
};
#define CMAP_GLOBAL_A_MAX (__CMAP_GLOBAL_A_MAX - 1)

enum cmap_df_bit {
	CMAP_DF_COPY,
	CMAP_DF_CLEAR,
	CMAP_DF_SET,
	__CMAP_DF_MAX
};

enum cmap_tset_attr {
	CMAP_TSET_A_UNSPEC,
	CMAP_TSET_A_NAME,
	CMAP_TSET_A_CIPHER,
	CMAP_TSET_A_KEYBITS,
	CMAP_TSET_A_AUTH,
	CMAP_TSET_A_MODE,
	__CMAP_TSET_A_MAX
};
#define CMAP_TSET_A_MAX (__CMAP_TSET_A_MAX - 1)

/* ESP ciphers, named as the IOS transforms */
enum cmap_cipher {
	CMAP_CIPHER_NULL,	/* esp-null */
	CMAP_CIPHER_DES,	/* esp-des: cbc(des), 64-bit key */
	CMAP_CIPHER_3DES,	/* esp-3des: cbc(des3_ede), 192-bit key */
	CMAP_CIPHER_AES,	/* esp-aes [128|192|256]: cbc(aes) */
	CMAP_CIPHER_GCM,	/* esp-gcm [128|192|256]: rfc4106(gcm(aes)) */
	CMAP_CIPHER_GMAC,	/* esp-gmac [128|192|256]: rfc4543(gcm(aes)) */
	__CMAP_CIPHER_MAX
};

/* ESP integrity, named as the IOS transforms; ICV lengths per RFC */
enum cmap_auth {
	CMAP_AUTH_NONE,
	CMAP_AUTH_MD5,		/* esp-md5-hmac: hmac(md5), 96-bit ICV */
	CMAP_AUTH_SHA1,		/* esp-sha-hmac: hmac(sha1), 96-bit ICV */
	CMAP_AUTH_SHA256,	/* esp-sha256-hmac: 128-bit ICV (RFC 4868) */
	CMAP_AUTH_SHA384,	/* esp-sha384-hmac: 192-bit ICV */
	CMAP_AUTH_SHA512,	/* esp-sha512-hmac: 256-bit ICV */
	__CMAP_AUTH_MAX
};

enum cmap_mode {
	CMAP_MODE_TUNNEL,
	CMAP_MODE_TRANSPORT,
	__CMAP_MODE_MAX
};

enum cmap_acl_attr {
	CMAP_ACL_A_UNSPEC,
	CMAP_ACL_A_NAME,
	CMAP_ACL_A_LINES,
	CMAP_ACL_A_LINE,
	__CMAP_ACL_A_MAX
};
#define CMAP_ACL_A_MAX (__CMAP_ACL_A_MAX - 1)

enum cmap_action {
	CMAP_ACTION_PERMIT,
	CMAP_ACTION_DENY,
	CMAP_ACTION_REMARK,
	__CMAP_ACTION_MAX
};

enum cmap_port_op {
	CMAP_PORT_ANY,		/* no port condition */
	CMAP_PORT_EQ,
	CMAP_PORT_NEQ,
	CMAP_PORT_LT,
	CMAP_PORT_GT,
	CMAP_PORT_RANGE,
	__CMAP_PORT_MAX
};

enum cmap_line_attr {
	CMAP_LINE_A_UNSPEC,
	CMAP_LINE_A_SEQ,
	CMAP_LINE_A_ACTION,
	CMAP_LINE_A_REMARK,
	CMAP_LINE_A_PROTO,
	CMAP_LINE_A_SRC,
	CMAP_LINE_A_SRC_WILD,
	CMAP_LINE_A_DST,
	CMAP_LINE_A_DST_WILD,
	CMAP_LINE_A_SPORT_OP,
	CMAP_LINE_A_SPORT_LO,
	CMAP_LINE_A_SPORT_HI,
	CMAP_LINE_A_DPORT_OP,
	CMAP_LINE_A_DPORT_LO,
	CMAP_LINE_A_DPORT_HI,
	CMAP_LINE_A_ICMP_TYPE,
	CMAP_LINE_A_ICMP_CODE,
	CMAP_LINE_A_LOG,
	CMAP_LINE_A_HITS,
	CMAP_LINE_A_PAD,
	__CMAP_LINE_A_MAX
};
#define CMAP_LINE_A_MAX (__CMAP_LINE_A_MAX - 1)

enum cmap_map_attr {
	CMAP_MAP_A_UNSPEC,
	CMAP_MAP_A_NAME,
	CMAP_MAP_A_DYNAMIC,
	CMAP_MAP_A_LOCAL_IF,
	__CMAP_MAP_A_MAX
};
#define CMAP_MAP_A_MAX (__CMAP_MAP_A_MAX - 1)

enum cmap_entry_type {
	CMAP_ENTRY_ISAKMP,	/* ipsec-isakmp */
	CMAP_ENTRY_MANUAL,	/* ipsec-manual */
	CMAP_ENTRY_DYNAMIC,	/* ipsec-isakmp dynamic DYNMAP */
	__CMAP_ENTRY_MAX
};

enum cmap_entry_attr {
	CMAP_ENTRY_A_UNSPEC,
	CMAP_ENTRY_A_MAP,
	CMAP_ENTRY_A_SEQ,
	CMAP_ENTRY_A_TYPE,
	CMAP_ENTRY_A_ACL,
	CMAP_ENTRY_A_PEERS,
	CMAP_ENTRY_A_PEER,
	CMAP_ENTRY_A_TSETS,
	CMAP_ENTRY_A_TSET,
	CMAP_ENTRY_A_DYNMAP,
	CMAP_ENTRY_A_PFS,
	CMAP_ENTRY_A_LIFE_SECS,
	CMAP_ENTRY_A_LIFE_KB,
	CMAP_ENTRY_A_REPLAY_WINDOW,
	CMAP_ENTRY_A_ID,
	CMAP_ENTRY_A_HITS,
	CMAP_ENTRY_A_PAD,
	__CMAP_ENTRY_A_MAX
};
#define CMAP_ENTRY_A_MAX (__CMAP_ENTRY_A_MAX - 1)

enum cmap_binding_attr {
	CMAP_BINDING_A_UNSPEC,
	CMAP_BINDING_A_IFNAME,
	CMAP_BINDING_A_MAP,
	CMAP_BINDING_A_IFINDEX,
	__CMAP_BINDING_A_MAX
};
#define CMAP_BINDING_A_MAX (__CMAP_BINDING_A_MAX - 1)

enum cmap_info_attr {
	CMAP_INFO_A_UNSPEC,
	CMAP_INFO_A_N_TSETS,
	CMAP_INFO_A_N_ACLS,
	CMAP_INFO_A_N_ACL_LINES,
	CMAP_INFO_A_N_MAPS,
	CMAP_INFO_A_N_ENTRIES,
	CMAP_INFO_A_N_BINDINGS,
	CMAP_INFO_A_TXN_PORTID,
	__CMAP_INFO_A_MAX
};
#define CMAP_INFO_A_MAX (__CMAP_INFO_A_MAX - 1)

#endif /* _UAPI_LINUX_CRYPTOMAP_H */
