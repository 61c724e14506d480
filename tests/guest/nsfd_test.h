/* SPDX-License-Identifier: GPL-2.0 */
/* The i386 numbers, read in nsfd_test_nr32.c: asm/unistd_32.h and
 * asm/unistd_64.h can't both be included in one file. */
extern const long nr32_nsfd, nr32_nsfd_setns;
