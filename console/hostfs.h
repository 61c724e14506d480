/* SPDX-License-Identifier: GPL-2.0 */
/* The host's files inside the guest: hostfs, mounted on /host (pid1.c). */
#ifndef HOSTFS_H
#define HOSTFS_H

#include <limits.h>

/*
 * The longest host path as the guest names it, with its terminating NUL:
 * "/host" and then a host path of up to PATH_MAX bytes (its NUL included).
 */
#define HOSTFS_PATH_MAX (sizeof("/host") - 1 + PATH_MAX)

#endif
