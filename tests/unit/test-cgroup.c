// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Container identity from cgroup paths, against tests/fixtures/cgroup/:
 * files shaped like real /proc/PID/cgroup, and EXPECTED.tsv saying what
 * each one tells (runtime, ID, name or pod UID).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "internal.h"
#include "unit.h"

#define DIR "tests/fixtures/cgroup/"

/* The lines of a file, NULL-terminated, in one allocation. */
static char **read_lines(const char *path, char **buf)
{
	size_t len = 0, n = 0;
	FILE *f = fopen(path, "r");
	char **lines;

	*buf = NULL;
	if (!f || getdelim(buf, &len, '\0', f) < 0) {
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	lines = calloc(256, sizeof(*lines));
	for (char *save, *l = strtok_r(*buf, "\n", &save); l && n < 255; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	return lines;
}

static void test_fixtures(void)
{
	FILE *f = fopen(DIR "EXPECTED.tsv", "r");
	char *line = NULL;
	size_t cap = 0;
	int cases = 0;

	TEST_BEGIN("cgroup-fixtures");
	CHECK(f != NULL);
	while (f && getline(&line, &cap, f) > 0) {
		char *file, *runtime, *id, *name, *save, *buf, **lines, path[512];
		struct cgroup_container c;
		int rc;

		line[strcspn(line, "\n")] = '\0';
		file = strtok_r(line, "\t", &save);
		if (!file || !strcmp(file, "file"))
			continue;
		/* empty fields: strsep keeps them */
		save = line + strlen(file) + 1;
		runtime = strsep(&save, "\t");
		id = strsep(&save, "\t");
		name = strsep(&save, "\t");
		snprintf(path, sizeof(path), DIR "%s", file);
		lines = read_lines(path, &buf);
		CHECK(lines != NULL);
		rc = cgroup_parse_container(lines, &c);
		if (!runtime || !*runtime) {
			if (rc != -ENOENT)
				printf("FAIL cgroup-fixtures: %s: not a container, got %s\n", file, c.runtime);
			CHECK(rc == -ENOENT);
		} else {
			const char *got_name = c.pod[0] ? c.pod : c.name;

			if (rc || strcmp(c.runtime, runtime) || strcmp(c.id, id ? id : "") ||
			    strcmp(got_name, name ? name : ""))
				printf("FAIL cgroup-fixtures: %s: got rc=%d '%s' '%s' '%s', want '%s' '%s' '%s'\n",
				       file, rc, c.runtime, c.id, got_name, runtime, id, name);
			CHECK(rc == 0 && !strcmp(c.runtime, runtime));
		}
		cases++;
		free(lines);
		free(buf);
	}
	CHECK(cases >= 20);
	free(line);
	if (f)
		fclose(f);
	TEST_END();
}

static void test_edges(void)
{
	struct cgroup_container c;
	char l1[] = "0::/docker/ABCDEF";	/* not 64 lowercase hex */
	char l2[] = "0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope";
	char l3[] = "garbage without colons";
	char l4[] = "0::/machine.slice/machine-qemu\\x2d1\\x2dvm.scope";
	char *a[] = { l1, NULL }, *b[] = { l3, l2, NULL }, *q[] = { l4, NULL };
	/* a pod UID with a bad character: no part of it is a UID, so the
	 * container below it is no pod's (found by review of the fuzzer's
	 * parser: the copied half used to stay) */
	char l5[] = "0::/kubepods.slice/kubepods-besteffort.slice/"
		    "kubepods-besteffort-pod0123456789abcdef0123456789abcdeX.slice/"
		    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char *none[] = { NULL }, *k[] = { l5, NULL };

	TEST_BEGIN("cgroup-edges");
	CHECK(cgroup_parse_container(a, &c) == -ENOENT);
	CHECK(cgroup_parse_container(b, &c) == 0 && !strcmp(c.runtime, "docker"));
	CHECK(strlen(c.id) == 64 && c.name[0] == '\0');
	CHECK(cgroup_parse_container(q, &c) == -ENOENT);	/* a VM, not nspawn */
	CHECK(cgroup_parse_container(none, &c) == -ENOENT);
	CHECK(cgroup_parse_container(NULL, &c) == -ENOENT);
	CHECK(cgroup_parse_container(k, &c) == -ENOENT && c.pod[0] == '\0');
	TEST_END();
}

int main(void)
{
	test_fixtures();
	test_edges();
	UNIT_EXIT();
}
