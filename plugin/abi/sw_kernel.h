/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strongSwan 5.9.8 ABI, part 4: charon's kernel interface (libcharon).
 * Declared from the 5.9.8 sources named per struct; see sw_base.h.
 */
#ifndef CMAP_SW_KERNEL_H
#define CMAP_SW_KERNEL_H

#include <time.h>

#include "sw_base.h"
#include "sw_net.h"
#include "sw_ipsec.h"

/* src/libcharon/kernel/kernel_interface.h: the default range of SPIs
 * (charon.spi_min/spi_max), and enum kernel_feature_t (flags). */
#define KERNEL_SPI_MIN 0xc0000000u
#define KERNEL_SPI_MAX 0xcfffffffu

typedef enum kernel_feature_t {
	KERNEL_ESP_V3_TFC = 1 << 0,
	KERNEL_REQUIRE_EXCLUDE_ROUTE = 1 << 1,
	KERNEL_REQUIRE_UDP_ENCAPSULATION = 1 << 2,
	KERNEL_NO_POLICY_UPDATES = 1 << 3,
	KERNEL_POLICY_SPI = 1 << 4,
} kernel_feature_t;

/* src/libcharon/kernel/kernel_ipsec.h: struct kernel_ipsec_sa_id_t. spi is
 * in network order, proto an IP protocol number (IPPROTO_ESP/AH). */
typedef struct kernel_ipsec_sa_id_t {
	host_t *src;
	host_t *dst;
	uint32_t spi;
	uint8_t proto;
	mark_t mark;
	uint32_t if_id;
} kernel_ipsec_sa_id_t;
CMAP_ABI_ASSERT(offsetof(kernel_ipsec_sa_id_t, mark) == 24 &&
		sizeof(kernel_ipsec_sa_id_t) == 40, "kernel_ipsec_sa_id_t layout");

/* same file: struct kernel_ipsec_add_sa_t. The selector lists hold
 * traffic_selector_t *; keys are chunks the plugin must never log. */
typedef struct kernel_ipsec_add_sa_t {
	uint32_t reqid;
	ipsec_mode_t mode;
	linked_list_t *src_ts;
	linked_list_t *dst_ts;
	char *interface;
	lifetime_cfg_t *lifetime;
	uint16_t enc_alg;
	chunk_t enc_key;
	uint16_t int_alg;
	chunk_t int_key;
	uint32_t replay_window;
	uint32_t tfc;
	uint16_t ipcomp;
	uint16_t cpi;
	bool encap;
	hw_offload_t hw_offload;
	mark_t mark;
	sec_label_t *label;
	bool esn;
	bool copy_df;
	bool copy_ecn;
	dscp_copy_t copy_dscp;
	bool initiator;
	bool inbound;
	bool update;
} kernel_ipsec_add_sa_t;
CMAP_ABI_ASSERT(offsetof(kernel_ipsec_add_sa_t, enc_key) == 48 &&
		offsetof(kernel_ipsec_add_sa_t, int_key) == 72 &&
		offsetof(kernel_ipsec_add_sa_t, replay_window) == 88 &&
		offsetof(kernel_ipsec_add_sa_t, encap) == 100 &&
		offsetof(kernel_ipsec_add_sa_t, hw_offload) == 104 &&
		offsetof(kernel_ipsec_add_sa_t, label) == 120 &&
		offsetof(kernel_ipsec_add_sa_t, copy_dscp) == 132 &&
		offsetof(kernel_ipsec_add_sa_t, update) == 138 &&
		sizeof(kernel_ipsec_add_sa_t) == 144, "kernel_ipsec_add_sa_t layout");

/* same file: struct kernel_ipsec_update_sa_t (NAT-T/MOBIKE address change). */
typedef struct kernel_ipsec_update_sa_t {
	uint16_t cpi;
	host_t *new_src;
	host_t *new_dst;
	bool encap;
	bool new_encap;
	uint32_t new_reqid;
} kernel_ipsec_update_sa_t;

/* same file: struct kernel_ipsec_query_sa_t and kernel_ipsec_del_sa_t. */
typedef struct kernel_ipsec_query_sa_t {
	uint16_t cpi;
} kernel_ipsec_query_sa_t;

typedef struct kernel_ipsec_del_sa_t {
	uint16_t cpi;
} kernel_ipsec_del_sa_t;

/* same file: struct kernel_ipsec_policy_id_t. */
typedef struct kernel_ipsec_policy_id_t {
	policy_dir_t dir;
	traffic_selector_t *src_ts;
	traffic_selector_t *dst_ts;
	mark_t mark;
	uint32_t if_id;
	char *interface;
	sec_label_t *label;
} kernel_ipsec_policy_id_t;
CMAP_ABI_ASSERT(offsetof(kernel_ipsec_policy_id_t, mark) == 24 &&
		offsetof(kernel_ipsec_policy_id_t, interface) == 40 &&
		sizeof(kernel_ipsec_policy_id_t) == 56, "kernel_ipsec_policy_id_t layout");

/* same file: struct kernel_ipsec_manage_policy_t (add and delete). */
typedef struct kernel_ipsec_manage_policy_t {
	policy_type_t type;
	policy_priority_t prio;
	uint32_t manual_prio;
	host_t *src;
	host_t *dst;
	ipsec_sa_cfg_t *sa;
} kernel_ipsec_manage_policy_t;
CMAP_ABI_ASSERT(offsetof(kernel_ipsec_manage_policy_t, src) == 16 &&
		sizeof(kernel_ipsec_manage_policy_t) == 40,
		"kernel_ipsec_manage_policy_t layout");

/* same file: struct kernel_ipsec_query_policy_t has no members (GNU C). */
typedef struct kernel_ipsec_query_policy_t {
	char unused[0];
} kernel_ipsec_query_policy_t;

/* same file: struct kernel_ipsec_t, the backend's method table, in order. */
typedef struct kernel_ipsec_t kernel_ipsec_t;
struct kernel_ipsec_t {
	kernel_feature_t (*get_features)(kernel_ipsec_t *self);
	status_t (*get_spi)(kernel_ipsec_t *self, host_t *src, host_t *dst,
			    uint8_t protocol, uint32_t *spi);
	status_t (*get_cpi)(kernel_ipsec_t *self, host_t *src, host_t *dst,
			    uint16_t *cpi);
	status_t (*add_sa)(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			   kernel_ipsec_add_sa_t *data);
	status_t (*update_sa)(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			      kernel_ipsec_update_sa_t *data);
	status_t (*query_sa)(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			     kernel_ipsec_query_sa_t *data, uint64_t *bytes,
			     uint64_t *packets, time_t *time);
	status_t (*del_sa)(kernel_ipsec_t *self, kernel_ipsec_sa_id_t *id,
			   kernel_ipsec_del_sa_t *data);
	status_t (*flush_sas)(kernel_ipsec_t *self);
	status_t (*add_policy)(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			       kernel_ipsec_manage_policy_t *data);
	status_t (*query_policy)(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
				 kernel_ipsec_query_policy_t *data, time_t *use_time);
	status_t (*del_policy)(kernel_ipsec_t *self, kernel_ipsec_policy_id_t *id,
			       kernel_ipsec_manage_policy_t *data);
	status_t (*flush_policies)(kernel_ipsec_t *self);
	bool (*bypass_socket)(kernel_ipsec_t *self, int fd, int family);
	bool (*enable_udp_decap)(kernel_ipsec_t *self, int fd, int family,
				 uint16_t port);
	void (*destroy)(kernel_ipsec_t *self);
};
CMAP_ABI_ASSERT(sizeof(kernel_ipsec_t) == 15 * sizeof(void *),
		"kernel_ipsec_t has 15 methods");

typedef kernel_ipsec_t *(*kernel_ipsec_constructor_t)(void);

/* src/libcharon/kernel/kernel_listener.h: struct kernel_acquire_data_t,
 * what an acquire hands to charon besides the reqid. */
typedef struct kernel_acquire_data_t {
	traffic_selector_t *src;
	traffic_selector_t *dst;
	sec_label_t *label;
} kernel_acquire_data_t;

/*
 * src/libcharon/kernel/kernel_interface.h: struct kernel_interface_t
 * (charon->kernel), complete in 5.9.8 order. The backend reports events
 * through acquire/expire/mapping/migrate. Objects we never touch are void *.
 * Cross-checked against Debian's binary: libcharon's kernel_ipsec_register
 * jumps through offsets 0xe0 and 0xe8, kernel_interface_create stores its
 * last method at 0x150.
 */
typedef struct kernel_interface_t kernel_interface_t;
struct kernel_interface_t {
	kernel_feature_t (*get_features)(kernel_interface_t *self);
	status_t (*get_spi)(kernel_interface_t *self, host_t *src, host_t *dst,
			    uint8_t protocol, uint32_t *spi);
	status_t (*get_cpi)(kernel_interface_t *self, host_t *src, host_t *dst,
			    uint16_t *cpi);
	status_t (*alloc_reqid)(kernel_interface_t *self, linked_list_t *local_ts,
				linked_list_t *remote_ts, mark_t mark_in,
				mark_t mark_out, uint32_t if_id_in,
				uint32_t if_id_out, sec_label_t *label,
				uint32_t *reqid);
	status_t (*release_reqid)(kernel_interface_t *self, uint32_t reqid,
				  mark_t mark_in, mark_t mark_out,
				  uint32_t if_id_in, uint32_t if_id_out,
				  sec_label_t *label);
	status_t (*add_sa)(kernel_interface_t *self, kernel_ipsec_sa_id_t *id,
			   kernel_ipsec_add_sa_t *data);
	status_t (*update_sa)(kernel_interface_t *self, kernel_ipsec_sa_id_t *id,
			      kernel_ipsec_update_sa_t *data);
	status_t (*query_sa)(kernel_interface_t *self, kernel_ipsec_sa_id_t *id,
			     kernel_ipsec_query_sa_t *data, uint64_t *bytes,
			     uint64_t *packets, time_t *time);
	status_t (*del_sa)(kernel_interface_t *self, kernel_ipsec_sa_id_t *id,
			   kernel_ipsec_del_sa_t *data);
	status_t (*flush_sas)(kernel_interface_t *self);
	status_t (*add_policy)(kernel_interface_t *self,
			       kernel_ipsec_policy_id_t *id,
			       kernel_ipsec_manage_policy_t *data);
	status_t (*query_policy)(kernel_interface_t *self,
				 kernel_ipsec_policy_id_t *id,
				 kernel_ipsec_query_policy_t *data,
				 time_t *use_time);
	status_t (*del_policy)(kernel_interface_t *self,
			       kernel_ipsec_policy_id_t *id,
			       kernel_ipsec_manage_policy_t *data);
	status_t (*flush_policies)(kernel_interface_t *self);
	host_t *(*get_source_addr)(kernel_interface_t *self, host_t *dest,
				   host_t *src);
	host_t *(*get_nexthop)(kernel_interface_t *self, host_t *dest, int prefix,
			       host_t *src, char **iface);
	bool (*get_interface)(kernel_interface_t *self, host_t *host, char **name);
	enumerator_t *(*create_address_enumerator)(kernel_interface_t *self,
						   int which);
	enumerator_t *(*create_local_subnet_enumerator)(kernel_interface_t *self);
	status_t (*add_ip)(kernel_interface_t *self, host_t *vip, int prefix,
			   char *iface);
	status_t (*del_ip)(kernel_interface_t *self, host_t *vip, int prefix,
			   bool wait);
	status_t (*add_route)(kernel_interface_t *self, chunk_t dst_net,
			      uint8_t prefixlen, host_t *gateway, host_t *src_ip,
			      char *if_name, bool pass);
	status_t (*del_route)(kernel_interface_t *self, chunk_t dst_net,
			      uint8_t prefixlen, host_t *gateway, host_t *src_ip,
			      char *if_name, bool pass);
	bool (*bypass_socket)(kernel_interface_t *self, int fd, int family);
	bool (*enable_udp_decap)(kernel_interface_t *self, int fd, int family,
				 uint16_t port);
	bool (*is_interface_usable)(kernel_interface_t *self, const char *iface);
	bool (*all_interfaces_usable)(kernel_interface_t *self);
	status_t (*get_address_by_ts)(kernel_interface_t *self,
				      traffic_selector_t *ts, host_t **ip,
				      bool *vip);
	bool (*add_ipsec_interface)(kernel_interface_t *self,
				    kernel_ipsec_constructor_t create);
	bool (*remove_ipsec_interface)(kernel_interface_t *self,
				       kernel_ipsec_constructor_t create);
	bool (*add_net_interface)(kernel_interface_t *self, void *create);
	bool (*remove_net_interface)(kernel_interface_t *self, void *create);
	void (*add_listener)(kernel_interface_t *self, void *listener);
	void (*remove_listener)(kernel_interface_t *self, void *listener);
	void (*acquire)(kernel_interface_t *self, uint32_t reqid,
			kernel_acquire_data_t *data);
	void (*expire)(kernel_interface_t *self, uint8_t protocol, uint32_t spi,
		       host_t *dst, bool hard);
	void (*mapping)(kernel_interface_t *self, uint8_t protocol, uint32_t spi,
			host_t *dst, host_t *remote);
	void (*migrate)(kernel_interface_t *self, uint32_t reqid,
			traffic_selector_t *src_ts, traffic_selector_t *dst_ts,
			policy_dir_t direction, host_t *local, host_t *remote);
	void (*roam)(kernel_interface_t *self, bool address);
	void (*tun)(kernel_interface_t *self, void *tun, bool created);
	void (*register_algorithm)(kernel_interface_t *self, uint16_t alg_id,
				   int type, uint16_t kernel_id, char *kernel_name);
	bool (*lookup_algorithm)(kernel_interface_t *self, uint16_t alg_id,
				 int type, uint16_t *kernel_id, char **kernel_name);
	void (*destroy)(kernel_interface_t *self);
};
CMAP_ABI_ASSERT(offsetof(kernel_interface_t, add_ipsec_interface) == 0xe0 &&
		offsetof(kernel_interface_t, remove_ipsec_interface) == 0xe8 &&
		offsetof(kernel_interface_t, acquire) == 34 * 8 &&
		offsetof(kernel_interface_t, destroy) == 0x150,
		"kernel_interface_t layout");

/* src/libcharon/daemon.h: struct daemon_t, the global `charon`; prefix up
 * to `kernel` (cross-checked: kernel_ipsec_register loads offset 8). */
typedef struct daemon_t {
	void *socket;
	kernel_interface_t *kernel;
	/* managers, bus, controller, methods follow: not declared */
} daemon_t;
CMAP_ABI_ASSERT(offsetof(daemon_t, kernel) == 8, "charon->kernel position");

extern daemon_t *charon;

/* src/libcharon/kernel/kernel_ipsec.h: the plugin feature callback that
 * registers (reg = true) or removes a kernel_ipsec_constructor_t passed as
 * its data with charon->kernel. The first registration wins. */
struct plugin_t;
struct plugin_feature_t;
extern bool kernel_ipsec_register(struct plugin_t *plugin,
				  struct plugin_feature_t *feature, bool reg,
				  void *data);

#endif /* CMAP_SW_KERNEL_H */
