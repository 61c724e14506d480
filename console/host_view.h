/* SPDX-License-Identifier: GPL-2.0 */
/* The host's programs in the guest: the host's / as this process's root. */
#ifndef HOST_VIEW_H
#define HOST_VIEW_H

#include <stdbool.h>
#include <stddef.h>

/* The host's cwd (of ./linux), as a host path: 0, or -1 with errno. */
int host_cwd(char *path, size_t size);

/* Whether @path (in the view) is the file open as @fd (taken before). */
bool host_view_same_file(const char *path, int fd);

/*
 * Give this process its own mount namespace whose root is the host's /,
 * read-only, with the guest's /proc, /sys, /dev, /tmp and /run; its cwd
 * the host's.  0, or -1 with errno and *step naming what failed (a guest
 * directory's path: its bind over the host's).
 */
int host_view_enter(const char **step);

#endif
