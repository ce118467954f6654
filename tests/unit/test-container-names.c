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
	uid_t uid = 12345;

	TEST_BEGIN("container-names-setup");
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(mkdtemp(root) != NULL);
	snprintf(cmd, sizeof(cmd),
		 "set -e; umask 022; mkdir -p %s/var/lib %s/elsewhere;"
		 "cp -r %s/tests/fixtures/docker %s/var/lib/docker;"
		 "cp -r %s/tests/fixtures/podman %s/var/lib/containers;"
		 "cp -r %s/tests/fixtures/podman/storage %s/elsewhere/graph;"
		 "chmod -R go-w %s",
		 root, root, cwd, root, cwd, root, cwd, root, root);
	CHECK(system(cmd) == 0);
	TEST_END();

	TEST_BEGIN("container-names-docker");
	name = container_docker_name(root, DOCKER_ID, 0, &uid);
	CHECK_STR(name, "web");	/* "Name": "/web", the slash dropped */
	CHECK(uid == 0);	/* root's file: root's word */
	free(name);
	CHECK(container_docker_name(root, "0000", 0, &uid) == NULL);
	CHECK(container_docker_name("/nonexistent", DOCKER_ID, 0, &uid) == NULL);
	TEST_END();

	TEST_BEGIN("container-names-podman-default-store");
	name = container_store_name(root, PODMAN_ID, NULL, 0, &uid);
	CHECK_STR(name, "web");
	free(name);
	CHECK(container_store_name(root, "ffff", NULL, 0, &uid) == NULL);
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
		name = container_store_name(root, PODMAN_ID, argv, 0, &uid);
		CHECK_STR(name, "web");
		free(name);
		/* conmon of another container: its bundle is not trusted */
		CHECK(container_store_name(root, PODMAN_ID, other, 0, &uid) == NULL);
		CHECK(mkdtemp(alt) != NULL);
		CHECK(container_store_name(alt, PODMAN_ID, argv, 0, &uid) == NULL);
		rmdir(alt);
	}
	TEST_END();

	/* What another user controls: a state file is read only when it and
	 * every directory on the way are root's or the container owner's,
	 * writable by no one else, with no symlink on the way, and a regular
	 * file (a FIFO would block us: alarm() turns a hang into a failure). */
	alarm(20);
	TEST_BEGIN("container-names-untrusted-symlink");
	snprintf(cmd, sizeof(cmd), "set -e; mv %s/var/lib/docker %s/var/lib/docker.real;"
		 "ln -s %s/var/lib/docker.real %s/var/lib/docker", root, root, root, root);
	CHECK(system(cmd) == 0);
	CHECK(container_docker_name(root, DOCKER_ID, 0, &uid) == NULL);
	snprintf(cmd, sizeof(cmd), "set -e; rm %s/var/lib/docker; mv %s/var/lib/docker.real "
		 "%s/var/lib/docker", root, root, root);
	CHECK(system(cmd) == 0);
	name = container_docker_name(root, DOCKER_ID, 0, &uid);
	CHECK_STR(name, "web");
	free(name);
	TEST_END();

	TEST_BEGIN("container-names-untrusted-owner");
	snprintf(cmd, sizeof(cmd), "chown -R 65534:65534 %s/var/lib/docker/containers", root);
	CHECK(system(cmd) == 0);
	/* a container root made: another user's file is not its state */
	CHECK(container_docker_name(root, DOCKER_ID, 0, &uid) == NULL);
	/* a container of that user: their file, their claim */
	uid = 0;
	name = container_docker_name(root, DOCKER_ID, 65534, &uid);
	CHECK_STR(name, "web");
	CHECK(uid == 65534);
	free(name);
	/* a third user's container may not read it either */
	CHECK(container_docker_name(root, DOCKER_ID, 1000, &uid) == NULL);
	snprintf(cmd, sizeof(cmd), "chown -R 0:0 %s/var/lib/docker/containers", root);
	CHECK(system(cmd) == 0);
	TEST_END();

	TEST_BEGIN("container-names-untrusted-writable");
	snprintf(cmd, sizeof(cmd), "chmod o+w %s/var/lib/docker", root);
	CHECK(system(cmd) == 0);
	CHECK(container_docker_name(root, DOCKER_ID, 0, &uid) == NULL);
	snprintf(cmd, sizeof(cmd), "chmod o-w %s/var/lib/docker", root);
	CHECK(system(cmd) == 0);
	TEST_END();

	TEST_BEGIN("container-names-untrusted-fifo");
	snprintf(cmd, sizeof(cmd), "set -e; f=%s/var/lib/docker/containers/%s/config.v2.json;"
		 "mv $f $f.real; mkfifo -m 600 $f", root, DOCKER_ID);
	CHECK(system(cmd) == 0);
	CHECK(container_docker_name(root, DOCKER_ID, 0, &uid) == NULL);
	TEST_END();
	alarm(0);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		printf("FAIL container-names-cleanup: %s\n", cmd);
	UNIT_EXIT();
}
