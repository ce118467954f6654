// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The cgroup value parsers (cgparse.c) and the cut of /proc/PID/cgroup
 * (cgroupfs.c), over text copied from this project's test machine (a
 * hybrid v1 + v2 host, Linux 6.18) and from the v2 files the kernel
 * writes (memory.max, cpu.max), which that host's unified hierarchy has
 * no controllers for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

static void test_limits(void)
{
	uint64_t v = 0;

	TEST_BEGIN("cgparse-limits");
	CHECK(cg_parse_limit("max\n", &v) == 0 && v == NSINFO_CGROUP_UNLIMITED);
	CHECK(cg_parse_limit("67108864\n", &v) == 0 && v == 67108864);
	CHECK(cg_parse_limit("50\n", &v) == 0 && v == 50);
	CHECK(cg_parse_limit("-1\n", &v) == -EINVAL);
	CHECK(cg_parse_limit("12 34\n", &v) == -EINVAL);
	CHECK(cg_parse_limit("", &v) == -EINVAL);
	CHECK(cg_parse_limit("99999999999999999999999\n", &v) == -EINVAL);
	/* memory.limit_in_bytes of the root, 4 KiB pages: no limit */
	CHECK(cg_parse_v1_bytes("9223372036854771712\n", 4096, &v) == 0 &&
	      v == NSINFO_CGROUP_UNLIMITED);
	CHECK(cg_parse_v1_bytes("67108864\n", 4096, &v) == 0 && v == 67108864);
	/* cpu.cfs_quota_us */
	CHECK(cg_parse_v1_quota("-1\n", &v) == 0 && v == NSINFO_CGROUP_UNLIMITED);
	CHECK(cg_parse_v1_quota("50000\n", &v) == 0 && v == 50000);
	TEST_END();
}

static void test_cpu(void)
{
	/* /sys/fs/cgroup/unified/cpu.stat on the test machine */
	static const char stat[] = "usage_usec 50619469\nuser_usec 32036780\n"
				   "system_usec 18582688\nnice_usec 0\n";
	uint64_t q = 0, p = 0, v = 0;

	TEST_BEGIN("cgparse-cpu");
	CHECK(cg_parse_cpu_max("max 100000\n", &q, &p) == 0 && q == NSINFO_CGROUP_UNLIMITED &&
	      p == 100000);
	CHECK(cg_parse_cpu_max("50000 100000\n", &q, &p) == 0 && q == 50000 && p == 100000);
	CHECK(cg_parse_cpu_max("50000\n", &q, &p) == -EINVAL);
	CHECK(cg_parse_cpu_max("50000 0\n", &q, &p) == -EINVAL);
	CHECK(cg_parse_keyed(stat, "usage_usec", &v) == 0 && v == 50619469);
	CHECK(cg_parse_keyed(stat, "system_usec", &v) == 0 && v == 18582688);
	/* a key is a whole word: "user" is not "user_usec" */
	CHECK(cg_parse_keyed(stat, "user", &v) == -ENOENT);
	CHECK(cg_parse_keyed("nr_periods 0\nnr_throttled 0\n", "usage_usec", &v) == -ENOENT);
	CHECK(cg_parse_keyed("usage_usec x\n", "usage_usec", &v) == -EINVAL);
	TEST_END();
}

static void test_psi(void)
{
	/* /proc/pressure/cpu and a v2 cgroup's memory.pressure here */
	static const char cpu[] = "some avg10=4.20 avg60=0.17 avg300=0.22 total=3277519\n"
				  "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
	static const char io[] = "some avg10=100.00 avg60=1.00 avg300=0.00 total=1\n";
	uint64_t v = 0;

	TEST_BEGIN("cgparse-psi");
	CHECK(cg_parse_psi(cpu, false, &v) == 0 && v == 420);
	CHECK(cg_parse_psi(cpu, true, &v) == 0 && v == 0);
	CHECK(cg_parse_psi(io, false, &v) == 0 && v == 10000);
	CHECK(cg_parse_psi(io, true, &v) == -ENOENT);
	CHECK(cg_parse_psi("some avg60=1.00\n", false, &v) == -EINVAL);
	CHECK(cg_parse_psi("some avg10=1.2 avg60=0\n", false, &v) == -EINVAL);
	CHECK(cg_parse_psi("some avg10=101.00 avg60=0\n", false, &v) == -EINVAL);
	TEST_END();
}

static void test_paths(void)
{
	/* /proc/self/cgroup of a shell on the test machine */
	static const char hybrid[] = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n"
				     "5:devices:/\n4:memory:/a b:c\n3:cpuset:/\n2:cpuacct:/\n"
				     "1:cpu:/\n0::/\n";
	/* a name with a newline reads as one more line */
	static const char forged[] = "1:memory:/x\n0::/evil\n0::/\n";
	struct cg_paths *p = NULL;

	TEST_BEGIN("cgparse-paths");
	CHECK(cg_paths_parse(hybrid, strlen(hybrid), 10, &p) == 0 && p && p->n == 10);
	if (p) {
		CHECK_STR(p->e[0].ctrl, "name=systemd");
		CHECK_STR(p->e[5].ctrl, "memory");
		/* a colon in a path is the path's */
		CHECK_STR(p->e[5].path, "/a b:c");
		CHECK_STR(p->e[9].ctrl, "");
		CHECK_STR(p->e[9].path, "/");
		cg_paths_free(p);
	}
	p = NULL;
	CHECK(cg_paths_parse(forged, strlen(forged), 2, &p) == -EBADMSG && !p);
	CHECK(cg_paths_parse(forged, strlen(forged), 0, &p) == 0 && p && p->n == 3);
	cg_paths_free(p);
	p = NULL;
	CHECK(cg_paths_parse("x:memory:/\n", 11, 0, &p) == -EINVAL && !p);
	CHECK(cg_paths_parse("0::/no-newline", 14, 1, &p) == 0 && p && p->n == 1);
	if (p)
		CHECK_STR(p->e[0].path, "/no-newline");
	cg_paths_free(p);
	TEST_END();
}

int main(void)
{
	test_limits();
	test_cpu();
	test_psi();
	test_paths();
	UNIT_EXIT();
}
