/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strongSwan 5.9.8 ABI, part 2: addresses, traffic selectors, labels.
 * Declared from the 5.9.8 sources named per struct; see sw_base.h.
 */
#ifndef CMAP_SW_NET_H
#define CMAP_SW_NET_H

#include "sw_base.h"

/* src/libstrongswan/networking/host.h: struct host_t, complete method table.
 * get_address() returns a chunk pointing into the object (network order);
 * get_port() is in host order. */
typedef struct host_t host_t;
struct host_t {
	host_t *(*clone)(host_t *self);
	struct sockaddr *(*get_sockaddr)(host_t *self);
	socklen_t *(*get_sockaddr_len)(host_t *self);
	int (*get_family)(host_t *self);
	bool (*is_anyaddr)(host_t *self);
	chunk_t (*get_address)(host_t *self);
	uint16_t (*get_port)(host_t *self);
	void (*set_port)(host_t *self, uint16_t port);
	bool (*ip_equals)(host_t *self, host_t *other);
	bool (*equals)(host_t *self, host_t *other);
	void (*destroy)(host_t *self);
};
CMAP_ABI_ASSERT(sizeof(host_t) == 11 * sizeof(void *), "host_t has 11 methods");
extern host_t *host_create_from_string(char *string, uint16_t port);
/* same file: a host from an address in network order (4 or 16 bytes). */
extern host_t *host_create_from_chunk(int family, chunk_t address, uint16_t port);

/* src/libstrongswan/selectors/traffic_selector.h: enum ts_type_t (IKEv2 TS
 * type numbers) and struct traffic_selector_t, complete method table.
 * Addresses are chunks into the object (network order), ports host order
 * (ICMP: type in the high byte, code in the low byte). to_subnet() hands out
 * a new host_t the caller destroys. */
typedef enum ts_type_t {
	TS_IPV4_ADDR_RANGE = 7,
	TS_IPV6_ADDR_RANGE = 8,
	TS_SECLABEL = 10,
} ts_type_t;

typedef struct traffic_selector_t traffic_selector_t;
struct traffic_selector_t {
	traffic_selector_t *(*get_subset)(traffic_selector_t *self,
					  traffic_selector_t *other);
	traffic_selector_t *(*clone)(traffic_selector_t *self);
	chunk_t (*get_from_address)(traffic_selector_t *self);
	chunk_t (*get_to_address)(traffic_selector_t *self);
	uint16_t (*get_from_port)(traffic_selector_t *self);
	uint16_t (*get_to_port)(traffic_selector_t *self);
	ts_type_t (*get_type)(traffic_selector_t *self);
	uint8_t (*get_protocol)(traffic_selector_t *self);
	bool (*is_host)(traffic_selector_t *self, host_t *host);
	bool (*is_dynamic)(traffic_selector_t *self);
	void (*set_address)(traffic_selector_t *self, host_t *host);
	bool (*equals)(traffic_selector_t *self, traffic_selector_t *other);
	bool (*is_contained_in)(traffic_selector_t *self, traffic_selector_t *other);
	bool (*includes)(traffic_selector_t *self, host_t *host);
	bool (*to_subnet)(traffic_selector_t *self, host_t **net, uint8_t *mask);
	unsigned int (*hash)(traffic_selector_t *self, unsigned int inc);
	void (*destroy)(traffic_selector_t *self);
};
CMAP_ABI_ASSERT(sizeof(traffic_selector_t) == 17 * sizeof(void *),
		"traffic_selector_t has 17 methods");
extern traffic_selector_t *traffic_selector_create_from_cidr(char *string,
		uint8_t protocol, uint16_t from_port, uint16_t to_port);
/* same file: a range from two addresses in network order (the chunks are
 * copied), ports in host order. */
extern traffic_selector_t *traffic_selector_create_from_bytes(uint8_t protocol,
		ts_type_t type, chunk_t from_address, uint16_t from_port,
		chunk_t to_address, uint16_t to_port);

/* src/libstrongswan/selectors/sec_label.h: struct sec_label_t (security
 * labels, SELinux). We only ever log that one is present. */
typedef struct sec_label_t sec_label_t;
struct sec_label_t {
	chunk_t (*get_encoding)(sec_label_t *self);
	char *(*get_string)(sec_label_t *self);
	sec_label_t *(*clone)(sec_label_t *self);
	bool (*matches)(sec_label_t *self, sec_label_t *other);
	bool (*equals)(sec_label_t *self, sec_label_t *other);
	unsigned int (*hash)(sec_label_t *self, unsigned int inc);
	void (*destroy)(sec_label_t *self);
};

#endif /* CMAP_SW_NET_H */
