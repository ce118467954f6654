/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nstop.h - top for namespaces. Three parts, each its own files:
 *  - the model (model.c, rows.c, seen.c, events.c, header.c): one
 *    scanner for the life of the program, the rows of the view shown,
 *    sorted and filtered, the selection that follows its row, the event
 *    log built from the scanner's diffs. No terminal: unit tested alone.
 *  - the input (keys.c): the key map as a table of actions.
 *  - the views: ncurses (screen.c) and batch frames (batch.c).
 * main.c reads the command line and runs one of the two loops.
 */
#ifndef NSTOP_H
#define NSTOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "cli.h"
#include "columns.h"
#include "nsinfo.h"

/* What the screen shows. The first three are the row kinds `g` cycles
 * through; the rest are entered from them and left with Esc. */
enum nstop_view {
	NV_NS,		/* one row per namespace */
	NV_CONTAINERS,	/* one row per container */
	NV_SETS,	/* one row per namespace set */
	NV_PROCS,	/* drill-down: the processes of one row */
	NV_TREE,	/* user namespaces and what they own */
	NV_EVENTS,	/* the event log, newest first */
	NV_NVIEWS
};

enum nstop_row_flags {
	ROW_NEW	 = 1u << 0,	/* appeared in one of the last refreshes */
	ROW_GONE = 1u << 1,	/* vanished in the last refresh: shown once */
	ROW_FILTERED = 1u << 2,	/* the view's filter expression is false of it */
};

struct nstop_row {
	char *key;		/* who it is across refreshes: "n:net:4026531840" */
	char **cells;		/* escaped text of each shown column; NULL: empty */
	size_t ncells;
	unsigned char *marks;	/* enum out_mark of each */
	/* each cell's text is orow's own (shown as it is: no copy), not a
	 * copy of ours; cells, marks and borrowed are one allocation */
	unsigned char *borrowed;
	char *art;		/* NV_TREE: the line art before the first cell */
	struct out_row *orow;	/* its row in the model's table (batch output);
				 * NULL for a vanished row */
	unsigned int flags;	/* enum nstop_row_flags */
	/* what it stands for (drill-down, E, k) */
	enum nsinfo_type type;	/* namespace rows */
	uint64_t inode;
	pid_t pid;		/* process rows; others: the first process */
	unsigned long long start; /* its start time, ticks after boot */
	size_t nprocs;
	double sortv;		/* the sort column's number, while sorting */
};

/* One view's columns, order and place. */
struct nstop_table {
	const struct out_column *cols;	/* its catalogue (columns.h) */
	size_t ncatalog;
	struct cli_columns sel;
	int sort;			/* catalogue id; -1: the view's own order */
	bool reverse;			/* against the column's natural order */
	char *selected;			/* key of the selected row */
	char *filter;			/* its / text; NULL: none */
	/* the text as an expression (filter.h) when it is one: it parses,
	 * names columns of this view and has an operator; else NULL and
	 * the text is matched as a substring. filter_note: why a text with
	 * an operator is not an expression (NULL: it is, or has none). */
	struct filter *expr;
	char *filter_note;
	size_t cur, top;		/* selected row, first row on screen */
	unsigned long since;		/* generation it was entered at */
};

enum nstop_event_kind {
	EV_NS_NEW = 1, EV_NS_GONE, EV_CONTAINER_NEW, EV_CONTAINER_GONE, EV_PROC_MOVED,
};

struct nstop_event {
	struct timespec when;		/* CLOCK_REALTIME */
	enum nstop_event_kind kind;
	enum nsinfo_type type;
	uint64_t inode, old_inode;
	pid_t pid;
	char *command;			/* raw, escaped where shown */
	char *container;		/* name or short ID */
	char *runtime;
};

/* The figures of the header, for the screen and for batch frames. */
struct nstop_header {
	struct timespec now;		/* CLOCK_REALTIME */
	double uptime;			/* seconds */
	double load[3];
	size_t procs, threads, unreadable;
	bool hidden_known;
	size_t hidden;
	const char *hidden_why;		/* "invisible" */
	size_t ns_total, ns_by_type[NSINFO_NTYPES];
	size_t containers;
	unsigned long long created, destroyed;	/* since start */
	size_t created_last, destroyed_last;	/* in the last refresh */
	const char *source;		/* "kernel", "proc" */
	const char *source_why;		/* auto chose /proc: why; else NULL */
};

/* A small set of strings, the row keys a view has shown, with the
 * generations they were first and last seen in (seen.c). */
struct seen_entry {
	char *key;
	size_t hash;		/* of key: most probes end here, not in key */
	unsigned long first, last;
};
struct seen_map {
	struct seen_entry *v;
	size_t cap, n;
};

#define NSTOP_MAX_EVENTS 2000

struct nstop_model {
	struct nsinfo_scanner *scanner;
	struct nsinfo_snapshot *snap;	/* the last refresh */
	struct nsinfo_snapshot *prev;	/* the one before (container events) */
	struct columns_ctx ctx;
	unsigned int base_flags;	/* read in every view */
	unsigned int scan_types;	/* what the scanner reads (-t) */
	/* what read the last refresh ("kernel", "proc"; before the first:
	 * the name asked for), and why auto chose /proc (NULL: it did not);
	 * both borrowed from the library and the snapshot */
	const char *source;
	const char *source_why;

	enum nstop_view view;
	enum nstop_view group;		/* NV_NS, NV_CONTAINERS or NV_SETS */
	enum nstop_view back;		/* where Esc goes */
	struct nstop_table tab[NV_NVIEWS];
	struct nstop_row *rows;
	size_t nrows, caprows;
	enum nstop_view rows_view;	/* the view they were built for */
	struct out *out;		/* the table their cells were filled in */
	struct out_opts out_opts;	/* how batch frames print it */

	/* filters: t, -p, -u (the / text is each view's own) */
	unsigned int types;		/* 0: all that are scanned */
	pid_t *pids;
	size_t npids;
	bool by_user;
	uid_t uid;

	/* the row the drill-down shows the processes of */
	enum nstop_view drill_from;
	char *drill_key;
	char *drill_title;
	unsigned int drill_types;	/* a set's key is over these types */

	unsigned long gen;		/* refreshes so far */
	size_t peak_procs;		/* most processes since the heap was trimmed */
	bool refreshed;			/* the rows being built follow a refresh */
	unsigned long long created, destroyed;
	size_t created_last, destroyed_last;
	struct seen_map seen;

	struct nstop_event events[NSTOP_MAX_EVENTS];	/* a ring */
	size_t nevents, evhead;		/* count, index of the oldest */
	unsigned long long events_total;
	size_t frame_events;		/* how many the last refresh added */

	bool utf8;			/* line art */
};

/* ---- model.c ---- */

struct nstop_config {
	const char *proc_root;
	int source;			/* --source: enum nsinfo_source */
	unsigned int types;		/* -t; 0: all */
	enum nstop_view group;		/* -g */
	const char *output[CLI_MAX_COLUMNS];	/* -o, in order */
	size_t noutput;
	const char *sort;		/* -s */
	bool reverse;
	const pid_t *pids;		/* -p */
	size_t npids;
	bool by_user;			/* -u */
	uid_t uid;
	bool utf8;
	unsigned int extra_flags;	/* NSINFO_SCAN_* read whatever the view (--metrics) */
};

/* The scanner, the tables with their default columns and -o, -s applied.
 * 0, -EINVAL (an unknown column: *bad names it), -ENOMEM or the error of
 * opening the proc root. */
int model_init(struct nstop_model *m, const struct nstop_config *cfg, const char **bad);
void model_free(struct nstop_model *m);
/* Read again, log the events, rebuild the rows. 0 or -errno. */
int model_refresh(struct nstop_model *m);
/* Rows again from the same snapshot (sort, filter, view changed). */
int model_rebuild(struct nstop_model *m);
/* The flags the scanner reads with for the current view. */
unsigned int model_scan_flags(const struct nstop_model *m);

struct nstop_table *model_table(struct nstop_model *m);
const struct nstop_row *model_selected(const struct nstop_model *m);
/* Move the selection by delta rows (clamped); page: rows on screen. */
void model_move(struct nstop_model *m, long delta);
void model_move_to(struct nstop_model *m, size_t index);
/* Keep the selection between top and top + page - 1. */
void model_scroll(struct nstop_model *m, size_t page);

/* Sort by the shown column left (-1) or right (+1) of the current one. */
void model_sort_step(struct nstop_model *m, int dir);
/* Sort by catalogue column id; -EINVAL when the view cannot sort. */
int model_sort_by(struct nstop_model *m, int col);
void model_sort_reverse(struct nstop_model *m);
/* The current view's filter (NULL or "": none): an expression of
 * scols-filter(5) (filter.h) when the text is one with an operator over
 * the view's columns, else text any shown cell has; the type filter,
 * every view's (0: all). */
int model_set_filter(struct nstop_model *m, const char *text);
int model_set_types(struct nstop_model *m, unsigned int types);
/* g: the next row kind. */
int model_cycle_group(struct nstop_model *m);
/* Enter: the processes of the selected row; -ENOENT when it has none.
 * Back: to the view the drill-down (tree, log) came from. */
int model_drill(struct nstop_model *m);
int model_back(struct nstop_model *m);
/* T and e: the tree, the log (again: back). */
int model_show(struct nstop_model *m, enum nstop_view v);

/* The processes a row stands for (drill-down, K): PIDs with their start
 * times, malloc'd; 0 or -ENOMEM. */
int model_row_procs(const struct nstop_model *m, const struct nstop_row *row, pid_t **pids,
		    unsigned long long **starts, size_t *n);
/* The nsenter-lite command line that enters what the row stands for, in
 * buf; -ENOENT when nothing can be entered. */
int model_enter_command(const struct nstop_model *m, const struct nstop_row *row, char *buf,
			size_t len);

/* ---- rows.c: one view's rows from the snapshot ---- */
int rows_build(struct nstop_model *m);
void rows_free(struct nstop_model *m);
/* The sort and the text filter over built rows. */
void rows_sort(struct nstop_model *m);
bool rows_match(const struct nstop_model *m, const struct nstop_row *row);
/* Row keys: a container's "c:RUNTIME/ID/NAME/OWNER", a namespace set's
 * "s:INODE.INODE..." over the types given. */
void container_key(const struct nsinfo_container *c, char *buf, size_t len);
void set_key(const struct nsinfo_proc *p, unsigned int types, char *buf, size_t len);

/* ---- seen.c ---- */
/* Record key as seen in generation gen; stores when it was first seen.
 * 0 or -ENOMEM. */
int seen_mark(struct seen_map *s, const char *key, unsigned long gen, unsigned long *first);
/* The entry of key, or NULL. */
const struct seen_entry *seen_find(const struct seen_map *s, const char *key);
/* Forget what was not seen since generation gen. */
int seen_prune(struct seen_map *s, unsigned long gen);
void seen_free(struct seen_map *s);

/* ---- events.c ---- */
/* The events of the last refresh, from the scanner's diff and the two
 * snapshots' containers, added to the log. 0 or -ENOMEM. */
int events_collect(struct nstop_model *m);
/* The i-th event, newest first. */
const struct nstop_event *events_get(const struct nstop_model *m, size_t i);
void events_free(struct nstop_model *m);
const char *event_name(enum nstop_event_kind kind);	/* "ns-new" */
/* The event log's columns. */
enum event_col { EV_COL_TIME, EV_COL_EVENT, EV_COL_TYPE, EV_COL_NS, EV_COL_FROM, EV_COL_PID,
		 EV_COL_CONTAINER, EV_COL_COMMAND, EV_NCOLS };
extern const struct out_column event_columns[EV_NCOLS];
int event_fill(struct out_row *row, size_t pos, enum event_col col, const struct nstop_event *e);

/* ---- header.c ---- */
void header_read(const struct nstop_model *m, struct nstop_header *h);
/* Line n (0-3) of the header as top writes it, in buf; false past the last. */
bool header_line(const struct nstop_header *h, int n, char *buf, size_t len);

/* ---- batch.c ---- */
/* One frame of the rows built last, text or a JSON line; 0 or -errno. */
/* One frame of Prometheus metrics (metrics.h) of the last refresh, which
 * took scan_seconds: to path atomically, or to stdout when path is NULL.
 * A file that cannot be written is said, and -errno returned: the run
 * goes on (a full disk may pass). stdout's write errors end it as every
 * tool's. */
int batch_metrics(struct nstop_model *m, double scan_seconds, bool per_namespace,
		  const char *path);
int batch_frame(struct nstop_model *m, FILE *f, bool json);

/* ---- screen.c ---- */
struct nstop_ui;
/* The interactive loop until q or a signal; 0, or -errno (and the
 * terminal is restored either way). */
int screen_run(struct nstop_model *m, double delay, long iterations, bool color);

/* ---- keys.c: the key map ---- */
enum nstop_action {
	ACT_NONE, ACT_QUIT, ACT_HELP, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_SORT_LEFT, ACT_SORT_RIGHT, ACT_SORT_MENU, ACT_REVERSE, ACT_TYPES, ACT_FILTER,
	ACT_CLEAR_FILTER, ACT_GROUP, ACT_DRILL, ACT_BACK, ACT_TREE, ACT_EVENTS, ACT_DELAY,
	ACT_REFRESH, ACT_KILL, ACT_KILL_ALL, ACT_ENTER_CMD, ACT_REDRAW, ACT_RESIZE,
};
struct nstop_key {
	const char *names;	/* as --help, the help screen and nstop(1) say it */
	int keys[4];		/* curses key codes, 0-terminated */
	enum nstop_action action;
	const char *help;
};
extern const struct nstop_key nstop_keys[];
extern const size_t nstop_nkeys;
enum nstop_action keys_action(int key);

/* ---- signal.c ---- */
/* Send sig to the process pid of snap if it is still the one that
 * started at start (nsinfo_pidfd_open()). 0, -ESRCH (gone, or its PID is
 * another's now), -EOPNOTSUPP (not our procfs) or -errno. */
int nstop_kill(const struct nsinfo_snapshot *snap, pid_t pid, unsigned long long start, int sig);
/* "TERM", "SIGKILL", "9": the number, or -1. */
int nstop_signal_number(const char *text);

#endif
