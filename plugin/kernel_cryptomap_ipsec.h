/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * charon's kernel IPsec backend on top of cryptomap.ko (the role XFRM plays
 * for kernel-netlink): kernel_cryptomap_ipsec.c.
 */
#ifndef KERNEL_CRYPTOMAP_IPSEC_H
#define KERNEL_CRYPTOMAP_IPSEC_H

#include "strongswan_abi.h"

/* A kernel_ipsec_constructor_t: charon calls it once, when our
 * "kernel-ipsec" feature is registered. */
kernel_ipsec_t *kernel_cryptomap_ipsec_create(void);

#endif /* KERNEL_CRYPTOMAP_IPSEC_H */
