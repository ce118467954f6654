// SPDX-License-Identifier: LGPL-2.1-or-later
/* Standard streams: the link-text classifier, terminal names, fdinfo and
 * the tty fields of a stat line. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "internal.h"
#include "unit.h"

static int kind_of(const char *text, mode_t mode, dev_t rdev, struct stdio_class *c)
{
	if (stdio_classify(text, strlen(text), mode, rdev, c) < 0)
		return -1;
	return (int)c->kind;
}

static void test_classify(void)
{
	struct stdio_class c;

	TEST_BEGIN("stdio-classify-kernel-names");
	CHECK(kind_of("pipe:[22556]", S_IFIFO, 0, &c) == NSINFO_STDIO_PIPE && c.ino == 22556);
	CHECK(kind_of("socket:[7]", S_IFSOCK, 0, &c) == NSINFO_STDIO_SOCKET && c.ino == 7);
	/* the mode unknown (stat failed): the kernel's text decides */
	CHECK(kind_of("pipe:[5]", 0, 0, &c) == NSINFO_STDIO_PIPE);
	CHECK(kind_of("anon_inode:[eventfd]", 0, 0, &c) == NSINFO_STDIO_OTHER && c.ino == 0);
	CHECK(kind_of("net:[4026531840]", 0, 0, &c) == NSINFO_STDIO_OTHER);
	TEST_END();

	TEST_BEGIN("stdio-classify-lookalikes");
	/* a path is another user's name, whatever it spells */
	CHECK(kind_of("/tmp/pipe:[123]", S_IFREG, 0, &c) == NSINFO_STDIO_FILE && c.ino == 0);
	CHECK(kind_of("/tmp/socket:[1]", S_IFREG, 0, &c) == NSINFO_STDIO_FILE);
	CHECK(kind_of("/tmp/a\nb", S_IFREG, 0, &c) == NSINFO_STDIO_FILE);
	CHECK(kind_of("/dev/pts/3", S_IFREG, 0, &c) == NSINFO_STDIO_FILE);
	CHECK(kind_of("/dev/null", S_IFREG, 0, &c) == NSINFO_STDIO_FILE);
	CHECK(kind_of("/dev/null", 0, 0, &c) == NSINFO_STDIO_FILE);
	/* a text and a mode that disagree are not that kind */
	CHECK(kind_of("pipe:[1]", S_IFREG, 0, &c) == NSINFO_STDIO_OTHER);
	CHECK(kind_of("socket:[1]", S_IFIFO, 0, &c) == NSINFO_STDIO_OTHER);
	static const char *bad[] = { "pipe:[]", "pipe:[0]", "pipe:[1", "pipe:[1]x", "pipe:[-1]",
				     "pipe:[18446744073709551616]", "pipe:[ 1]", "xpipe:[1]" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(kind_of(bad[i], S_IFIFO, 0, &c) == NSINFO_STDIO_OTHER);
	CHECK(stdio_classify("", 0, 0, 0, &c) == -EINVAL);
	TEST_END();

	TEST_BEGIN("stdio-classify-devices");
	CHECK(kind_of("/dev/null", S_IFCHR, makedev(1, 3), &c) == NSINFO_STDIO_NULL);
	/* any name: the device number says what it is */
	CHECK(kind_of("/x/y", S_IFCHR, makedev(1, 3), &c) == NSINFO_STDIO_NULL);
	CHECK(kind_of("/dev/pts/3", S_IFCHR, makedev(136, 3), &c) == NSINFO_STDIO_TTY &&
	      !strcmp(c.tty, "pts/3"));
	CHECK(kind_of("/dev/zero", S_IFCHR, makedev(1, 5), &c) == NSINFO_STDIO_DEVICE);
	CHECK(kind_of("/dev/sda", S_IFBLK, makedev(8, 0), &c) == NSINFO_STDIO_DEVICE);
	CHECK(kind_of("/run/fifo", S_IFIFO, 0, &c) == NSINFO_STDIO_FIFO);
	CHECK(kind_of("/var/log/x (deleted)", S_IFREG, 0, &c) == NSINFO_STDIO_FILE);
	TEST_END();
}

static void test_tty_name(void)
{
	char b[16];

	TEST_BEGIN("stdio-tty-name");
	CHECK(stdio_tty_name(makedev(136, 0), b, sizeof(b)) == 0 && !strcmp(b, "pts/0"));
	CHECK(stdio_tty_name(makedev(137, 4), b, sizeof(b)) == 0 && !strcmp(b, "pts/260"));
	CHECK(stdio_tty_name(makedev(4, 1), b, sizeof(b)) == 0 && !strcmp(b, "tty1"));
	CHECK(stdio_tty_name(makedev(4, 64), b, sizeof(b)) == 0 && !strcmp(b, "ttyS0"));
	CHECK(stdio_tty_name(makedev(5, 1), b, sizeof(b)) == 0 && !strcmp(b, "console"));
	CHECK(stdio_tty_name(makedev(1, 3), b, sizeof(b)) == -ENOENT);
	TEST_END();
}

static void test_fdinfo(void)
{
	static const char w[] = "pos:\t0\nflags:\t01\nmnt_id:\t15\nino:\t22556\n";
	static const char r[] = "pos:\t0\nflags:\t02000000\nmnt_id:\t15\nino:\t9\n";
	static const char rw[] = "pos:\t0\nflags:\t0100002\nmnt_id:\t15\n";
	int access;
	uint64_t ino;

	TEST_BEGIN("stdio-fdinfo");
	CHECK(stdio_parse_fdinfo(w, strlen(w), &access, &ino) == 0 && access == O_WRONLY &&
	      ino == 22556);
	CHECK(stdio_parse_fdinfo(r, strlen(r), &access, &ino) == 0 && access == O_RDONLY && ino == 9);
	/* no ino line (before Linux 5.x): 0 */
	CHECK(stdio_parse_fdinfo(rw, strlen(rw), &access, &ino) == 0 && access == O_RDWR && ino == 0);
	CHECK(stdio_parse_fdinfo("pos:\t0\n", 7, &access, &ino) == -EINVAL);
	CHECK(stdio_parse_fdinfo("flags:\t08\n", 10, &access, &ino) == -EINVAL);
	CHECK(stdio_parse_fdinfo("xflags:\t01\n", 11, &access, &ino) == -EINVAL);
	TEST_END();
}

static void test_stat_tty(void)
{
	/* a command name with ") " and spaces in it */
	static const char line[] = "901 (a) b (c) S 900 901 901 34816 4242 4194560 0 0\n";
	static const char none[] = "77 (sshd) S 1 77 77 0 -1 4194560 0 0\n";
	pid_t sid, tpgid;
	unsigned int nr;

	TEST_BEGIN("stdio-stat-tty");
	CHECK(parse_stat_tty(line, strlen(line), &sid, &nr, &tpgid) == 0);
	CHECK(sid == 901 && nr == 34816 && tpgid == 4242);
	CHECK(parse_stat_tty(none, strlen(none), &sid, &nr, &tpgid) == 0);
	CHECK(sid == 77 && nr == 0 && tpgid == 0);
	CHECK(parse_stat_tty("1 (x) S", 7, &sid, &nr, &tpgid) == -EINVAL);
	TEST_END();
}

int main(void)
{
	test_classify();
	test_tty_name();
	test_fdinfo();
	test_stat_tty();
	UNIT_EXIT();
}
