// SPDX-License-Identifier: GPL-2.0
/*
 * What the static console links instead of glibc's user database and
 * dlopen(), which a static program would take from shared libraries at
 * run time (the linker's warning): the guest has neither.  The Makefile
 * points the references at these with ld's --wrap.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pwd.h>
#include <stddef.h>

/* No passwd database in the guest: readline's ~user and user name
 * completion find nobody, as getpwnam() does with no entry. */
struct passwd *__wrap_getpwnam(const char *name)
{
	(void)name;
	errno = 0;
	return NULL;
}

struct passwd *__wrap_getpwuid(uid_t uid)
{
	(void)uid;
	errno = 0;
	return NULL;
}

struct passwd *__wrap_getpwent(void)
{
	errno = 0;
	return NULL;
}

void __wrap_setpwent(void)
{
}

void __wrap_endpwent(void)
{
}

/* Lua's package.loadlib and C modules: no shared object can be loaded
 * into a static PID 1, and the error says why. */
void *__wrap_dlopen(const char *file, int mode)
{
	(void)file;
	(void)mode;
	return NULL;
}

char *__wrap_dlerror(void)
{
	return "the console is a static program: it cannot load shared objects";
}
