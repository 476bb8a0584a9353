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
 * sent it. Every command, reads included, needs CAP_NET_ADMIN in the user
 * namespace that owns that network namespace (both the socket's opener and
 * the sender); others get -EPERM with an extack message, once the request
 * has passed the attribute policy (a dump's refusal comes in its
 * NLMSG_DONE). Attribute policies are strict: unknown attributes, wrong types or lengths, strings
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
 * SET_GLOBAL merges the values it carries into the global settings;
 * SET_MAP keeps the map's entries. A FLUSH by the candidate's owner also
 * discards its candidate. An ACL line without SEQ gets the previous line's
 * plus 10, as IOS numbers lines; APPEND continues that numbering.
 *
 * Errors
 * ======
 * Every rejection carries an extack message; commit errors name the object
 * ("crypto map mymap 10, access list 199: ENTRY.ACL: ..."). Errors found
 * once a dump has started (-EPERM, a GET_SA filter) end it: they come in
 * its NLMSG_DONE, with the message, rather than in an NLMSG_ERROR. Only
 * the generic netlink core answers without one: -EOPNOTSUPP for a command
 * (or do/dump) the family does not have, -EINVAL for a message too short
 * for the genetlink header.
 *   -EPERM    no CAP_NET_ADMIN over the socket's network namespace
 *   -EINVAL   malformed or inconsistent attributes, failed commit validation,
 *             per-object limits (lines, peers, transform sets)
 *   -ERANGE   an integer outside its documented range (policy check)
 *   -ENOENT   DEL of an absent object, COMMIT/ABORT without a transaction,
 *             APPEND to an absent ACL, an entry of an absent map
 *   -EBUSY    another socket owns the candidate; BEGIN while owning one
 *   -ENOSPC   a per-namespace count limit (CMAP_*_MAX) would be exceeded
 *   -EEXIST   an SPI already in use (NEW_SA)
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
 *
 * Security associations (the ESP dataplane)
 * =========================================
 * The module encrypts and decrypts ESP (RFC 4303) itself. Traffic leaving an
 * interface with a bound map is classified against the map's entries in
 * sequence order and each entry's access list in line order, first match
 * wins: a permit line protects the packet with the newest outbound SA of
 * that entry and line (an SA bound to line 0 covers every line of its
 * entry, as "ipsec-manual" entries do); a deny line or no match sends it in
 * clear. A permit line without an SA drops the packet, counts it and sends
 * one CMAP_CMD_EV_ACQUIRE per entry, line and peer (at most one a second).
 * Locally generated UDP to or from port 500 or 4500 (IKE) is never
 * classified. ESP to a local address whose SPI belongs to an inbound SA of
 * the namespace is checked against the replay window, verified, decrypted
 * and must fall inside the SA's selectors (the mirrored line); other ESP is
 * left to the stack (XFRM). Cleartext that arrives on a bound interface and
 * matches a permit line mirrored is dropped.
 *
 * SAs belong to a map entry identity (CMAP_ENTRY_A_ID) of the running
 * configuration. A commit that removes or changes that entry deletes them
 * (CMAP_CMD_EV_SA_DELETED, reason CMAP_SA_REASON_CONFIG). Inbound SAs are
 * keyed by SPI alone, unique in the namespace; outbound SAs by SPI and PEER.
 * Keys are write-only: no reply or event carries them, and their memory is
 * wiped when the SA goes. SAs of "ipsec-manual" entries never expire; others
 * have soft and hard lifetimes in seconds and kilobytes (absent: the hard
 * values of the entry, soft at 90 % of them): the soft limit sends
 * CMAP_CMD_EV_EXPIRE once, the hard limit sends it with CMAP_SA_A_HARD and
 * deletes the SA. Limits are checked each second, and an outbound
 * sequence number that would wrap (without ESN) stops the SA at once.
 * Replacement is make-before-break: a new outbound SA for an entry and line
 * takes over from the older ones at once; an old inbound SA stays valid
 * until it is deleted or expires.
 *
 * CMAP_CMD_NEW_SA (do)          request: CMAP_A_SA { DIR, SPI, PEER,
 *                                        ENTRY_ID, CIPHER, [KEYBITS], AUTH,
 *                                        [MODE], ENC_KEY, [AUTH_KEY],
 *                                        [LOCAL], [LINE], [FLAGS],
 *                                        [REPLAY_WINDOW], [SEL], lifetimes }
 *                               reply:   CMAP_A_SA (as GET_SA)
 *                               An inbound SPI reserved with ALLOC_SPI is
 *                               taken over; any other SPI in use: -EEXIST.
 *                               CIPHER/KEYBITS/AUTH/MODE must equal one of
 *                               the entry's transform sets.
 * CMAP_CMD_UPD_SA (do)          request: CMAP_A_SA { key, lifetimes }: new
 *                               lifetimes, counted from the SA's creation
 * CMAP_CMD_DEL_SA (do)          request: CMAP_A_SA { key }
 * CMAP_CMD_GET_SA (do)          request: CMAP_A_SA { key }; reply CMAP_A_SA
 * CMAP_CMD_GET_SA (dump)        request: [CMAP_A_SA { filter }]; one message
 *                               per SA, larval reservations included
 * CMAP_CMD_FLUSH_SA (do)        request: [CMAP_A_SA { filter }]: deletes the
 *                               matching SAs ("clear crypto sa [peer A | map
 *                               NAME]"); reply: CMAP_A_SA { COUNT }
 * CMAP_CMD_ALLOC_SPI (do)       request: [CMAP_A_SA { [SPI_MIN], [SPI_MAX],
 *                               [PEER], [ENTRY_ID], [LARVAL_SECS] }]
 *                               reply:   CMAP_A_SA { DIR (in), SPI, CONN_ID }
 *                               reserves a random unused inbound SPI in
 *                               [SPI_MIN, SPI_MAX] (default 256..2^32-1) for
 *                               LARVAL_SECS (default 60, 1..3600); ESP for it
 *                               is dropped (STAT_DROP_LARVAL) until NEW_SA
 * CMAP_CMD_CLEAR_COUNTERS (do)  request: [CMAP_A_SA { filter }]: zeroes the
 *                               counters of the matching SAs, and with no
 *                               filter also the namespace's CMAP_A_STATS and
 *                               every entry and line hit counter ("clear
 *                               crypto sa counters")
 * CMAP_CMD_GET_STATS (do)       reply:   CMAP_A_STATS
 * CMAP_CMD_GET_HITS (dump)      reply:   one message per entry of a static
 *                               map: CMAP_A_GENERATION, CMAP_A_ENTRY { MAP,
 *                               SEQ, ID, HITS, LINE_HITS }
 *
 * An SA is named by its key: CONN_ID alone, or DIR and SPI, and PEER as
 * well for an outbound SA. A filter is any of PEER, ENTRY_ID, MAP and DIR;
 * all given must match.
 *
 * Events: the multicast group CMAP_MCGRP_EVENTS of the family (joining it
 * needs CAP_NET_ADMIN over the namespace, like every command) carries
 *   CMAP_CMD_EV_ACQUIRE           CMAP_A_ACQUIRE: a permit line matched and
 *                                 no outbound SA exists
 *   CMAP_CMD_EV_EXPIRE            CMAP_A_SA (no keys), HARD set for the hard
 *                                 limit
 *   CMAP_CMD_EV_SA_ADDED          CMAP_A_SA
 *   CMAP_CMD_EV_SA_DELETED        CMAP_A_SA with REASON
 * An event that cannot be allocated is lost (counted in
 * CMAP_STAT_EVENTS_LOST); listeners resynchronise with GET_SA.
 *
 * CMAP_A_SA               nest, CMAP_SA_A_*:
 *   DIR                   u8, enum cmap_sa_dir
 *   SPI                   u32, host order, 256..4294967295
 *   PEER                  be32, the remote tunnel endpoint
 *   LOCAL                 be32, the local tunnel endpoint; absent: the
 *                         address of the map's local-address interface, else
 *                         of the interface the packet leaves by
 *   ENTRY_ID              u32, the map entry (CMAP_ENTRY_A_ID) of the running
 *                         configuration
 *   LINE                  u32, SEQ of the access-list line the SA protects;
 *                         0 or absent: all lines of the entry
 *   CIPHER, KEYBITS, AUTH, MODE   as CMAP_TSET_A_*; KEYBITS default 128
 *   ENC_KEY               binary, write-only: the cipher key; for GCM and
 *                         GMAC followed by the 4-byte salt (RFC 4106/4543);
 *                         empty for NULL
 *   AUTH_KEY              binary, write-only: the HMAC key, as long as the
 *                         hash's output (16, 20, 32, 48, 64 bytes)
 *   FLAGS                 u32, CMAP_SA_F_*
 *   REPLAY_WINDOW         u32, as CMAP_GLOBAL_A_REPLAY_WINDOW; absent: the
 *                         entry's; ESN needs a window
 *   SEL                   nest, CMAP_SEL_A_*: the traffic the SA carries,
 *                         in its own direction (inbound: from the peer's
 *                         side). Absent: the entry's line (LINE), mirrored
 *                         for inbound SAs
 *   SOFT_SECS, HARD_SECS  u32, seconds from creation; 0: none
 *   SOFT_KB, HARD_KB      u64, kilobytes (1024 bytes) of inner packets
 *   CONN_ID               u32, reply only (request: a key): the IOS
 *                         connection id, from 2000 upwards, unique in the
 *                         namespace
 *   STATE                 u8, enum cmap_sa_state, reply only
 *   SEQ                   u64, reply only: outbound the last sequence number
 *                         sent, inbound the highest one accepted
 *   AGE                   u64, reply only: seconds since creation
 *   COUNTERS              nest, CMAP_SA_CTR_A_* u64 each, reply only
 *   MAP, ENTRY_SEQ        string, u16, reply only (MAP also a filter): the
 *                         entry's map and sequence number
 *   HARD                  flag, EV_EXPIRE only
 *   REASON                u8, enum cmap_sa_reason, EV_SA_DELETED only
 *   SPI_MIN, SPI_MAX      u32, ALLOC_SPI only
 *   LARVAL_SECS           u32, ALLOC_SPI only
 *   COUNT                 u32, reply of FLUSH_SA: SAs deleted
 *   PAD                   padding for u64
 *   ICV_LEN, IV_LEN, BLOCK u8, reply only: the ESP layout
 * CMAP_SEL_A_*            SRC, DST be32 with SRC_PLEN, DST_PLEN u8 (0..32);
 *                         PROTO u8 (0: any); SPORT_LO/HI, DPORT_LO/HI u16
 *                         (absent: any)
 * CMAP_A_ACQUIRE          nest, CMAP_ACQ_A_*: ENTRY_ID u32, MAP string,
 *                         ENTRY_SEQ u16, LINE u32 (SEQ of the line), PEER
 *                         be32 (the entry's first peer), and the packet:
 *                         SRC, DST be32, PROTO u8, SPORT, DPORT u16
 * CMAP_A_STATS            nest of u64, attribute type = enum cmap_stat
 * CMAP_ENTRY_A_LINE_HITS  nest of CMAP_ACL_A_LINE { SEQ, HITS }, reply only
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
	CMAP_CMD_NEW_SA,
	CMAP_CMD_UPD_SA,
	CMAP_CMD_DEL_SA,
	CMAP_CMD_GET_SA,
	CMAP_CMD_FLUSH_SA,
	CMAP_CMD_ALLOC_SPI,
	CMAP_CMD_CLEAR_COUNTERS,
	CMAP_CMD_GET_STATS,
	CMAP_CMD_GET_HITS,
	CMAP_CMD_EV_ACQUIRE,
	CMAP_CMD_EV_EXPIRE,
	CMAP_CMD_EV_SA_ADDED,
	CMAP_CMD_EV_SA_DELETED,
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
	CMAP_A_SA,
	CMAP_A_ACQUIRE,
	CMAP_A_STATS,
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
	CMAP_ENTRY_A_LINE_HITS,
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

/* Multicast groups of the family */
#define CMAP_MCGRP_EVENTS	"events"

#define CMAP_SPI_MIN		256	/* 1..255 are reserved (RFC 4303) */
#define CMAP_LARVAL_SECS	60
#define CMAP_LARVAL_SECS_MAX	3600
#define CMAP_CONN_ID_BASE	2000

enum cmap_sa_dir {
	CMAP_SA_DIR_IN,
	CMAP_SA_DIR_OUT,
	__CMAP_SA_DIR_MAX
};

/* CMAP_SA_A_FLAGS bits */
enum cmap_sa_flag {
	CMAP_SA_F_ESN = 1U << 0,	/* 64-bit extended sequence numbers */
	__CMAP_SA_F_ALL = CMAP_SA_F_ESN
};

enum cmap_sa_state {
	CMAP_SA_LARVAL,		/* SPI reserved, no keys yet */
	CMAP_SA_MATURE,
	CMAP_SA_DYING,		/* soft limit reached */
	CMAP_SA_DEAD,		/* hard limit reached or deleted */
	__CMAP_SA_STATE_MAX
};

enum cmap_sa_reason {
	CMAP_SA_REASON_DELETED,		/* DEL_SA */
	CMAP_SA_REASON_FLUSH,		/* FLUSH_SA */
	CMAP_SA_REASON_CONFIG,		/* its map entry changed or went */
	CMAP_SA_REASON_EXPIRED,		/* hard lifetime */
	CMAP_SA_REASON_LARVAL,		/* reservation not used in time */
	CMAP_SA_REASON_SEQ,		/* sequence numbers exhausted */
	__CMAP_SA_REASON_MAX
};

enum cmap_sa_attr {
	CMAP_SA_A_UNSPEC,
	CMAP_SA_A_DIR,
	CMAP_SA_A_SPI,
	CMAP_SA_A_PEER,
	CMAP_SA_A_LOCAL,
	CMAP_SA_A_ENTRY_ID,
	CMAP_SA_A_LINE,
	CMAP_SA_A_CIPHER,
	CMAP_SA_A_KEYBITS,
	CMAP_SA_A_AUTH,
	CMAP_SA_A_MODE,
	CMAP_SA_A_ENC_KEY,
	CMAP_SA_A_AUTH_KEY,
	CMAP_SA_A_FLAGS,
	CMAP_SA_A_REPLAY_WINDOW,
	CMAP_SA_A_SEL,
	CMAP_SA_A_SOFT_SECS,
	CMAP_SA_A_HARD_SECS,
	CMAP_SA_A_SOFT_KB,
	CMAP_SA_A_HARD_KB,
	CMAP_SA_A_CONN_ID,
	CMAP_SA_A_STATE,
	CMAP_SA_A_SEQ,
	CMAP_SA_A_AGE,
	CMAP_SA_A_COUNTERS,
	CMAP_SA_A_MAP,
	CMAP_SA_A_ENTRY_SEQ,
	CMAP_SA_A_HARD,
	CMAP_SA_A_REASON,
	CMAP_SA_A_SPI_MIN,
	CMAP_SA_A_SPI_MAX,
	CMAP_SA_A_LARVAL_SECS,
	CMAP_SA_A_COUNT,
	CMAP_SA_A_PAD,
	CMAP_SA_A_ICV_LEN,
	CMAP_SA_A_IV_LEN,
	CMAP_SA_A_BLOCK,
	__CMAP_SA_A_MAX
};
#define CMAP_SA_A_MAX (__CMAP_SA_A_MAX - 1)

enum cmap_sel_attr {
	CMAP_SEL_A_UNSPEC,
	CMAP_SEL_A_SRC,
	CMAP_SEL_A_SRC_PLEN,
	CMAP_SEL_A_DST,
	CMAP_SEL_A_DST_PLEN,
	CMAP_SEL_A_PROTO,
	CMAP_SEL_A_SPORT_LO,
	CMAP_SEL_A_SPORT_HI,
	CMAP_SEL_A_DPORT_LO,
	CMAP_SEL_A_DPORT_HI,
	__CMAP_SEL_A_MAX
};
#define CMAP_SEL_A_MAX (__CMAP_SEL_A_MAX - 1)

/* Per SA, IOS "show crypto ipsec sa" names */
enum cmap_sa_ctr_attr {
	CMAP_SA_CTR_A_UNSPEC,
	CMAP_SA_CTR_A_ENCAPS,		/* #pkts encaps */
	CMAP_SA_CTR_A_ENCRYPT,		/* #pkts encrypt */
	CMAP_SA_CTR_A_DIGEST,		/* #pkts digest */
	CMAP_SA_CTR_A_DECAPS,		/* #pkts decaps */
	CMAP_SA_CTR_A_DECRYPT,		/* #pkts decrypt */
	CMAP_SA_CTR_A_VERIFY,		/* #pkts verify */
	CMAP_SA_CTR_A_BYTES,		/* inner bytes, for the KB lifetime */
	CMAP_SA_CTR_A_SEND_ERRORS,	/* #send errors */
	CMAP_SA_CTR_A_RECV_ERRORS,	/* #recv errors (all inbound drops) */
	CMAP_SA_CTR_A_REPLAY,		/* replay failures */
	CMAP_SA_CTR_A_AUTH,		/* authentication (ICV) failures */
	CMAP_SA_CTR_A_SELECTOR,		/* inner packet outside the selectors */
	CMAP_SA_CTR_A_PAD,
	__CMAP_SA_CTR_A_MAX
};
#define CMAP_SA_CTR_A_MAX (__CMAP_SA_CTR_A_MAX - 1)

enum cmap_acq_attr {
	CMAP_ACQ_A_UNSPEC,
	CMAP_ACQ_A_ENTRY_ID,
	CMAP_ACQ_A_MAP,
	CMAP_ACQ_A_ENTRY_SEQ,
	CMAP_ACQ_A_LINE,
	CMAP_ACQ_A_PEER,
	CMAP_ACQ_A_SRC,
	CMAP_ACQ_A_DST,
	CMAP_ACQ_A_PROTO,
	CMAP_ACQ_A_SPORT,
	CMAP_ACQ_A_DPORT,
	__CMAP_ACQ_A_MAX
};
#define CMAP_ACQ_A_MAX (__CMAP_ACQ_A_MAX - 1)

/*
 * Per-namespace counters (CMAP_A_STATS). DROP_* count packets the module
 * dropped, by reason; the others count what it did.
 */
enum cmap_stat {
	CMAP_STAT_UNSPEC,
	CMAP_STAT_OUT_PROTECTED,	/* packets sent through an SA */
	CMAP_STAT_OUT_CLEAR_DENY,	/* deny line: sent in clear */
	CMAP_STAT_OUT_CLEAR_NOMATCH,	/* no line matched: sent in clear */
	CMAP_STAT_OUT_IKE_BYPASS,	/* local IKE (UDP 500/4500), in clear */
	CMAP_STAT_IN_DECRYPTED,		/* inner packets handed to the stack */
	CMAP_STAT_IN_NOT_OURS,		/* ESP left to the stack (XFRM) */
	CMAP_STAT_ACQUIRES,		/* acquire events sent */
	CMAP_STAT_ACQUIRES_LIMITED,	/* acquires held back by the limit */
	CMAP_STAT_EVENTS_LOST,
	CMAP_STAT_DROP_NO_SA,		/* permit line, no outbound SA */
	CMAP_STAT_DROP_CLEARTEXT,	/* cleartext that should be ESP */
	CMAP_STAT_DROP_FRAG_NEEDED,	/* DF and too big: ICMP sent */
	CMAP_STAT_DROP_NO_ROUTE,	/* no route to the peer */
	CMAP_STAT_DROP_NOMEM,
	CMAP_STAT_DROP_GSO,		/* segmentation failed */
	CMAP_STAT_DROP_ENCRYPT,		/* the crypto API failed */
	CMAP_STAT_DROP_SEQ,		/* sequence numbers exhausted */
	CMAP_STAT_DROP_MALFORMED,	/* ESP too short, bad length */
	CMAP_STAT_DROP_ZERO_SPI,
	CMAP_STAT_DROP_LARVAL,		/* SPI reserved, no keys yet */
	CMAP_STAT_DROP_REPLAY,
	CMAP_STAT_DROP_AUTH,		/* ICV verification failed */
	CMAP_STAT_DROP_DECRYPT,		/* other crypto API errors */
	CMAP_STAT_DROP_TRAILER,		/* bad pad length or pad bytes */
	CMAP_STAT_DROP_NEXT_HEADER,	/* unexpected next header */
	CMAP_STAT_DROP_DUMMY,		/* next header 59 (RFC 4303 2.6) */
	CMAP_STAT_DROP_INNER,		/* bad inner IPv4 header */
	CMAP_STAT_DROP_SELECTOR,	/* inner packet outside the SA */
	CMAP_STAT_DROP_INNER_ROUTE,	/* no route for the inner packet */
	CMAP_STAT_DROP_NESTING,		/* ESP nested too deep */
	CMAP_STAT_DROP_SA_DEAD,		/* SA reached its hard limit */
	CMAP_STAT_DROP_BACKLOG,		/* crypto_parallel: SA's queue full */
	__CMAP_STAT_MAX
};
#define CMAP_STAT_MAX (__CMAP_STAT_MAX - 1)

#endif /* _UAPI_LINUX_CRYPTOMAP_H */
