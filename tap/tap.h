/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP from the C test programs that run inside ./linux (tests/guest/,
 * tests/fuzz/): what tap.lua is to the scenarios.
 */
#ifndef TAP_H
#define TAP_H

#include <stdbool.h>
#include <stdnoreturn.h>

void tap_plan(int tests);
void tap_skip_all(const char *reason);
/*
 * "ok N - ..." or "not ok N - ..." and a YAML block saying where the
 * failing check is (at: "file:line"); returns @pass.
 */
#define tap_ok(pass, ...) tap_ok_at(__FILE__, __LINE__, pass, __VA_ARGS__)
bool tap_ok_at(const char *file, int line, bool pass, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "ok N - @name # SKIP @reason": a test this kernel cannot run. */
void tap_skip(const char *name, const char *reason);
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Bail out! @what: strerror(errno)", and exit status 2. */
noreturn void tap_bail_out(const char *what);
int tap_tests_run(void);
int tap_tests_failed(void);

#endif
