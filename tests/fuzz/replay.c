// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * replay.c - main() for a harness built without libFuzzer (gcc, the test
 * builds): every file named, or found in a directory named, is fed to
 * LLVMFuzzerTestOneInput() once. Prints how many; exit 0, or 2 when an
 * argument cannot be read (a crash is the sanitizers' to report).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "replay: %s: %s\n", path, fd < 0 ? strerror(errno) : "not a file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		abort();
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		free(buf);
		return -1;
	}
	/* exactly n bytes, as libFuzzer hands them: a copy of its own */
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int status = 0;

	for (int i = 1; i < argc; i++) {
		struct dirent **ents;
		struct stat st;
		int n;

		if (stat(argv[i], &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]) < 0)
				status = 2;
			else
				count++;
			continue;
		}
		n = scandir(argv[i], &ents, NULL, by_name);
		if (n < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			status = 2;
			continue;
		}
		for (int j = 0; j < n; j++) {
			const char *name = ents[j]->d_name;
			char path[4096];

			/* (dot files: .gitkeep and the like) */
			if (name[0] != '.' &&
			    (size_t)snprintf(path, sizeof(path), "%s/%s", argv[i], name) < sizeof(path)) {
				if (replay_file(path) < 0)
					status = 2;
				else
					count++;
			}
			free(ents[j]);
		}
		free(ents);
	}
	printf("%zu inputs\n", count);
	return status;
}
