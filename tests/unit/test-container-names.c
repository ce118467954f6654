// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Container names from the runtimes' state files, against real-shaped
 * fixtures (tests/fixtures/docker, tests/fixtures/podman) laid out below a
 * temporary root as they sit on a host.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

#define DOCKER_ID "c659aec19359977bd069edb50f387cb1e536f1485d77f6f5d536b6e88c2fffa1"
#define PODMAN_ID "e22355c4b3eea22f317bb614292d5462de11e6fa23a504767e259cd116aca29c"

int main(void)
{
	char root[] = "/tmp/nsinfo-state-XXXXXX", cwd[1024], cmd[8 * 1024];
	char bundle[PATH_MAX], *name;

	TEST_BEGIN("container-names-setup");
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(mkdtemp(root) != NULL);
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkdir -p %s/var/lib %s/elsewhere;"
		 "ln -s %s/tests/fixtures/docker %s/var/lib/docker;"
		 "ln -s %s/tests/fixtures/podman %s/var/lib/containers;"
		 "ln -s %s/tests/fixtures/podman/storage %s/elsewhere/graph",
		 root, root, cwd, root, cwd, root, cwd, root);
	CHECK(system(cmd) == 0);
	TEST_END();

	TEST_BEGIN("container-names-docker");
	name = container_docker_name(root, DOCKER_ID);
	CHECK_STR(name, "web");	/* "Name": "/web", the slash dropped */
	free(name);
	CHECK(container_docker_name(root, "0000") == NULL);
	CHECK(container_docker_name("/nonexistent", DOCKER_ID) == NULL);
	TEST_END();

	TEST_BEGIN("container-names-podman-default-store");
	name = container_store_name(root, PODMAN_ID, NULL);
	CHECK_STR(name, "web");
	free(name);
	CHECK(container_store_name(root, "ffff", NULL) == NULL);
	TEST_END();

	/* a store elsewhere, found through conmon's bundle; the path is as
	 * conmon sees it, below the same root */
	TEST_BEGIN("container-names-podman-conmon-bundle");
	snprintf(bundle, sizeof(bundle), "/elsewhere/graph/vfs-containers/%s/userdata", PODMAN_ID);
	{
		char *argv[] = { "/usr/bin/conmon", "-c", PODMAN_ID, "-b", bundle, "-n", "web", NULL };
		char *other[] = { "/usr/bin/conmon", "-c", "abc", "-b", bundle, NULL };
		char alt[] = "/tmp/nsinfo-state-alt-XXXXXX";

		/* the default store moved away: only the bundle leads there */
		snprintf(cmd, sizeof(cmd), "mv %s/var/lib/containers %s/var/lib/containers.off",
			 root, root);
		CHECK(system(cmd) == 0);
		name = container_store_name(root, PODMAN_ID, argv);
		CHECK_STR(name, "web");
		free(name);
		/* conmon of another container: its bundle is not trusted */
		CHECK(container_store_name(root, PODMAN_ID, other) == NULL);
		CHECK(mkdtemp(alt) != NULL);
		CHECK(container_store_name(alt, PODMAN_ID, argv) == NULL);
		rmdir(alt);
	}
	TEST_END();

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		printf("FAIL container-names-cleanup: %s\n", cmd);
	UNIT_EXIT();
}
