/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel command line asked of /init. */
#ifndef BOOT_ARGS_H
#define BOOT_ARGS_H

#include <stdbool.h>

struct boot_args {
	const char *run; /* run=NAME or a host path, or NULL */
	bool verbose; /* show the kernel log on the host's stderr */
	bool leakcheck; /* a kmemleak scan before power-off */
	int argc; /* the other bare words: the script's arg */
	char **argv; /* or the program's argv[1..] */
};

void boot_args_collect(struct boot_args *args, int argc, char **argv);

#endif
