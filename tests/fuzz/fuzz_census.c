// SPDX-License-Identifier: GPL-2.0
/*
 * What the fuzzer checks outside its operations: how many namespaces of
 * each type are alive, how many fds it holds, and what the kernel logged.
 *
 * The kernel exposes no count of live namespaces, but it enforces one: the
 * ucount limits /proc/sys/user/max_TYPE_namespaces, per user id.  With the
 * limit at k + 1, creating a namespace succeeds exactly when k or fewer
 * are alive for that user, so the count is the first k that lets a probe
 * create one.  The initial namespaces are not counted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfd.h>
#include <regex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_COUNTED 256
#define REPORT_ERE "/lib/kernel-report.ere"
/*
 * Binds onto a shared mount propagate to every peer: unbounded, a run's
 * mounts multiply until the guest is out of memory (seen at 64 MiB).
 */
#define MOUNT_MAX_PATH "/proc/sys/fs/mount-max"
#define RUN_MOUNT_MAX 2000
#define BASELINE_CENSUSES 3

#define NS_TYPE(...) { __VA_ARGS__ },
const struct ns_type ns_types[NS_TYPES] = { NSFD_TYPE_ROWS(NS_TYPE) };

static const uid_t census_uids[FUZZ_UIDS] = { 0, UNPRIVILEGED_UID };
static long saved_limits[NS_TYPES], saved_mount_max;
static bool limits_saved;

static const char *limit_path(int type)
{
	static char path[64];

	if (type == NS_TYPES)
		return MOUNT_MAX_PATH;
	snprintf(path, sizeof(path), "/proc/sys/user/%s",
		 ns_types[type].ucount);
	return path;
}

/* The limit on namespaces of @type; NS_TYPES for fs.mount-max. */
static long read_limit(int type)
{
	FILE *f = fopen(limit_path(type), "r");
	long value = -1;

	if (f) {
		if (fscanf(f, "%ld", &value) != 1)
			value = -1;
		fclose(f);
	}
	return value;
}

static int write_limit(int type, long value)
{
	FILE *f = fopen(limit_path(type), "w");
	int rc;

	if (!f)
		return -1;
	rc = fprintf(f, "%ld\n", value) < 0;
	return fclose(f) || rc ? -1 : 0;
}

/*
 * In a child: become @uid and create one namespace of @type.  An
 * unprivileged user needs a user namespace to create any other.
 * Returns 0 if it was created, 1 for ENOSPC (the limit), -1 otherwise.
 */
static int probe(int type, uid_t uid)
{
	int flags = ns_types[type].clone_flag, status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (uid &&
		    (setresgid(uid, uid, uid) || setresuid(uid, uid, uid)))
			_exit(2);
		if (uid)
			flags |= CLONE_NEWUSER;
		if (unshare(flags) == 0)
			_exit(0);
		_exit(errno == ENOSPC ? 1 : 2);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) > 1)
		return -1;
	return WEXITSTATUS(status);
}

static int user_type(void)
{
	int t;

	for (t = 0; t < NS_TYPES; t++)
		if (!strcmp(ns_types[t].name, "user"))
			return t;
	return -1;
}

static int count_live(int type, int uid_index)
{
	int k, user = user_type();

	for (k = 0; k < MAX_COUNTED; k++) {
		if (write_limit(type, k + 1))
			return -1;
		/* The probe's own user namespace must not hit its limit. */
		if (type != user && write_limit(user, saved_limits[user]))
			return -1;
		switch (probe(type, census_uids[uid_index])) {
		case 0:
			return k;
		case 1:
			continue;
		default:
			return -1;
		}
	}
	return -1;
}

/* The machine's limits, which the census and the run move and restore. */
static int save_limits(void)
{
	int t;

	for (t = 0; t < NS_TYPES && !limits_saved; t++)
		if ((saved_limits[t] = read_limit(t)) < 0)
			return -1;
	if (!limits_saved && (saved_mount_max = read_limit(NS_TYPES)) < 0)
		return -1;
	limits_saved = true;
	return 0;
}

int census_take(struct census *c)
{
	int t, u, rc = 0;

	if (save_limits())
		return -1;
	for (t = 0; t < NS_TYPES && !rc; t++)
		for (u = 0; u < FUZZ_UIDS && !rc; u++)
			if ((c->live[t][u] = count_live(t, u)) < 0)
				rc = -1;
	return census_restore_limits() || rc ? -1 : 0;
}

/*
 * A probe's own namespace can still be dying on a workqueue when the next
 * probe runs: that inflates a count, never lowers it.  The baseline is
 * the least of a few censuses.
 */
int census_baseline(struct census *c)
{
	struct census again;
	int i, t, u;

	if (census_take(c))
		return -1;
	for (i = 0; i < BASELINE_CENSUSES - 1; i++) {
		usleep(100 * 1000);
		if (census_take(&again))
			return -1;
		for (t = 0; t < NS_TYPES; t++)
			for (u = 0; u < FUZZ_UIDS; u++)
				if (again.live[t][u] < c->live[t][u])
					c->live[t][u] = again.live[t][u];
	}
	return 0;
}

/*
 * A baseline given as "1+0,0+0,...", each type's count for root and for
 * uid 65534 in ns_types' order: a replay reuses its run's and skips the
 * censuses.
 */
int census_parse(struct census *c, const char *text)
{
	int t, used;

	for (t = 0; t < NS_TYPES; t++) {
		if (sscanf(text, t ? ",%d+%d%n" : "%d+%d%n", &c->live[t][0],
			   &c->live[t][1], &used) != 2)
			return -1;
		text += used;
	}
	return *text ? -1 : save_limits();
}

void census_text(const struct census *c, char *text, size_t size)
{
	size_t len = 0;
	int t;

	for (t = 0; t < NS_TYPES && len < size; t++)
		len += snprintf(text + len, size - len, "%s%s %d+%d",
				t ? ", " : "", ns_types[t].name, c->live[t][0],
				c->live[t][1]);
}

/* No type has more namespaces alive in @now than in @base, for any uid. */
bool census_at_most(const struct census *now, const struct census *base)
{
	int t, u;

	for (t = 0; t < NS_TYPES; t++)
		for (u = 0; u < FUZZ_UIDS; u++)
			if (now->live[t][u] > base->live[t][u])
				return false;
	return true;
}

/*
 * Namespaces die on workqueues: poll until no count in @now is above
 * @base, for at most @secs seconds.  True if they got there.
 */
bool census_settle(const struct census *base, struct census *now, int secs)
{
	int tries;

	for (tries = 0; tries < secs * 10; tries++) {
		if (census_take(now))
			return false;
		if (census_at_most(now, base))
			return true;
		usleep(100 * 1000);
	}
	return false;
}

/* Bound what the run can create, so that a leak shows as ENOSPC, not OOM. */
int census_set_limits(int headroom, const struct census *base)
{
	int t;

	if (write_limit(NS_TYPES, RUN_MOUNT_MAX))
		return -1;
	for (t = 0; t < NS_TYPES; t++) {
		int most = base->live[t][0] > base->live[t][1] ?
				   base->live[t][0] :
				   base->live[t][1];

		if (write_limit(t, most + headroom))
			return -1;
	}
	return 0;
}

int census_restore_limits(void)
{
	int t;

	for (t = 0; limits_saved && t < NS_TYPES; t++)
		if (write_limit(t, saved_limits[t]))
			return -1;
	return limits_saved ? write_limit(NS_TYPES, saved_mount_max) : 0;
}

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The time every CPU has spent busy (not idle, not waiting for I/O) since
 * boot, in seconds, from /proc/stat; -1 if unreadable.  Two readings
 * around a run give how many CPUs it kept busy at once, on average.
 */
double cpu_busy_seconds(void)
{
	unsigned long long user, nice, system, idle, iowait, irq, softirq,
		steal;
	double ticks = 0;
	char line[256];
	FILE *stat = fopen("/proc/stat", "r");

	if (!stat)
		return -1;
	while (fgets(line, sizeof(line), stat))
		if (!strncmp(line, "cpu", 3) && line[3] >= '0' &&
		    line[3] <= '9' &&
		    sscanf(line, "%*s %llu %llu %llu %llu %llu %llu %llu %llu",
			   &user, &nice, &system, &idle, &iowait, &irq,
			   &softirq, &steal) == 8)
			ticks += user + nice + system + irq + softirq + steal;
	fclose(stat);
	return ticks / sysconf(_SC_CLK_TCK);
}

int census_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	if (!dir)
		return -1;
	while (readdir(dir))
		n++;
	closedir(dir);
	return n - 3; /* ".", ".." and the directory's own fd */
}

static regex_t report_re;

/* /dev/kmsg from now on, and the harness's own list of report patterns. */
int kmsg_open(void)
{
	char ere[1024];
	FILE *f = fopen(REPORT_ERE, "r");
	int fd;

	if (!f || !fgets(ere, sizeof(ere), f)) {
		fprintf(stderr, "nsfd_fuzz: %s: %s\n", REPORT_ERE,
			f ? "empty" : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	ere[strcspn(ere, "\n")] = '\0';
	if (regcomp(&report_re, ere, REG_EXTENDED | REG_NOSUB))
		return -1;
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

const char *kmsg_report(int fd)
{
	static char record[2048];
	ssize_t len;

	for (;;) {
		char *text;

		len = read(fd, record, sizeof(record) - 1);
		if (len < 0 && errno == EPIPE) /* overwritten: read on */
			continue;
		if (len <= 0)
			return NULL;
		record[len] = '\0';
		text = strchr(record, ';');
		text = text ? text + 1 : record;
		text[strcspn(text, "\n")] = '\0';
		if (!regexec(&report_re, text, 0, NULL, 0))
			return text;
	}
}
