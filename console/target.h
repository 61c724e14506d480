/* SPDX-License-Identifier: GPL-2.0 */
/* What run= names: a built-in scenario or a host file, script or program. */
#ifndef TARGET_H
#define TARGET_H

#include <stdbool.h>

#include "hostfs.h"

struct target {
	/* In the guest: /scripts/..., /host/..., or a name in the host cwd. */
	char path[HOSTFS_PATH_MAX + 1 + NAME_MAX];
	bool is_program; /* executed, not run as Lua */
	bool wants_host_root; /* a dynamic ELF, or a script for the host */
};

int target_resolve(const char *run, struct target *t);

#endif
