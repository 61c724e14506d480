/* SPDX-License-Identifier: GPL-2.0 */
/* The duties of PID 1: the filesystems every session expects, and power-off. */
#ifndef PID1_H
#define PID1_H

#include <stdbool.h>
#include <stdnoreturn.h>

void pid1_mount_filesystems(void);
void pid1_close_power_off_files(void);
void pid1_show_kernel_log(void);
void pid1_report_leaks(void);
long pid1_oom_kills(void);
void pid1_set_exit_status(int status);
noreturn void pid1_power_off(int status, bool keep_kernel_log);

#endif
