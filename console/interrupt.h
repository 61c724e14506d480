/* SPDX-License-Identifier: GPL-2.0 */
/* What a ^C (SIGINT) does while Lua runs, and waits it can end. */
#ifndef INTERRUPT_H
#define INTERRUPT_H

#include <poll.h>
#include <stdbool.h>
#include <time.h>

#include <lua.h>

void interrupt_catch(void);
void interrupt_arm(lua_State *L);
void interrupt_disarm(lua_State *L);
bool interrupt_requested(void);
int interrupt_ppoll(struct pollfd *fds, nfds_t n,
		    const struct timespec *timeout);
int interrupt_poll(int fd, short events, const struct timespec *timeout);

#endif
