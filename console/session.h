/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SESSION_H
#define SESSION_H

#include "boot_args.h"

/* Exit statuses of a session, as the host sees them (README). */
enum {
	STATUS_PASS = 0,
	STATUS_FAIL = 1,
	STATUS_ERROR = 2, /* bail-out, Lua error, bad boot parameter */
};

int session_run(const struct boot_args *args);
int session_script(int argc, char **argv);

#endif
