/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsfd_fuzz: a seeded racing fuzzer for the nsfd paths, run inside ./linux.
 * Shared by the supervisor (nsfd_fuzz.c), the operations (fuzz_ops.c) and
 * the checks (fuzz_census.c).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ns_types.h"
#include "nsfd_guest.h"

#define FUZZ_MAX_PROCS 8
#define FUZZ_MAX_THREADS 8
#define FUZZ_MAX_INJECT 4
#define FUZZ_MAX_OPS 32 /* kinds of operation */
#define FUZZ_UIDS 2 /* root, and UNPRIVILEGED_UID */

/* The namespace types nsfd() takes, in NSTYPE_ order: ns_types.h's rows. */
struct ns_type {
	const char *name;
	unsigned long nstype;
	int clone_flag;
	const char *setns_entry;
	const char *ucount;
};
extern const struct ns_type ns_types[NS_TYPES];

struct fuzz_config {
	uint64_t seed;
	long ops;
	int secs;
	int procs, threads;
	const char *keep; /* "A-B,C": run only these op indices; NULL: all */
	const char *baseline; /* census_parse()'s text; NULL: take a census */
	bool trace; /* print every op run, as the shrinker's replay */
	long inject[FUZZ_MAX_INJECT]; /* a test hook: fail once all ran */
	int injects;
};

/* Between the supervisor and every worker: an anonymous shared mapping. */
struct fuzz_shared {
	atomic_int failed;
	atomic_long fail_op;
	char failure[512];
	atomic_long ops_run;
	atomic_long last_op; /* the highest op index started */
	atomic_long ok[FUZZ_MAX_OPS], err[FUZZ_MAX_OPS]; /* per kind */
	atomic_int injected; /* bit i: inject[i] has run */
	atomic_int started; /* the workers' pids below are set */
	pid_t worker_pids[FUZZ_MAX_PROCS]; /* in the fuzz PID namespace */
	pid_t root_pid; /* in the supervisor's */
	int64_t deadline_ns; /* CLOCK_MONOTONIC, set before the run */
	atomic_int stop; /* set by the supervisor: a report was seen */
};

/* fuzz_ops.c */
int fuzz_op_count(void);
const char *fuzz_op_name(int i);
int fuzz_root(const struct fuzz_config *cfg, struct fuzz_shared *shared,
	      const char *self);
bool fuzz_keep_parse(const char *keep, long ops, uint8_t **bitmap);

/* fuzz_census.c */
struct census {
	int live[NS_TYPES][FUZZ_UIDS];
};
int census_take(struct census *c);
int census_baseline(struct census *c);
int census_parse(struct census *c, const char *text);
void census_text(const struct census *c, char *text, size_t size);
bool census_at_most(const struct census *now, const struct census *base);
bool census_settle(const struct census *base, struct census *now, int secs);
int census_set_limits(int headroom, const struct census *base);
int census_restore_limits(void);
int census_fds(void);
int kmsg_open(void);
/* The first kernel report logged since the last call, or NULL. */
const char *kmsg_report(int fd);

/* fd_passing.c */
int send_fd(int sock, int fd);
int recv_fd(int sock);
int lone_namespace(const struct ns_type *type);

int64_t now_ns(void);
double cpu_busy_seconds(void);
void fuzz_fail(struct fuzz_shared *shared, long op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
