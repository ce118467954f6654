/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * atomic-file.h - replace a file whole: what a reader of it (nsdiff, a
 * Prometheus textfile collector) sees is the old file or the new one,
 * never half of either.
 */
#ifndef NSINFO_ATOMIC_FILE_H
#define NSINFO_ATOMIC_FILE_H

#include <stddef.h>

/*
 * Write len bytes of buf to path through a temporary file beside it
 * (".NAME.XXXXXX", created with O_EXCL: nothing another user placed there
 * is opened; the dot keeps it out of a collector's *.prom glob), mode
 * 0644, renamed over path (rename replaces a symlink, never follows it).
 * path "-" is stdout. 0 or -errno; *why names the step that failed.
 */
int atomic_write_file(const char *path, const char *buf, size_t len, const char **why);

#endif
