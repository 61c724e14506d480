// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the nsfd console: PID 1 mounts what a session needs, starts one
 * session in a child, reaps every process until that child is gone, and
 * powers off with its exit status.  PID 1 itself never runs Lua and never
 * exits: an init that exits panics the kernel.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boot_args.h"
#include "pid1.h"
#include "session.h"

/*
 * Reap children until the session ends; its status is the machine's.  A
 * session killed by the OOM killer is named as such: whatever it printed
 * before, its run failed.
 */
static int wait_for_session(pid_t session, long oom_kills)
{
	int wstatus;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &wstatus, 0);
		if (pid < 0 && errno != EINTR)
			return STATUS_ERROR;
		if (pid != session)
			continue;
		if (WIFEXITED(wstatus))
			return WEXITSTATUS(wstatus);
		if (WTERMSIG(wstatus) == SIGKILL &&
		    pid1_oom_kills() > oom_kills)
			fprintf(stderr,
				"init: out of memory: the OOM killer ended the session\n");
		else
			fprintf(stderr,
				"init: the session was killed by signal %d (%s)\n",
				WTERMSIG(wstatus),
				strsignal(WTERMSIG(wstatus)));
		return STATUS_ERROR;
	}
}

int main(int argc, char **argv)
{
	struct boot_args args;
	int status = STATUS_ERROR;
	long oom_kills;
	pid_t session;

	if (getpid() != 1)
		return session_script(argc, argv);
	pid1_mount_filesystems();
	boot_args_collect(&args, argc, argv);
	if (args.verbose)
		pid1_show_kernel_log();
	/* A session that powers the machine off itself did not finish. */
	pid1_set_exit_status(STATUS_ERROR);

	oom_kills = pid1_oom_kills();
	fflush(NULL);
	session = fork();
	if (session == 0) {
		pid1_close_power_off_files();
		exit(session_run(&args));
	}
	if (session > 0)
		status = wait_for_session(session, oom_kills);
	else
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
	if (args.leakcheck)
		pid1_report_leaks();
	pid1_power_off(status, args.verbose);
}
