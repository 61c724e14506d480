// SPDX-License-Identifier: GPL-2.0
/* TAP from C test programs (tap.h): one count of tests per program. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int tests_run, tests_failed;

void tap_plan(int tests)
{
	printf("TAP version 13\n1..%d\n", tests);
	fflush(stdout);
}

void tap_skip_all(const char *reason)
{
	printf("TAP version 13\n1..0 # SKIP %s\n", reason);
	fflush(stdout);
}

bool tap_ok_at(const char *file, int line, bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tests_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	/*
	 * The TAP 14 YAML block tap.lua writes too.  @file is a source path
	 * of this tree (__FILE__): nothing in it needs escaping.
	 */
	if (!pass)
		printf("  ---\n  at: \"%s:%d\"\n  ...\n", file, line);
	fflush(stdout);
	tests_failed += !pass;
	return pass;
}

void tap_skip(const char *name, const char *reason)
{
	printf("ok %d - %s # SKIP %s\n", ++tests_run, name, reason);
	fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

noreturn void tap_bail_out(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(2);
}

int tap_tests_run(void)
{
	return tests_run;
}

int tap_tests_failed(void)
{
	return tests_failed;
}
