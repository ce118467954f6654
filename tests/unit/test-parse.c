// SPDX-License-Identifier: LGPL-2.1-or-later
/* Parsers: namespace link text, PIDs, mountinfo lines. */
#include <errno.h>

#include "internal.h"
#include "unit.h"

static void test_ns_link(void)
{
	int type = -1;
	uint64_t ino = 0;

	TEST_BEGIN("parse-ns-link-valid");
	CHECK(nsinfo_parse_ns_link("net:[4026531840]", 16, &type, &ino) == 0);
	CHECK(type == NSINFO_TYPE_NET && ino == 4026531840ULL);
	CHECK(nsinfo_parse_ns_link("time:[1]", 8, &type, &ino) == 0);
	CHECK(type == NSINFO_TYPE_TIME && ino == 1);
	CHECK(nsinfo_parse_ns_link("user:[18446744073709551615]", 27, &type, &ino) == 0);
	CHECK(ino == UINT64_MAX);
	/* the length counts, not a NUL */
	CHECK(nsinfo_parse_ns_link("uts:[42]garbage", 8, &type, &ino) == 0 && ino == 42);
	TEST_END();

	TEST_BEGIN("parse-ns-link-invalid");
	static const char *bad[] = {
		"", "net", "net:", "net:[]", "net:[", "net:[1", "net[1]", "net:1]",
		"foo:[1]", "net:[0]", "net:[-1]", "net:[1a]", "net:[18446744073709551616]",
		"pid_for_children:[1]", ":[1]", "net:[ 1]", "anon_inode:[eventfd]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(nsinfo_parse_ns_link(bad[i], strlen(bad[i]), &type, &ino) == -EINVAL);
	CHECK(nsinfo_parse_ns_link(NULL, 0, &type, &ino) == -EINVAL);
	TEST_END();
}

static void test_pid(void)
{
	pid_t pid = 0;

	TEST_BEGIN("parse-pid");
	CHECK(nsinfo_parse_pid("1", &pid) == 0 && pid == 1);
	CHECK(nsinfo_parse_pid("4194304", &pid) == 0 && pid == 4194304);
	CHECK(nsinfo_parse_pid("2147483647", &pid) == 0);
	CHECK(nsinfo_parse_pid("2147483648", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("0", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("01", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("-1", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("+1", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("self", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("", &pid) == -EINVAL);
	CHECK(nsinfo_parse_pid("12 ", &pid) == -EINVAL);
	TEST_END();
}

static void test_mountinfo(void)
{
	struct mountinfo_entry e;
	char l1[] = "627 30 0:4 net:[4026532281] /run/netns/blue rw shared:300 - nsfs nsfs rw\n";
	char l2[] = "25 1 8:1 / / rw,relatime shared:1 master:2 - ext4 /dev/vda rw\n";
	char l3[] = "99 25 0:4 mnt:[4026532300] /tmp/with\\040space rw - nsfs nsfs rw";
	char l4[] = "99 25 0:4 / /x rw shared:1";
	char l5[] = "";

	TEST_BEGIN("parse-mountinfo");
	CHECK(mountinfo_parse_line(l1, &e) == 0);
	CHECK_STR(e.fstype, "nsfs");
	CHECK_STR(e.root, "net:[4026532281]");
	CHECK_STR(e.target, "/run/netns/blue");
	CHECK(mountinfo_parse_line(l2, &e) == 0);
	CHECK_STR(e.fstype, "ext4");
	CHECK_STR(e.target, "/");
	CHECK(mountinfo_parse_line(l3, &e) == 0);
	CHECK_STR(e.target, "/tmp/with space");
	CHECK(mountinfo_parse_line(l4, &e) == -EINVAL);
	CHECK(mountinfo_parse_line(l5, &e) == -EINVAL);
	TEST_END();
}

static void test_errors(void)
{
	TEST_BEGIN("proc-err-classify");
	CHECK(proc_err_classify(-ENOENT) == PROC_ERR_GONE);
	CHECK(proc_err_classify(ESRCH) == PROC_ERR_GONE);
	CHECK(proc_err_classify(-ESRCH) == PROC_ERR_GONE);
	CHECK(proc_err_classify(-EACCES) == PROC_ERR_DENIED);
	CHECK(proc_err_classify(EPERM) == PROC_ERR_DENIED);
	CHECK(proc_err_classify(-EIO) == PROC_ERR_OTHER);
	TEST_END();
}

static void test_stat_flags(void)
{
	static const char ok[] = "1234 (a) b) c) S 1 1234 1234 0 -1 4194564 120 0 0 0\n";
	static const char sp[] = "77 (x y) R 2 0 0 0 -1 4 0";
	unsigned long f = 0;

	TEST_BEGIN("parse-stat-flags");
	/* the name may hold ") " and spaces: fields count from the last ')' */
	CHECK(parse_stat_flags(ok, strlen(ok), &f) == 0 && f == 4194564);
	CHECK(parse_stat_flags(sp, strlen(sp), &f) == 0 && f == 4);
	CHECK(parse_stat_flags("1 (x) R 2", 9, &f) == -EINVAL);
	CHECK(parse_stat_flags("no paren", 8, &f) == -EINVAL);
	CHECK(parse_stat_flags("", 0, &f) == -EINVAL);
	TEST_END();
}

static void test_nspid(void)
{
	static const char st[] = "Name:\tsh\nNSpid:\t4711\t12\t1\nNSpgid:\t4711\t12\t1\n";
	static const char one[] = "NSpid:\t1";
	pid_t p[4];
	size_t n = 0;

	TEST_BEGIN("parse-status-nspid");
	CHECK(parse_status_nspid(st, strlen(st), p, 4, &n) == 0 && n == 3 &&
	      p[0] == 4711 && p[1] == 12 && p[2] == 1);
	/* the line may start the text and end it without a newline */
	CHECK(parse_status_nspid(one, strlen(one), p, 4, &n) == 0 && n == 1 && p[0] == 1);
	/* only a line that starts with the key: not "XNSpid:" */
	CHECK(parse_status_nspid("XNSpid:\t5\n", 10, p, 4, &n) == -ENOENT);
	CHECK(parse_status_nspid("Name:\tx\n", 8, p, 4, &n) == -ENOENT);
	CHECK(parse_status_nspid("NSpid:\n", 7, p, 4, &n) == -EINVAL);
	CHECK(parse_status_nspid("NSpid:\t1 x\n", 11, p, 4, &n) == -EINVAL);
	CHECK(parse_status_nspid("NSpid:\t0\n", 9, p, 4, &n) == -EINVAL);
	CHECK(parse_status_nspid("NSpid:\t-1\n", 10, p, 4, &n) == -EINVAL);
	CHECK(parse_status_nspid("NSpid:\t1 2 3 4 5\n", 16, p, 4, &n) == -EINVAL);
	CHECK(parse_status_nspid("NSpid:\t99999999999\n", 19, p, 4, &n) == -EINVAL);
	/* the length bounds the text: no NUL needed, none read past */
	CHECK(parse_status_nspid("NSpid:\t12", 8, p, 4, &n) == 0 && n == 1 && p[0] == 1);
	TEST_END();
}

int main(void)
{
	test_nspid();
	test_stat_flags();
	test_ns_link();
	test_pid();
	test_mountinfo();
	test_errors();
	UNIT_EXIT();
}
