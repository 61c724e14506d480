/* SPDX-License-Identifier: GPL-2.0 */
/* What a ^C (SIGINT) does while Lua runs, and waits it can end. */
#ifndef INTERRUPT_H
#define INTERRUPT_H

#include <stdbool.h>
#include <time.h>

#include <lua.h>

void interrupt_catch(void);
void interrupt_arm(lua_State *L);
void interrupt_disarm(lua_State *L);
bool interrupt_requested(void);
int interrupt_poll(int fd, short events, const struct timespec *timeout);

#endif
