// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 prepares the filesystems, then only reaps and powers off: it never
 * runs Lua, so no script can make it exit and panic the kernel (see
 * tools/testing/selftests/nolibc/nolibc-test.c, prepare() and main()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pid1.h"

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_BUFFER 10
#define LOGLEVEL_DEBUG_AND_ABOVE 8

struct mount_point {
	const char *source, *target, *fstype, *data;
	unsigned long flags;
	bool optional; /* only in some configurations: no message if absent */
};

#define MOUNT(src, dst, type, opts, mflags)                                 \
	{                                                                   \
		.source = src, .target = dst, .fstype = type, .data = opts, \
		.flags = mflags                                             \
	}

static const struct mount_point mount_points[] = {
	MOUNT("proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC),
	MOUNT("sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC),
	MOUNT("devtmpfs", "/dev", "devtmpfs", NULL, MS_NOSUID),
	MOUNT("tmpfs", "/tmp", "tmpfs", "mode=1777", MS_NOSUID | MS_NODEV),
	MOUNT("tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV),
	/* The host's root: run=/abs/path, and the host's cwd and stdin. */
	MOUNT("none", "/host", "hostfs", "/", 0),
	/* Where a scenario makes cgroups (the cgroup namespace's marker). */
	MOUNT("cgroup2", "/sys/fs/cgroup", "cgroup2", NULL,
	      MS_NOSUID | MS_NODEV | MS_NOEXEC),
	/* kmemleak's control file, in the debug configuration. */
	{ .source = "debugfs",
	  .target = "/sys/kernel/debug",
	  .fstype = "debugfs",
	  .optional = true },
};

/*
 * What power-off writes, opened as soon as /proc is mounted: a session
 * that unmounts or covers /proc (it shares PID 1's mount namespace) must
 * not erase its own verdict.  The session closes its copies.
 */
static int exitcode_fd = -1;
static int printk_fd = -1;

void pid1_mount_filesystems(void)
{
	size_t i;

	for (i = 0; i < sizeof(mount_points) / sizeof(mount_points[0]); i++) {
		const struct mount_point *m = &mount_points[i];

		mkdir(m->target, 0755);
		if (mount(m->source, m->target, m->fstype, m->flags, m->data) &&
		    !(m->optional && (errno == ENODEV || errno == ENOENT)))
			fprintf(stderr, "init: mount %s on %s: %s\n", m->fstype,
				m->target, strerror(errno));
	}
	/* As udev makes it: a script run from an fd reads /dev/fd/N. */
	symlink("/proc/self/fd", "/dev/fd");
	exitcode_fd = open("/proc/exitcode", O_WRONLY | O_CLOEXEC);
	printk_fd = open("/proc/sys/kernel/printk", O_WRONLY | O_CLOEXEC);
}

void pid1_close_power_off_files(void)
{
	close(exitcode_fd);
	close(printk_fd);
}

/* Replay the boot messages the default loglevel kept off the console,
 * then let every later message through (to the host's stderr). */
void pid1_show_kernel_log(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *log = size > 0 ? malloc(size) : NULL;
	int len = log ? klogctl(SYSLOG_ACTION_READ_ALL, log, size) : -1;

	if (len > 0 && write(STDERR_FILENO, log, len) != len)
		perror("init: replaying the kernel log");
	free(log);
	klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, LOGLEVEL_DEBUG_AND_ABOVE);
}

static void write_fd(int fd, const char *path, const char *text)
{
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		fprintf(stderr, "init: %s: %s\n", path, strerror(errno));
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	write_fd(fd, path, text);
	if (fd >= 0)
		close(fd);
}

#define KMEMLEAK "/sys/kernel/debug/kmemleak"
/* kmemleak reports no object younger than 5 s (jiffies_min_age). */
#define KMEMLEAK_MIN_AGE_S 6

/*
 * Ask kmemleak for a scan and copy its report to stderr, where the harness
 * looks for "unreferenced object".  It scans twice, as its documentation
 * advises, so that objects only in flight on the first scan are not
 * reported.
 */
void pid1_report_leaks(void)
{
	char buf[4096];
	ssize_t len, total = 0;
	int fd;

	if (access(KMEMLEAK, F_OK)) {
		fprintf(stderr, "init: leakcheck: no %s in this kernel\n",
			KMEMLEAK);
		return;
	}
	sleep(KMEMLEAK_MIN_AGE_S);
	write_file(KMEMLEAK, "scan");
	write_file(KMEMLEAK, "scan");
	fd = open(KMEMLEAK, O_RDONLY);
	while (fd >= 0 && (len = read(fd, buf, sizeof(buf))) > 0) {
		total += len;
		if (write(STDERR_FILENO, buf, len) != len)
			break;
	}
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "init: leakcheck: kmemleak %s\n",
		fd < 0 ? "could not be read" :
		total  ? "reported the objects above" :
			 "found no leak");
}

/* How many tasks the OOM killer has killed since boot (/proc/vmstat). */
long pid1_oom_kills(void)
{
	FILE *f = fopen("/proc/vmstat", "re");
	char name[64];
	long value, kills = -1;

	while (f && fscanf(f, "%63s %ld", name, &value) == 2)
		if (!strcmp(name, "oom_kill"))
			kills = value;
	if (f)
		fclose(f);
	return kills;
}

/*
 * What ./linux exits with if the machine powers off now.  Whatever powers
 * it off before PID 1 does (reboot(2) from a program of the session) ends
 * the run with the last status written here.
 */
void pid1_set_exit_status(int status)
{
	char text[16];

	snprintf(text, sizeof(text), "%d\n", status);
	write_fd(exitcode_fd, "/proc/exitcode", text);
}

noreturn void pid1_power_off(int status, bool keep_kernel_log)
{
	pid1_set_exit_status(status);
	/*
	 * "reboot: Power down" is a KERN_EMERG line, printed at any console
	 * loglevel but 0; only /proc/sys/kernel/printk can set 0.
	 */
	if (!keep_kernel_log)
		write_fd(printk_fd, "/proc/sys/kernel/printk", "0\n");
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
