/* SPDX-License-Identifier: GPL-2.0 */
/* Output written so far reaches the host before a process ends or execs. */
#ifndef DRAIN_H
#define DRAIN_H

void drain_output(void);

#endif
