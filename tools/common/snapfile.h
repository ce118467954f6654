/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapfile.h - a snapshot as plain data, saved to a file and read back:
 * what `nsls --save FILE` writes and nsdiff(1) reads. One place for the
 * format (a JSON object, "format": "nsinfo-snapshot", "version": 1; see
 * nsdiff(1), SNAPSHOT FILES), its writer and its reader.
 *
 * The library's snapshots cannot be made from records, so a live snapshot
 * is turned into the same plain data (snapfile_from_snapshot) and both
 * kinds are compared as that.
 *
 * A file is input from whoever wrote it: it is read through a descriptor
 * proved to be a regular file of bounded size, every field is checked for
 * its type and range, and text from it is printed escaped, as any.
 */
#ifndef NSINFO_SNAPFILE_H
#define NSINFO_SNAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinfo.h"
#include "schema.h"

/* The version this code writes and the only one it reads; the file's
 * "schema" (schema.h) says the same number. */
#define SNAPFILE_VERSION SCHEMA_SNAPSHOT_VERSION
#define SNAPFILE_FORMAT "nsinfo-snapshot"
/* Larger files are refused. */
#define SNAPFILE_MAX_BYTES (64u << 20)

/* What a scan reads for a file: every namespace however it is held, the
 * relations, every process's start time and command, NSpid, containers. */
#define SNAPFILE_SCAN_FLAGS (NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_RELATIONS | \
			     NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_MOUNTS | NSINFO_SCAN_FDS | \
			     NSINFO_SCAN_NSPID | NSINFO_SCAN_CONTAINERS)

struct snap_holder {
	enum nsinfo_holder_kind kind;
	pid_t pid;
	int fd;			/* FD, SOCKET */
	uint64_t mntns;		/* MOUNT */
	char *path;		/* MOUNT, or NULL */
};

/* Bits of snap_ns.known */
enum {
	SNAP_NS_PARENT = 1u << 0,
	SNAP_NS_OWNER = 1u << 1,
	SNAP_NS_OWNER_UID = 1u << 2,
	SNAP_NS_DEPTH = 1u << 3,
	SNAP_NS_NSID = 1u << 4,
};

struct snap_ns {
	enum nsinfo_type type;
	uint64_t inode;
	unsigned int known;	/* SNAP_NS_* */
	uint64_t parent, owner;	/* 0: none, or above the view */
	uid_t owner_uid;
	unsigned int depth;
	uint64_t nsid;
	unsigned int holds;	/* NSINFO_HOLD_* */
	char *name;		/* nsinfo_ns_name(), or NULL */
	struct snap_holder *holders;
	size_t nholders;
};

struct snap_proc {
	pid_t pid;
	bool has_start;
	unsigned long long start;	/* clock ticks after boot */
	char *comm;			/* or NULL */
	bool has_uid;
	uid_t uid;
	bool denied, zombie;
	unsigned int ns_known;		/* NSINFO_TYPE_BIT()s of ns[] read */
	uint64_t ns[NSINFO_NTYPES];
	uint64_t pid_for_children, time_for_children;	/* 0: not read */
	pid_t *nspid;			/* outermost first */
	size_t nnspid;
};

struct snap_container {
	char *runtime;
	char *id;			/* or NULL */
	char *name;			/* or NULL */
	pid_t pid;			/* its init as the scan saw it */
};

struct snapfile {
	int version;
	char *tool;
	long long saved;		/* seconds since the epoch */
	char *boot_id;			/* or NULL */
	bool has_uid;
	uid_t uid;			/* who saved it */
	pid_t self;			/* the process that scanned (0: unknown) */
	pid_t host;			/* what stands for the host: 1, or self */
	char *source;			/* "proc", "kernel", or NULL */
	size_t seen, denied;
	struct snap_ns *ns;		/* sorted by inode, then type */
	size_t nns;
	struct snap_proc *procs;	/* sorted by PID */
	size_t nprocs;
	struct snap_container *containers;
	size_t ncontainers;
};

/* The snapshot as plain data; holders of the calling process itself (its
 * scan's own descriptors) are left out. 0 or -ENOMEM. */
int snapfile_from_snapshot(struct snapfile **out, const struct nsinfo_snapshot *snap);
void snapfile_free(struct snapfile *sf);

/* The JSON text, malloc'd; NULL on ENOMEM. */
char *snapfile_to_json(const struct snapfile *sf);
/*
 * Write sf to path ("-": stdout): a temporary file beside it, then
 * renamed over it, so a reader never sees half a file and a symlink
 * planted at path is replaced, never followed. 0 or -errno; *why says
 * what failed.
 */
int snapfile_write(const struct snapfile *sf, const char *path, const char **why);

/*
 * Read path: a regular file (held as O_PATH until it proved to be one,
 * so a FIFO or a device is never opened) of at most SNAPFILE_MAX_BYTES.
 * 0, or a negative errno with a line in why: -EPROTO for what is not a
 * snapshot ("not an nsinfo snapshot"), -EPROTONOSUPPORT for another
 * version ("snapshot format version 7, this build reads version 1"),
 * -EINVAL for a field out of range, -EFBIG, or open's errno.
 */
int snapfile_read(const char *path, struct snapfile **out, char *why, size_t whylen);
/* The same for the text of such a file (len bytes), already read. */
int snapfile_parse(const char *buf, size_t len, struct snapfile **out, char *why, size_t whylen);

/* Look-ups; NULL when absent. */
const struct snap_ns *snapfile_find_ns(const struct snapfile *sf, enum nsinfo_type type,
				       uint64_t inode);
const struct snap_proc *snapfile_find_proc(const struct snapfile *sf, pid_t pid);

/* The holder kind's name ("fd", "socket", "mount"), or NULL. */
const char *snapfile_holder_kind_name(enum nsinfo_holder_kind kind);

/* The boot id of the running kernel (/proc/sys/kernel/random/boot_id),
 * malloc'd, or NULL. */
char *snapfile_boot_id(void);

/*
 * nsls --save PATH: one scan with opts (its flags widened to
 * SNAPFILE_SCAN_FLAGS), written to path. Returns the exit status: 0, or
 * 1 after saying why on stderr.
 */
int snapfile_save_command(const struct nsinfo_scan_opts *opts, const char *path);

#endif
