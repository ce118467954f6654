// SPDX-License-Identifier: LGPL-2.1-or-later
/* The namespace type table: names, /proc names, CLONE flags, round trips. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>

#include "internal.h"
#include "unit.h"

int main(void)
{
	static const struct { const char *name; int flag; } want[NSINFO_NTYPES] = {
		{ "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
		{ "mnt", CLONE_NEWNS }, { "net", CLONE_NEWNET },
		{ "pid", CLONE_NEWPID }, { "time", 0x80 /* CLONE_NEWTIME */ },
		{ "user", CLONE_NEWUSER }, { "uts", CLONE_NEWUTS },
	};

	TEST_BEGIN("types-table");
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		CHECK_STR(nsinfo_type_name((enum nsinfo_type)t), want[t].name);
		CHECK_STR(nsinfo_type_proc_name((enum nsinfo_type)t), want[t].name);
		CHECK(nsinfo_type_clone_flag((enum nsinfo_type)t) == want[t].flag);
		CHECK(nsinfo_type_from_name(want[t].name) == t);
		CHECK(nsinfo_type_from_clone_flag(want[t].flag) == t);
		CHECK(nsinfo_type_description((enum nsinfo_type)t) != NULL);
	}
	TEST_END();

	TEST_BEGIN("types-out-of-range");
	CHECK(nsinfo_type_name(NSINFO_NTYPES) == NULL);
	CHECK(nsinfo_type_name((enum nsinfo_type)-1) == NULL);
	CHECK(nsinfo_type_clone_flag(NSINFO_NTYPES) == 0);
	CHECK(nsinfo_type_from_name("network") == -EINVAL);
	CHECK(nsinfo_type_from_name("NET") == -EINVAL);
	CHECK(nsinfo_type_from_name("") == -EINVAL);
	CHECK(nsinfo_type_from_name(NULL) == -EINVAL);
	CHECK(nsinfo_type_from_clone_flag(0) == -EINVAL);
	CHECK(nsinfo_type_from_clone_flag(CLONE_NEWNET | CLONE_NEWPID) == -EINVAL);
	TEST_END();

	TEST_BEGIN("types-hierarchy");
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct nstype_info *i = nstype_get(t);

		CHECK(i->hierarchical == (t == NSINFO_TYPE_PID || t == NSINFO_TYPE_USER));
		CHECK((i->for_children >= 0) == (t == NSINFO_TYPE_PID || t == NSINFO_TYPE_TIME));
	}
	CHECK(nstype_get(-1) == NULL && nstype_get(NSINFO_NTYPES) == NULL);
	TEST_END();
	UNIT_EXIT();
}
