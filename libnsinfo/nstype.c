// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nstype.c - the one table of namespace types. Everything that differs
 * per type is a field here, so no other file needs a per-type switch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "internal.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 /* glibc < 2.36 lacks it */
#endif

static const struct nstype_info nstypes[] = {
	[NSINFO_TYPE_CGROUP] = { "cgroup", CLONE_NEWCGROUP, false, -1,
				 "cgroup root directory" },
	[NSINFO_TYPE_IPC]    = { "ipc", CLONE_NEWIPC, false, -1,
				 "System V IPC, POSIX message queues" },
	[NSINFO_TYPE_MNT]    = { "mnt", CLONE_NEWNS, false, -1,
				 "mount points" },
	[NSINFO_TYPE_NET]    = { "net", CLONE_NEWNET, false, -1,
				 "network devices, stacks, ports" },
	[NSINFO_TYPE_PID]    = { "pid", CLONE_NEWPID, true, FOR_CHILDREN_PID,
				 "process IDs" },
	[NSINFO_TYPE_TIME]   = { "time", CLONE_NEWTIME, false, FOR_CHILDREN_TIME,
				 "boot and monotonic clocks" },
	[NSINFO_TYPE_USER]   = { "user", CLONE_NEWUSER, true, -1,
				 "user and group IDs, capabilities" },
	[NSINFO_TYPE_UTS]    = { "uts", CLONE_NEWUTS, false, -1,
				 "hostname and NIS domain name" },
};
_Static_assert(ARRAY_SIZE(nstypes) == NSINFO_NTYPES,
	       "one nstypes[] row per enum nsinfo_type");

const struct nstype_info *nstype_get(int type)
{
	if (type < 0 || type >= NSINFO_NTYPES)
		return NULL;
	return &nstypes[type];
}

NSINFO_EXPORT const char *nsinfo_type_name(enum nsinfo_type type)
{
	const struct nstype_info *t = nstype_get((int)type);

	return t ? t->name : NULL;
}

/* The /proc/PID/ns file name is the type name for every type today; the
 * call exists so callers do not have to rely on that. */
NSINFO_EXPORT const char *nsinfo_type_proc_name(enum nsinfo_type type)
{
	return nsinfo_type_name(type);
}

NSINFO_EXPORT const char *nsinfo_type_description(enum nsinfo_type type)
{
	const struct nstype_info *t = nstype_get((int)type);

	return t ? t->description : NULL;
}

NSINFO_EXPORT int nsinfo_type_clone_flag(enum nsinfo_type type)
{
	const struct nstype_info *t = nstype_get((int)type);

	return t ? t->clone_flag : 0;
}

NSINFO_EXPORT int nsinfo_type_from_name(const char *name)
{
	if (!name)
		return -EINVAL;
	for (int i = 0; i < NSINFO_NTYPES; i++)
		if (strcmp(nstypes[i].name, name) == 0)
			return i;
	return -EINVAL;
}

NSINFO_EXPORT int nsinfo_type_from_clone_flag(int flag)
{
	for (int i = 0; i < NSINFO_NTYPES; i++)
		if (nstypes[i].clone_flag == flag)
			return i;
	return -EINVAL;
}
