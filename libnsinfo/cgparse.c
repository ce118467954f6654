// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgparse.c - pure parsers of cgroup text: the lines of /proc/PID/cgroup
 * and the value files of a cgroup directory (v2 and v1). No I/O, so the
 * unit tests feed them text copied from real machines.
 *
 * Every value file is written by the kernel, but a cgroup directory
 * delegated to another user sits below a name that user chose; the text
 * itself is the kernel's. Anything that does not parse is -EINVAL, never
 * a made-up number.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int cgroup_split_line(const char *line, size_t len, struct cgroup_line *out)
{
	const char *c1 = memchr(line, ':', len), *c2;

	if (!c1 || !(c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line))))
		return -EINVAL;
	out->id = line;
	out->id_len = (size_t)(c1 - line);
	out->ctrl = c1 + 1;
	out->ctrl_len = (size_t)(c2 - c1 - 1);
	out->path = c2 + 1;
	out->path_len = len - (size_t)(c2 + 1 - line);
	if (!out->id_len || strspn(line, "0123456789") != out->id_len)
		return -EINVAL;
	return 0;
}

/* A decimal number alone on its line (a trailing newline allowed). */
static int parse_dec(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || (*end && strcmp(end, "\n") != 0))
		return -EINVAL;
	*v = n;
	return 0;
}

int cg_parse_limit(const char *text, uint64_t *v)
{
	if (!strcmp(text, "max\n") || !strcmp(text, "max")) {
		*v = NSINFO_CGROUP_UNLIMITED;
		return 0;
	}
	return parse_dec(text, v);
}

int cg_parse_v1_bytes(const char *text, long page_size, uint64_t *v)
{
	/* v1 says "no limit" with the largest page-aligned long */
	uint64_t none = page_size > 0 ? (uint64_t)(LONG_MAX / page_size) * (uint64_t)page_size
				      : (uint64_t)LONG_MAX;
	int rc = parse_dec(text, v);

	if (!rc && *v >= none)
		*v = NSINFO_CGROUP_UNLIMITED;
	return rc;
}

int cg_parse_v1_quota(const char *text, uint64_t *v)
{
	/* cpu.cfs_quota_us: -1 is no limit */
	if (!strcmp(text, "-1\n") || !strcmp(text, "-1")) {
		*v = NSINFO_CGROUP_UNLIMITED;
		return 0;
	}
	return parse_dec(text, v);
}

int cg_parse_cpu_max(const char *text, uint64_t *quota, uint64_t *period)
{
	const char *sp = strchr(text, ' ');
	char q[32];

	/* "max 100000" or "50000 100000" */
	if (!sp || (size_t)(sp - text) >= sizeof(q))
		return -EINVAL;
	memcpy(q, text, (size_t)(sp - text));
	q[sp - text] = '\0';
	if (cg_parse_limit(q, quota) < 0 || parse_dec(sp + 1, period) < 0 || !*period)
		return -EINVAL;
	return 0;
}

int cg_parse_keyed(const char *text, const char *key, uint64_t *v)
{
	size_t klen = strlen(key);

	/* "usage_usec 50619469\nuser_usec ..." */
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char num[24];
		size_t n;

		if (strncmp(l, key, klen) != 0 || l[klen] != ' ')
			continue;
		n = strcspn(l + klen + 1, "\n");
		if (!n || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, l + klen + 1, n);
		num[n] = '\0';
		return parse_dec(num, v);
	}
	return -ENOENT;
}

int cg_parse_psi(const char *text, bool full, uint64_t *avg10)
{
	const char *want = full ? "full " : "some ";

	/* "some avg10=1.23 avg60=0.17 avg300=0.22 total=3277519": avg10 in
	 * hundredths of a percent, as the kernel keeps it (two decimals) */
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *p;
		char *end;
		unsigned long whole, frac = 0;

		if (strncmp(l, want, 5) != 0)
			continue;
		if (strncmp(l + 5, "avg10=", 6) != 0)
			return -EINVAL;
		p = l + 11;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		whole = strtoul(p, &end, 10);
		if (*end == '.') {
			const char *f = end + 1;

			if (f[0] < '0' || f[0] > '9' || f[1] < '0' || f[1] > '9')
				return -EINVAL;
			frac = (unsigned long)(f[0] - '0') * 10 + (unsigned long)(f[1] - '0');
			end = (char *)f + 2;
		}
		if (*end != ' ' && *end != '\n' && *end)
			return -EINVAL;
		if (whole > 100)
			return -EINVAL;
		*avg10 = whole * 100 + frac;
		return 0;
	}
	return -ENOENT;
}
