// SPDX-License-Identifier: GPL-2.0
/*
 * Output written so far reaches the host: stdio's buffers are flushed and
 * the UML lines behind fds 1 and 2 drained, since output may still sit in
 * the tty when a process exits.
 */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "drain.h"

void drain_output(void)
{
	fflush(NULL);
	tcdrain(STDOUT_FILENO);
	tcdrain(STDERR_FILENO);
}
