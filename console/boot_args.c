// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel hands init the bare words of its command line as argv and the
 * key=value words it does not know as the environment.  Collect what is
 * ours (run=, verbose, leakcheck) and leave everything else to the script
 * or program, as lua.c collectargs() does before runargs() acts on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_args.h"

void boot_args_collect(struct boot_args *args, int argc, char **argv)
{
	int i, kept = 0;

	args->run = getenv("run");
	args->verbose = false;
	args->leakcheck = false;
	args->argv = argv + 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "verbose"))
			args->verbose = true;
		else if (!strcmp(argv[i], "leakcheck"))
			args->leakcheck = true;
		else
			args->argv[kept++] = argv[i];
	}
	args->argc = kept;
	args->argv[kept] = NULL;
}
