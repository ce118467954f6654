// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mountinfo.c - parse one line of /proc/PID/mountinfo (proc(5)):
 *   ID PARENT MAJ:MIN ROOT TARGET OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
 * Pure: works on the caller's buffer, unescapes octal \NNN in place.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* Undo the kernel's escaping of ' ', '\t', '\n' and '\\' as \NNN. */
static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' &&
		    r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Next space-separated field; NULL at the end of the line. */
static char *field(char **cursor)
{
	char *s = *cursor, *e;

	while (*s == ' ')
		s++;
	if (!*s || *s == '\n')
		return NULL;
	e = s + strcspn(s, " \n");
	if (*e)
		*e++ = '\0';
	*cursor = e;
	return s;
}

int mountinfo_parse_line(char *line, struct mountinfo_entry *e)
{
	e->super_opts = NULL;
	char *cur = line, *f[6], *sep;

	for (int i = 0; i < 6; i++) {
		f[i] = field(&cur);
		if (!f[i])
			return -EINVAL;
	}
	/* optional fields end with a lone "-" */
	do {
		sep = field(&cur);
		if (!sep)
			return -EINVAL;
	} while (strcmp(sep, "-") != 0);
	e->fstype = field(&cur);
	if (!e->fstype)
		return -EINVAL;
	/* SOURCE, then the super block's options (may be missing in old
	 * kernels' lines: "") */
	if (field(&cur))
		e->super_opts = field(&cur);
	if (!e->super_opts)
		e->super_opts = "";
	unescape(f[3]);
	unescape(f[4]);
	e->id = f[0];
	e->root = f[3];
	e->target = f[4];
	return 0;
}
