// SPDX-License-Identifier: GPL-2.0
/*
 * The host's own programs in the guest, as virtme-ng runs them: the
 * calling process (a child: its root changes for good) gets a mount
 * namespace whose root is the host's / through hostfs, read-only, with
 * the guest's /proc, /sys, /dev, /tmp and /run over the host's.  Its
 * dynamic loader and libraries are the host's, so `ip` and `lsns` run
 * as they do on the host, against this kernel.
 *
 * /run is made shared in the caller's namespace first, as systemd makes
 * it on a host: what a host program mounts there (`ip netns add`) stays
 * for the next program and for the console's leak checks, and a name
 * the console binds there is the program's to see.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_view.h"
#include "hostfs.h"

#define VIEW_ROOT "/.host-view"
#define HOST_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The guest's, over the host's: the kernel's state and where writes go. */
static const char *const guest_dirs[] = { "/proc", "/sys", "/dev", "/tmp",
					  "/run" };

int host_cwd(char *path, size_t size)
{
	ssize_t len = readlink("/host/proc/self/cwd", path, size - 1);

	if (len < 0)
		return -1;
	path[len] = '\0';
	return 0;
}

static int failed(const char **step, const char *what)
{
	*step = what;
	return -1;
}

bool host_view_same_file(const char *path, int fd)
{
	struct stat by_path, by_fd;

	return fd >= 0 && !stat(path, &by_path) && !fstat(fd, &by_fd) &&
	       by_path.st_dev == by_fd.st_dev && by_path.st_ino == by_fd.st_ino;
}

/*
 * The host's cwd as the cwd in the view: by its path where that is the
 * same directory, else (a cwd under /tmp or /run, which the guest's
 * cover) by the fd taken before, so that relative names still work.
 */
static void enter_host_cwd(const char *cwd, int cwd_fd)
{
	if (cwd_fd < 0) {
		chdir("/");
		return;
	}
	if (chdir(cwd) || !host_view_same_file(".", cwd_fd))
		fchdir(cwd_fd);
}

int host_view_enter(const char **step)
{
	char cwd[PATH_MAX], host_dir[HOSTFS_PATH_MAX];
	char target[sizeof(VIEW_ROOT) + 8];
	int cwd_fd = -1;
	size_t i;

	if (host_cwd(cwd, sizeof(cwd)) == 0) {
		snprintf(host_dir, sizeof(host_dir), "/host%s", cwd);
		cwd_fd = open(host_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}

	if (mount(NULL, "/run", NULL, MS_SHARED, NULL))
		return failed(step, "make the guest's /run shared");
	if (unshare(CLONE_NEWNS))
		return failed(step, "unshare(CLONE_NEWNS)");
	if (mkdir(VIEW_ROOT, 0755) && errno != EEXIST)
		return failed(step, "mkdir " VIEW_ROOT);
	if (mount("/host", VIEW_ROOT, NULL, MS_BIND | MS_REC, NULL))
		return failed(step, "bind the host's / (hostfs)");
	if (mount(NULL, VIEW_ROOT, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
		  NULL))
		return failed(step, "make the host's / read-only");
	for (i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++) {
		snprintf(target, sizeof(target), VIEW_ROOT "%s", guest_dirs[i]);
		if (mount(guest_dirs[i], target, NULL, MS_BIND | MS_REC, NULL))
			return failed(step, guest_dirs[i]);
	}
	/* switch_root's way: rootfs can't be pivot_root()ed away from. */
	if (chdir(VIEW_ROOT) || mount(".", "/", NULL, MS_MOVE, NULL) ||
	    chroot("."))
		return failed(step, "make the host's / the root");
	enter_host_cwd(cwd, cwd_fd);
	if (cwd_fd >= 0)
		close(cwd_fd);
	setenv("PATH", HOST_PATH, 0);
	return 0;
}
