// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-cgroup.c - the lines of /proc/PID/cgroup ("ID:CONTROLLERS:PATH"):
 * the path names cgroups whoever was delegated them chose.
 */
#include "internal.h"
#include "fuzz.h"

#define MAX_LINES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *lines[MAX_LINES + 1], *p = text;
	struct cgroup_container c;
	size_t n = 0;

	while (n < MAX_LINES && p) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl++ = '\0';
		lines[n++] = p;
		p = nl;
	}
	lines[n] = NULL;
	if (cgroup_parse_container(lines, &c) == 0) {
		static const char *const runtimes[] = { "docker", "podman", "containerd", "cri-o",
							"kubernetes", "lxc", "systemd-nspawn" };
		size_t r = 0;

		while (r < sizeof(runtimes) / sizeof(runtimes[0]) && strcmp(c.runtime, runtimes[r]))
			r++;
		if (r == sizeof(runtimes) / sizeof(runtimes[0]))
			abort();
		/* an ID is 64 hex digits, a pod UID 32 or more of hex and '-' */
		if (c.id[0] && (strlen(c.id) != 64 || strspn(c.id, "0123456789abcdef") != 64))
			abort();
		if (c.pod[0] && (strlen(c.pod) < 32 ||
				 strspn(c.pod, "0123456789abcdefABCDEF-") != strlen(c.pod)))
			abort();
		/* every field a C string within its array */
		if (!memchr(c.runtime, '\0', sizeof(c.runtime)) ||
		    !memchr(c.id, '\0', sizeof(c.id)) ||
		    !memchr(c.name, '\0', sizeof(c.name)) || !memchr(c.pod, '\0', sizeof(c.pod)) ||
		    !memchr(c.path, '\0', sizeof(c.path)) ||
		    !memchr(c.controllers, '\0', sizeof(c.controllers)) || !c.runtime[0])
			abort();
	}
	free(text);
	return 0;
}
