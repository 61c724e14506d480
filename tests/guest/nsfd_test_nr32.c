// SPDX-License-Identifier: GPL-2.0
/* What syscall_32.tbl made of the RFC's calls, as a 32-bit program sees it. */
#include <asm/unistd_32.h>

#include "nsfd_test.h"

const long nr32_nsfd = __NR_nsfd;
const long nr32_nsfd_setns = __NR_nsfd_setns;
