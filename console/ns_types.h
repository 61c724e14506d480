/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The namespace types, once, for the console and every C test program: a
 * new type, or a renumbering on a new kernel, is one edit here.  Each row
 * is X(name, nstype, clone_flag, setns_entry, ucount):
 *
 *   name         its entry in /proc/<pid>/ns/ (the task's own namespace),
 *                and its name in the console ("net", "uts", ...)
 *   nstype       the RFC's NSTYPE_ number (uapi linux/nsfd.h)
 *   clone_flag   mainline's CLONE_NEW* flag
 *   setns_entry  the /proc/<pid>/ns/ entry a setns changes
 *   ucount       the per-user limit, /proc/sys/user/<ucount>
 *
 * Include <sched.h> and <linux/nsfd.h> (from the patched tree) before
 * expanding a table.
 */
#ifndef NS_TYPES_H
#define NS_TYPES_H

/* The types the RFC's calls take, in NSTYPE_ order from 0. */
#define NSFD_TYPE_ROWS(X)                                                    \
	X("net", NSTYPE_NET, CLONE_NEWNET, "net", "max_net_namespaces")      \
	X("uts", NSTYPE_UTS, CLONE_NEWUTS, "uts", "max_uts_namespaces")      \
	X("ipc", NSTYPE_IPC, CLONE_NEWIPC, "ipc", "max_ipc_namespaces")      \
	X("mnt", NSTYPE_MNT, CLONE_NEWNS, "mnt", "max_mnt_namespaces")       \
	X("pid", NSTYPE_PID, CLONE_NEWPID, "pid_for_children",               \
	  "max_pid_namespaces")                                              \
	X("user", NSTYPE_USER, CLONE_NEWUSER, "user", "max_user_namespaces") \
	X("cgroup", NSTYPE_CGROUP, CLONE_NEWCGROUP, "cgroup",                \
	  "max_cgroup_namespaces")

/* Mainline's types that the RFC's calls do not take: no NSTYPE_ (-1). */
#define CLONE_ONLY_TYPE_ROWS(X) \
	X("time", -1, CLONE_NEWTIME, "time_for_children", "max_time_namespaces")

/*
 * How many types nsfd() takes: with the rows numbered from 0, also the
 * first nstype it refuses.
 */
#define NS_TYPE_COUNT_ROW(...) +1
#define NS_TYPES (0 NSFD_TYPE_ROWS(NS_TYPE_COUNT_ROW))

#endif
