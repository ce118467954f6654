// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The scanner's cache of mount tables (libnsinfo/mountcache.c): a table is
 * taken from it only for the same namespace ID, mount event and PID, and
 * while young enough; what a refresh did not use is dropped by the sweep;
 * the entries are copies, not the caller's buffer; an ID of 0 (a kernel
 * that gives none) is never kept.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

static char line_root[64], line_target[64];

/* Two entries as mount_lines() makes them: pointers into a buffer. */
static void entries(struct mountinfo_entry e[2], int tag)
{
	snprintf(line_root, sizeof(line_root), "net:[%ld]", 4026530000L + tag);
	snprintf(line_target, sizeof(line_target), "/run/netns/n%d", tag);
	e[0] = (struct mountinfo_entry){ .id = "7", .root = line_root, .target = line_target,
					 .fstype = "nsfs", .super_opts = "rw" };
	e[1] = (struct mountinfo_entry){ .id = "8", .root = "/", .target = "/home/u/fuse",
					 .fstype = "fuse.sshfs", .super_opts = "rw" };
}

int main(void)
{
	struct mount_cache *mc = NULL;
	const struct mountinfo_entry *got;
	struct mountinfo_entry e[2];
	size_t n = 0;

	TEST_BEGIN("mountcache-hit");
	CHECK(mount_cache_new(&mc) == 0 && mc);
	entries(e, 1);
	CHECK(mount_cache_store(mc, 11, 500, 42, e, 2) == 0);
	/* the caller's buffer changes: the cache kept copies */
	memset(line_root, 'x', sizeof(line_root) - 1);
	memset(line_target, 'x', sizeof(line_target) - 1);
	CHECK(mount_cache_lookup(mc, 11, 500, 42, &got, &n) == 1);
	CHECK(n == 2);
	CHECK_STR(got[0].root, "net:[4026530001]");
	CHECK_STR(got[0].target, "/run/netns/n1");
	CHECK_STR(got[0].fstype, "nsfs");
	CHECK_STR(got[1].fstype, "fuse.sshfs");
	CHECK_STR(got[1].target, "/home/u/fuse");
	CHECK(mount_cache_count(mc) == 1);
	TEST_END();

	TEST_BEGIN("mountcache-miss-on-change");
	/* another mount event, another PID to read it through, another
	 * namespace: each is read again */
	CHECK(mount_cache_lookup(mc, 11, 501, 42, &got, &n) == 0);
	CHECK(mount_cache_lookup(mc, 11, 500, 43, &got, &n) == 0);
	CHECK(mount_cache_lookup(mc, 12, 500, 42, &got, &n) == 0);
	/* a store for the same namespace replaces its entry */
	entries(e, 2);
	CHECK(mount_cache_store(mc, 11, 501, 42, e, 1) == 0);
	CHECK(mount_cache_count(mc) == 1);
	CHECK(mount_cache_lookup(mc, 11, 500, 42, &got, &n) == 0);
	CHECK(mount_cache_lookup(mc, 11, 501, 42, &got, &n) == 1 && n == 1);
	CHECK_STR(got[0].target, "/run/netns/n2");
	TEST_END();

	TEST_BEGIN("mountcache-no-id");
	/* a kernel without namespace IDs: nothing can say the table is the
	 * same, so nothing is kept */
	CHECK(mount_cache_store(mc, 0, 1, 42, e, 1) == 0);
	CHECK(mount_cache_lookup(mc, 0, 1, 42, &got, &n) == 0);
	CHECK(mount_cache_count(mc) == 1);
	/* and no cache at all is every table read */
	CHECK(mount_cache_lookup(NULL, 11, 501, 42, &got, &n) == 0);
	CHECK(mount_cache_store(NULL, 11, 501, 42, e, 1) == 0);
	TEST_END();

	TEST_BEGIN("mountcache-empty-table");
	/* a namespace with no nsfs mount: kept as such, a hit of none */
	CHECK(mount_cache_store(mc, 13, 9, 7, NULL, 0) == 0);
	n = 99;
	CHECK(mount_cache_lookup(mc, 13, 9, 7, &got, &n) == 1 && n == 0);
	TEST_END();

	TEST_BEGIN("mountcache-max-age");
	mount_cache_set_max_age(mc, 0);
	CHECK(mount_cache_lookup(mc, 11, 501, 42, &got, &n) == 0);
	mount_cache_set_max_age(mc, MOUNT_CACHE_MAX_AGE);
	CHECK(mount_cache_lookup(mc, 11, 501, 42, &got, &n) == 1);
	TEST_END();

	TEST_BEGIN("mountcache-sweep");
	/* used since the last sweep: 11 and 13 (above), kept */
	CHECK(mount_cache_sweep(mc) == 0);
	CHECK(mount_cache_count(mc) == 2);
	/* used by nobody since: dropped */
	CHECK(mount_cache_lookup(mc, 13, 9, 7, &got, &n) == 1);
	CHECK(mount_cache_sweep(mc) == 0);
	CHECK(mount_cache_count(mc) == 1);
	CHECK(mount_cache_lookup(mc, 11, 501, 42, &got, &n) == 0);
	CHECK(mount_cache_lookup(mc, 13, 9, 7, &got, &n) == 1);
	TEST_END();

	TEST_BEGIN("mountcache-burst");
	/* a burst of namespaces, then most of them gone: the survivors are
	 * still found after the table shrinks */
	entries(e, 3);
	for (uint64_t id = 100; id < 3100; id++)
		CHECK(mount_cache_store(mc, id, id * 2, 1, e, 2) == 0);
	CHECK(mount_cache_count(mc) == 3001);
	CHECK(mount_cache_sweep(mc) == 0);
	for (uint64_t id = 100; id < 3100; id += 100)
		CHECK(mount_cache_lookup(mc, id, id * 2, 1, &got, &n) == 1 && n == 2);
	CHECK(mount_cache_sweep(mc) == 0);
	CHECK(mount_cache_count(mc) == 30);
	for (uint64_t id = 100; id < 3100; id++)
		CHECKF(mount_cache_lookup(mc, id, id * 2, 1, &got, &n) == (id % 100 == 0),
		       "id %llu", (unsigned long long)id);
	CHECK_STR(got[0].target, "/run/netns/n3");
	TEST_END();

	mount_cache_free(mc);
	UNIT_EXIT();
}
