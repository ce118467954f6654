// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors.c - the one place that decides what an errno from /proc means.
 * (lsns once compared rc == ESRCH without the minus sign; keeping this in
 * one function means that mistake can only be made once.)
 */
#include <errno.h>

#include "internal.h"

enum proc_err proc_err_classify(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case ENOENT:
	case ESRCH:
		return PROC_ERR_GONE;
	case EACCES:
	case EPERM:
		return PROC_ERR_DENIED;
	default:
		return PROC_ERR_OTHER;
	}
}
