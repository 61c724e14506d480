/* SPDX-License-Identifier: GPL-2.0 */
/* Run a program to its end and keep what it wrote: proc.run(). */
#ifndef RUN_PROGRAM_H
#define RUN_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

struct run_request {
	char *const *argv; /* argv[0]: a path, or a name looked up in PATH */
	bool host_root; /* with the host's / as its root (host_view.c) */
	const char *input; /* its stdin; NULL: /dev/null */
	size_t input_len;
	double timeout; /* seconds, then SIGKILL; below 0: none */
};

struct output {
	char *data;
	size_t len, size;
};

struct run_result {
	struct output out, err; /* what it wrote to stdout and stderr */
	int wstatus; /* waitpid()'s */
	bool timed_out; /* killed at the timeout */
	const char *failed_step; /* on -1: what failed, as errno says */
};

/*
 * 0 when the program ran (whatever its status), or -1 with errno and
 * failed_step: no process, or one that could not start it (a setup step
 * or exec; the process is reaped), or a ^C (EINTR: the process killed).
 * The outputs are the caller's to free, also on -1.
 */
int run_program(const struct run_request *req, struct run_result *res);

#endif
