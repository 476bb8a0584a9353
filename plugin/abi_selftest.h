/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Load-time check of the hand-declared strongSwan ABI (abi/) against the
 * running libstrongswan: exported name tables must name our enum values as
 * 5.9.8 does, and objects made by exported constructors must answer through
 * our method tables as expected. Catches a charon that is not the 5.9.8 we
 * were built for (e.g. after a distribution upgrade) before charon calls us.
 */
#ifndef CMAP_ABI_SELFTEST_H
#define CMAP_ABI_SELFTEST_H

#include "strongswan_abi.h"

/* NULL if every check passed, else what failed (a static string). */
const char *cmap_abi_selftest(plugin_feature_t *provide);

#endif /* CMAP_ABI_SELFTEST_H */
