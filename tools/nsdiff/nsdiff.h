/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsdiff.h - what nsdiff's parts share.
 *
 *   sides.c      an argument becomes a side: a process, a container, an
 *                ip netns name, the host, a saved snapshot (or a process
 *                in one), or now; live sides hold descriptors
 *   compare.c    namespace by namespace: same, different (and how they
 *                are related), unknown
 *   facts.c      what a namespace shows, as sorted facts, and their diff
 *   child.c      a short-lived child that enters one namespace and sends
 *                facts back through a pipe
 *   deep-*.c     the facts of each namespace type
 *   snapdiff.c   two whole snapshots: namespaces created and destroyed,
 *                holders gained and lost, processes that moved
 *   report.c     text (like diff -u), --brief and JSON
 */
#ifndef NSDIFF_H
#define NSDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinfo.h"
#include "snapfile.h"

/* Exit statuses, as diff(1) and cmp(1). */
enum {
	NSD_SAME = 0,
	NSD_DIFFERENT = 1,
	NSD_TROUBLE = 2,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum side_kind {
	SIDE_PID,
	SIDE_CONTAINER,
	SIDE_NETNS,
	SIDE_HOST,
	SIDE_SNAPSHOT,	/* a whole saved snapshot */
	SIDE_NOW,	/* a whole snapshot read now */
};

struct side {
	char which;			/* 'A' or 'B' */
	const char *arg;		/* as typed */
	enum side_kind kind;
	char *sel;			/* the selector: PID, name, "host" */
	char *file;			/* the snapshot file, or NULL (live) */
	bool live;
	char label[512];		/* "PID 4242 (sleep)"; raw text, escaped
					 * when printed */
	const struct snapfile *sf;	/* the data it is resolved in */
	const struct snap_proc *proc;	/* the process standing for it */
	pid_t pid;
	char *netns;			/* SIDE_NETNS: the name */
	char *ct_runtime, *ct_name;	/* SIDE_CONTAINER */
	/* per type: the namespace, or why it is unknown */
	unsigned int known;		/* NSINFO_TYPE_BIT()s of ino[] */
	uint64_t ino[NSINFO_NTYPES];
	int err[NSINFO_NTYPES];		/* -errno when not known */
	/* live sides: held open, so that what is read is what was compared */
	int pidfd;
	int procfd;			/* /proc/PID of proc (ours for netns) */
	int nsfd[NSINFO_NTYPES];
};

/* What every part may look at. */
struct nsd {
	unsigned int types;		/* NSINFO_TYPE_BIT()s compared */
	int deep;			/* -1 auto, 0 off, 1 asked */
	bool brief, json, color;
	int source;
	struct nsinfo_snapshot *snap;	/* live sides, or NULL */
	struct snapfile *live;		/* snap as plain data */
	struct snapfile *files[2];	/* what A and B read, when files */
	int trouble;			/* something could not be read */
};

/* ---- sides.c ---- */

/* Parse an argument into a side; usage errors exit. */
void side_parse(struct side *s, char which, const char *arg);
/* Whether the side needs a live snapshot; whether it is a whole one. */
bool side_needs_live(const struct side *s);
bool side_is_whole(const struct side *s);
/* A whole side B gets the selector of the other one ("4242" against a
 * file reads PID 4242 in the file). */
void side_take_selector(struct side *s, const struct side *other);
/* Resolve the side (its data is in nsd); on trouble say why on stderr
 * and exit NSD_TROUBLE. */
void side_resolve(struct nsd *nsd, struct side *s);
void side_close(struct side *s);

/* The namespace of type t and inode ino in the data of either side (A's
 * first), or NULL. */
const struct snap_ns *nsd_find_ns(const struct side *a, const struct side *b,
				  enum nsinfo_type t, uint64_t ino);

/* ---- facts.c ---- */

struct fact {
	char *kind;	/* "hostname", "mount", "link", ... */
	char *name;	/* what it is about ("/mnt", "eth0"), or "" */
	char *value;	/* what it is, or "" (a fact that only is) */
};

struct facts {
	struct fact *v;
	size_t n, cap;
	bool nomem;
	bool truncated;	/* more than FACTS_MAX: the rest left out */
};

#define FACTS_MAX 200000
#define FACT_TEXT_MAX 4096

/* Copies of the three texts (cut at FACT_TEXT_MAX); value NULL is "".
 * 0, or -ENOMEM (also remembered in f->nomem). */
int facts_add(struct facts *f, const char *kind, const char *name, const char *value);
int facts_addf(struct facts *f, const char *kind, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void facts_free(struct facts *f);
/* Sort by kind and name; the second fact of one kind and name becomes
 * "name #2", so that each key is one. */
int facts_finish(struct facts *f);

/* One line per fact, each field with \xNN for every byte below 0x21,
 * above 0x7e, and the backslash, into *buf (malloc'd; NULL for none). */
int facts_encode(const struct facts *f, char **buf, size_t *len);
/* The other way; -EPROTO for a malformed line. */
int facts_decode(struct facts *f, const char *buf, size_t len);

/* What differs between a and b (both finished). */
enum delta_op { DELTA_ONLY_A, DELTA_ONLY_B, DELTA_CHANGED };
struct delta {
	enum delta_op op;
	const struct fact *a, *b;	/* NULL for the side without it */
};
int facts_diff(const struct facts *a, const struct facts *b, struct delta **out, size_t *n);

/* ---- child.c ---- */

/* What a namespace shows, for one side. */
struct deep {
	bool done;		/* facts read */
	int err;		/* or -errno, with why */
	char why[256];
	struct facts facts;
};

/* What runs in the child, in the namespace it entered: facts into out;
 * 0, or -errno with a short word of what failed in why. */
typedef int (*child_fn)(void *arg, struct facts *out, char *why, size_t whylen);

/*
 * Fork a child that enters the namespace nsfd (first its owning user
 * namespace, when entering straight is refused and that one can be
 * entered), runs fn and sends its facts back through a pipe (at most
 * CHILD_MAX_BYTES, within CHILD_TIMEOUT_MS); the child always _exit()s.
 * 0, or -errno with why filled ("setns: Operation not permitted").
 */
#define CHILD_MAX_BYTES (16u << 20)
#define CHILD_TIMEOUT_MS 10000
int child_facts(int nsfd, child_fn fn, void *arg, struct facts *out, char *why,
		size_t whylen);

/* Bounded read of a file below dirfd (a /proc directory) that must be a
 * regular file of a procfs, no symlink followed on the way: *buf
 * malloc'd, NUL-terminated (a NUL inside is refused: -EINVAL). */
#define PROCFILE_MAX (16u << 20)
int read_proc_file(int dirfd, const char *name, char **buf, size_t *len);

/* A deep read in a child that enters s's namespace of type t: facts into
 * d, or d->err and d->why ("cannot enter A's uts namespace: ..."). */
int deep_child(const struct side *s, enum nsinfo_type t, child_fn fn, void *arg,
	       struct deep *d);

/* ---- deep-*.c ---- */

int deep_uts(const struct nsd *nsd, const struct side *s, struct deep *d);
int deep_user(const struct nsd *nsd, const struct side *s, struct deep *d);
int deep_mnt(const struct nsd *nsd, const struct side *s, struct deep *d);
int deep_net(const struct nsd *nsd, const struct side *s, struct deep *d);
int deep_cgroup(const struct nsd *nsd, const struct side *s, struct deep *d);
int deep_time(const struct nsd *nsd, const struct side *s, struct deep *d);
/* Their parsers of the proc files (pure; the fuzzers call them): a
 * uid_map or gid_map text as "0 1000 1, 1 100000 65536" (malloc'd, NULL
 * on ENOMEM), and a timens_offsets text as facts (0, -EPROTO for a text
 * that is not one, -ENOMEM). */
char *deep_user_squeeze_map(const char *text);
int deep_time_parse_offsets(const char *text, struct facts *f);
int deep_ipc(const struct nsd *nsd, const struct side *s, struct deep *d);
/* pid needs the other side too: who sees whom */
int deep_pid(const struct nsd *nsd, const struct side *s, const struct side *other,
	     struct deep *d);

/* The namespaces of type t (pid, user) from ino up to the top of our
 * view (ino first), as far as the relations say: at most max; the count
 * (sides.c). */
size_t nsd_chain(const struct side *a, const struct side *b, enum nsinfo_type t,
		 uint64_t ino, uint64_t *chain, size_t max);

/* ---- compare.c ---- */

enum type_status { TS_SAME, TS_DIFFERENT, TS_UNKNOWN };

struct type_cmp {
	enum nsinfo_type type;
	bool compared;			/* a type asked for (-t) */
	enum type_status status;
	char why[256];			/* TS_UNKNOWN: what could not be read */
	char *relations[6];		/* TS_DIFFERENT: how they are related */
	size_t nrel;
	bool deep_tried;
	struct deep da, db;		/* deep_tried */
	struct delta *deltas;
	size_t ndeltas;
};

struct comparison {
	struct type_cmp t[NSINFO_NTYPES];
	bool deep;			/* deep was on */
	size_t ndiff, nunknown;
};

void compare_sides(struct nsd *nsd, const struct side *a, const struct side *b,
		   struct comparison *c);
void comparison_free(struct comparison *c);

/* ---- snapdiff.c ---- */

struct change {
	enum nsinfo_change_kind kind;
	enum nsinfo_type type;
	uint64_t inode, old_inode;
	pid_t pid;
	const struct snap_ns *ns;	/* from the side it is in */
	const struct snap_proc *proc;
	const struct snap_holder *holder;
};

struct snapdiff {
	struct change *v;
	size_t n, cap;
	size_t born, exited;
	pid_t *born_pids, *exited_pids;
};

/* What changed from a to b, in the types asked; 0 or -ENOMEM. */
int snapdiff_run(const struct snapfile *a, const struct snapfile *b, unsigned int types,
		 struct snapdiff *d);
void snapdiff_free(struct snapdiff *d);
/* The process of a that stands for ns (the lowest PID in it), or NULL. */
const struct snap_proc *snapdiff_leader(const struct snapfile *sf, const struct snap_ns *ns);

/* ---- report.c ---- */

int report_sides(const struct nsd *nsd, const struct side *a, const struct side *b,
		 const struct comparison *c);
int report_snapshots(const struct nsd *nsd, const struct side *a, const struct side *b,
		     const struct snapdiff *d);

#endif
