// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * parse.c - pure parsers over buffers: no I/O, so unit tests and fuzzers
 * call them directly.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "internal.h"

/* Decimal digits to u64; rejects empty input, signs and overflow. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

NSINFO_EXPORT int nsinfo_parse_ns_link(const char *text, size_t len, int *type,
				       uint64_t *inode)
{
	const char *colon;
	char name[16];
	size_t nlen;
	uint64_t ino;
	int t;

	if (!text || !type || !inode)
		return -EINVAL;
	colon = memchr(text, ':', len);
	if (!colon)
		return -EINVAL;
	nlen = (size_t)(colon - text);
	/* "TYPE:[N]": at least "[" N "]" after the colon */
	if (nlen == 0 || nlen >= sizeof(name) || len - nlen < 4)
		return -EINVAL;
	if (colon[1] != '[' || text[len - 1] != ']')
		return -EINVAL;
	memcpy(name, text, nlen);
	name[nlen] = '\0';
	t = nsinfo_type_from_name(name);
	if (t < 0)
		return t;
	if (parse_u64(colon + 2, len - nlen - 3, &ino) < 0 || ino == 0)
		return -EINVAL;
	*type = t;
	*inode = ino;
	return 0;
}

NSINFO_EXPORT int nsinfo_parse_pid(const char *text, pid_t *pid)
{
	uint64_t v;

	if (!text || !pid)
		return -EINVAL;
	/* "0123" is not a /proc entry; "0" is not a process */
	if (text[0] == '0')
		return -EINVAL;
	if (parse_u64(text, strlen(text), &v) < 0 || v > INT_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

/*
 * Numeric field `want` (3 or more, as proc(5) counts them) of a
 * /proc/PID/stat line (len bytes): the command name in parentheses may
 * hold anything, so fields count from the last ')'. 0 or -EINVAL.
 */
static int parse_stat_field(const char *text, size_t len, int want, unsigned long *value)
{
	const char *p = NULL, *end = text + len;
	int field = 2;	/* the ')' closes field 2 */

	for (const char *q = text; q < end; q++)
		if (*q == ')')
			p = q;
	if (!p || want < 3)
		return -EINVAL;
	/* p ends on the first character of field `want` */
	for (p++; p < end && field < want; p++)
		if (*p == ' ' && p + 1 < end && p[1] != ' ')
			field++;
	if (field != want || p >= end)
		return -EINVAL;
	*value = 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		*value = *value * 10 + (unsigned long)(*p - '0');
	return p < end && *p == ' ' ? 0 : -EINVAL;
}

int parse_stat_state(const char *text, size_t len, char *state)
{
	const char *p = NULL, *end = text + len;

	for (const char *q = text; q < end; q++)
		if (*q == ')')
			p = q;
	/* ") S ": the state follows the command name */
	if (!p || end - p < 3 || p[1] != ' ' || p[2] == ' ')
		return -EINVAL;
	*state = p[2];
	return 0;
}

int parse_stat_flags(const char *text, size_t len, unsigned long *flags)
{
	return parse_stat_field(text, len, 9, flags);
}

int parse_stat_ppid(const char *text, size_t len, pid_t *ppid)
{
	unsigned long v;

	if (parse_stat_field(text, len, 4, &v) < 0 || v > INT_MAX)
		return -EINVAL;
	*ppid = (pid_t)v;
	return 0;
}

int parse_stat_start(const char *text, size_t len, unsigned long long *ticks)
{
	unsigned long v;

	if (parse_stat_field(text, len, 22, &v) < 0)
		return -EINVAL;
	*ticks = v;
	return 0;
}

int parse_stat_tty(const char *text, size_t len, pid_t *sid, unsigned int *tty_nr,
		   pid_t *tpgid)
{
	unsigned long v, nr;

	if (parse_stat_field(text, len, 6, &v) < 0 || v > INT_MAX)
		return -EINVAL;
	*sid = (pid_t)v;
	if (parse_stat_field(text, len, 7, &nr) < 0 || nr > UINT_MAX)
		return -EINVAL;
	*tty_nr = (unsigned int)nr;
	/* -1: no foreground process group (no terminal) */
	if (parse_stat_field(text, len, 8, &v) < 0)
		v = 0;
	*tpgid = v > INT_MAX ? 0 : (pid_t)v;
	return 0;
}

int parse_status_nspid(const char *text, size_t len, pid_t *pids, size_t max, size_t *n)
{
	static const char key[] = "NSpid:";
	const char *p = text, *end = text + len, *eol;

	/* the line starts the text or follows a newline */
	for (;;) {
		if ((size_t)(end - p) >= sizeof(key) - 1 && !memcmp(p, key, sizeof(key) - 1))
			break;
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return -ENOENT;
		p++;
	}
	p += sizeof(key) - 1;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	*n = 0;
	while (p < eol) {
		const char *q;
		uint64_t v;

		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol)
			break;
		for (q = p; q < eol && *q != ' ' && *q != '\t'; q++)
			;
		if (*n == max || parse_u64(p, (size_t)(q - p), &v) < 0 || v == 0 || v > INT_MAX)
			return -EINVAL;
		pids[(*n)++] = (pid_t)v;
		p = q;
	}
	return *n ? 0 : -EINVAL;
}

int parse_fd_number(const char *name, int *fd)
{
	pid_t num;

	/* descriptor numbers, 0 included (which is no PID) */
	if (!strcmp(name, "0")) {
		*fd = 0;
		return 0;
	}
	if (nsinfo_parse_pid(name, &num) < 0)
		return -EINVAL;
	*fd = (int)num;
	return 0;
}

enum fd_link parse_fd_link(const char *text, size_t len, int *type, uint64_t *inode)
{
	if (nsinfo_parse_ns_link(text, len, type, inode) == 0)
		return FD_LINK_NS;
	if (len >= 8 && !strncmp(text, "socket:[", 8))
		return FD_LINK_SOCKET;
	return FD_LINK_OTHER;
}
