/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * proc2.h - libproc2's calls that the library makes, through proc2.c,
 * which opens libproc2 on the first of them (see there why).
 */
#ifndef NSINFO_PROC2_H
#define NSINFO_PROC2_H

#include <libproc2/pids.h>

/* procps_pids_new(); -ENOSYS when libproc2 could not be opened, -EPERM
 * when it may not be here (another root or mount namespace than the
 * process started with) */
int proc2_pids_new(struct pids_info **info, enum pids_item *items, int n);
/* procps_pids_unref(), of a handle or of NULL */
void proc2_pids_unref(struct pids_info **info);
/* procps_pids_select() of PIDs; procps_pids_reap() of every process */
struct pids_fetch *proc2_pids_select(struct pids_info *info, unsigned int *pids, int n);
struct pids_fetch *proc2_pids_reap(struct pids_info *info);

#endif
