// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kiter.c - loads the kernel source's BPF iterators (bpf/nsinfo.bpf.c,
 * embedded as a bpftool light skeleton), reads them and turns their
 * records into struct kiter_task / kiter_ns / kiter_fd (kiter.h).
 *
 * A light skeleton (bpftool gen skeleton -L) is loaded by a small loader
 * program that the kernel runs, and the kernel does the CO-RE relocations
 * against its own BTF: libbpf does not read /sys/kernel/btf/vmlinux
 * (5.5 MB here) into our memory and search it. Measured at 10,000
 * processes: the load took 59 ms instead of 88 to 99, and a process that
 * loads it peaks at 2.1 MB RSS instead of 13.7 (bench/RESULTS.md). libbpf
 * is still linked for its thin syscall wrappers (bpf/bpf.h).
 *
 * One read = one iterator fd (bpf_iter_create() on the link), read()
 * until EOF; KITER_FDS sets the program's want_fds for that read,
 * KITER_STDIO want_stdio (and want_fds).
 * bpf_seq_read() hands out at most one seq_file buffer (8 pages) per call
 * and never splits a record in a call that has room for the whole buffer;
 * the parser still carries a partial record over.
 *
 * Namespace records come deduplicated by the program (its seen_tab[],
 * entries marked with the read's generation, so nothing needs clearing
 * between reads; emptied only when the generation wraps around), and again
 * here with a small open-addressing hash, since the program's
 * deduplication is only an optimisation.
 *
 * Nothing here prints: a load that fails is loaded once more with the
 * verifier's log on, and its last line says why.
 *
 * Built without clang, bpftool or libbpf (NSINFO_HAVE_BPF=0), every call
 * fails with -EOPNOTSUPP and says so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "kiter.h"

#ifndef NSINFO_HAVE_BPF
#define NSINFO_HAVE_BPF 0
#endif

#if NSINFO_HAVE_BPF
#include <linux/types.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>

#include "bpf/kiter-wire.h"

/* The generated skeleton is not written for our warnings. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wpointer-arith"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#include "nsinfo.lskel.h"
#include "nsinfo-compat.lskel.h"
#pragma GCC diagnostic pop

/* One source, two programs (build.mk): kiter_read_h() sees either's
 * .bss through one type, so every variable it uses is where the other
 * type says (a static scratch buffer of only one of them may move them). */
#define SAME_BSS(field)                                   \
	(offsetof(struct kiter_bpf__bss, field) ==        \
	 offsetof(struct kiter_compat_bpf__bss, field) && \
	 sizeof(((struct kiter_bpf__bss *)0)->field) ==   \
		 sizeof(((struct kiter_compat_bpf__bss *)0)->field))
_Static_assert(SAME_BSS(file_other) && SAME_BSS(fop_other) && SAME_BSS(gen) &&
	       SAME_BSS(incomplete) && SAME_BSS(last) && SAME_BSS(no_threads) &&
	       SAME_BSS(reruns) && SAME_BSS(want_fds) &&
	       SAME_BSS(want_mnt_count) && SAME_BSS(want_stdio) && SAME_BSS(want_netnsid) &&
	       SAME_BSS(nsid_tab) && SAME_BSS(nsid_n) && SAME_BSS(nsid_state) &&
	       SAME_BSS(want_types),
	       "the two programs' .bss agree");

_Static_assert((int)KITER_NS_CGROUP == NSINFO_TYPE_CGROUP && (int)KITER_NS_IPC == NSINFO_TYPE_IPC &&
	       (int)KITER_NS_MNT == NSINFO_TYPE_MNT && (int)KITER_NS_NET == NSINFO_TYPE_NET &&
	       (int)KITER_NS_PID == NSINFO_TYPE_PID && (int)KITER_NS_TIME == NSINFO_TYPE_TIME &&
	       (int)KITER_NS_USER == NSINFO_TYPE_USER && (int)KITER_NS_UTS == NSINFO_TYPE_UTS &&
	       (int)KITER_NS_N == NSINFO_NTYPES, "kiter-wire.h numbers types as nsinfo.h");
_Static_assert(KW_FILE_PIPE == KITER_FILE_PIPE && KW_FILE_SOCKET == KITER_FILE_SOCKET &&
	       KW_FILE_OTHER == KITER_FILE_OTHER && sizeof(struct kiter_wire_file) % 8 == 0,
	       "kiter-wire.h and kiter.h agree on files");
_Static_assert(KW_FD_NSFS == KITER_FD_NSFS && KW_FD_SOCKET == KITER_FD_SOCKET &&
	       KW_NSPID_MAX == KITER_NSPID_MAX, "kiter-wire.h and kiter.h agree");
_Static_assert(sizeof(struct kiter_wire_task) % 8 == 0 && sizeof(struct kiter_wire_ns) % 8 == 0 &&
	       sizeof(struct kiter_wire_fd) % 8 == 0, "wire records are 8-byte multiples");
#endif

static void say(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!why || !whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

void kiter_result_free(struct kiter_result *res)
{
	if (!res)
		return;
	free(res->tasks);
	free(res->ns);
	free(res->fds);
	free(res->files);
	free(res->nsids);
	memset(res, 0, sizeof(*res));
}

static int nsid_cmp(const void *a, const void *b)
{
	const struct kiter_nsid *x = a, *y = b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

bool kiter_netnsid(const struct kiter_result *res, uint64_t inode, uint64_t nsid, int *id)
{
	const struct kiter_nsid key = { .inode = inode }, *e;

	if (!res || !res->nsids_all)
		return false;
	*id = -1;
	e = res->nnsids ? bsearch(&key, res->nsids, res->nnsids, sizeof(key), nsid_cmp) : NULL;
	/* the 64-bit IDs, where both are known, say it is the very one */
	if (e && (!e->nsid || !nsid || e->nsid == nsid))
		*id = e->id;
	return true;
}

#if !NSINFO_HAVE_BPF

#define NO_BPF "built without BPF support (clang, bpftool or libbpf-dev missing)"

int kiter_open(struct kiter **out, unsigned int flags, char *why, size_t whylen)
{
	(void)flags;
	if (out)
		*out = NULL;
	say(why, whylen, NO_BPF);
	return -EOPNOTSUPP;
}

int kiter_read_h(struct kiter *k, unsigned int flags, struct kiter_result *res,
		 char *why, size_t whylen)
{
	(void)k;
	(void)flags;
	if (res)
		res->ntasks = res->nns = res->nfds = res->nfiles = 0;
	say(why, whylen, NO_BPF);
	return -EOPNOTSUPP;
}

bool kiter_uses_cast(const struct kiter *k)
{
	(void)k;
	return false;
}

void kiter_set_types(struct kiter *k, unsigned int types)
{
	(void)k;
	(void)types;
}

void kiter_set_gen(struct kiter *k, uint32_t gen)
{
	(void)k;
	(void)gen;
}

void kiter_close(struct kiter *k)
{
	(void)k;
}

int kiter_read(unsigned int flags, struct kiter_result *res, char *why, size_t whylen)
{
	return kiter_read_h(NULL, flags, res, why, whylen);
}

const struct kiter_ns *kiter_find_ns(const struct kiter *k, const struct kiter_result *res,
				     uint64_t inode)
{
	(void)k;
	(void)res;
	(void)inode;
	return NULL;
}

#else /* NSINFO_HAVE_BPF */

/* ---- the handle ------------------------------------------------------ */

struct kiter {
	/* the program loaded: with bpf_rdonly_cast() (skel), or for a kernel
	 * before 6.2 (compat); one of the two */
	struct kiter_bpf *skel;
	struct kiter_compat_bpf *compat;
	struct kiter_bpf__bss *bss;	/* its variables (the same in both) */
	int prog_fd;
	int link_fd;		/* the iterator's link; -1: none */
	unsigned int flags;
	uint32_t gen;
	char *buf;		/* read() buffer */
	size_t bufsz;
	uint32_t *hash;		/* ns dedupe: index + 1 into res->ns, 0 empty */
	size_t hashsz;		/* a power of two */
	unsigned int types;	/* kiter_set_types(): NSINFO_TYPE_BIT()s */
	int scratch_fd;		/* the program's map of big tables (its seen_tab[]) */
};

static bool kernel_older(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma < major || (ma == major && mi < minor);
}

/* What the kernel said, in a form the snapshot can show; detail: the
 * verifier's last line, or "". */
static int load_error(int err, const char *step, const char *detail, char *why, size_t whylen)
{
	char lock[128] = "";
	FILE *f;

	if (err == -EPERM || err == -EACCES) {
		f = fopen("/sys/kernel/security/lockdown", "re");
		if (f) {
			if (!fgets(lock, sizeof(lock), f))
				lock[0] = '\0';
			fclose(f);
		}
		if (strstr(lock, "[confidentiality]")) {
			say(why, whylen, "kernel lockdown (confidentiality) forbids BPF reads of kernel memory");
			return -EPERM;
		}
		if (err == -EPERM) {
			say(why, whylen, "needs CAP_BPF and CAP_PERFMON");
			return -EPERM;
		}
	}
	if (err == -ESRCH || err == -ENOENT || err == -ENOTSUP || err == -EOPNOTSUPP ||
	    (err == -EINVAL && kernel_older(5, 17))) {
		say(why, whylen, "kernel lacks BPF task iterators or bpf_loop (5.17) (%s: %s)", step,
		    detail[0] ? detail : strerror(-err));
		return -EOPNOTSUPP;
	}
	say(why, whylen, "%s failed: %s%s%s", step, strerror(-err), detail[0] ? ": " : "", detail);
	return err < 0 ? err : -EIO;
}

/* A load that failed, once more with the verifier's log on (which makes
 * a load slow, so never the first time): its last line, in detail. The
 * load that failed last is always the compat program's. */
static void load_detail(char *detail, size_t len)
{
	const size_t logsz = 256 * 1024;
	struct kiter_compat_bpf *skel;
	char *log, *end, *line;

	detail[0] = '\0';
	log = calloc(1, logsz);
	if (!log)
		return;
	skel = kiter_compat_bpf__open();
	if (skel) {
		skel->ctx.log_level = 1;
		skel->ctx.log_size = (__u32)logsz;
		skel->ctx.log_buf = (__u64)(uintptr_t)log;
		(void)kiter_compat_bpf__load(skel);
		kiter_compat_bpf__destroy(skel);
	}
	log[logsz - 1] = '\0';
	end = log + strlen(log);
	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	line = strrchr(log, '\n');
	line = line ? line + 1 : log;
	snprintf(detail, len, "%s", line);
	free(log);
}

/* Open and load skeleton field of k, of type prefix (either program: the
 * same steps for two types); its error, or returns from load_prog() if
 * the open fails. */
#define OPEN_LOAD(field, prefix)						\
	({									\
		int __err;							\
										\
		k->field = prefix##__open();					\
		if (!k->field)							\
			return errno ? -errno : -ENOMEM;			\
		k->field->rodata->use_seen = !(k->flags & KITER_NO_KDEDUPE);	\
		*step = "load";							\
		__err = prefix##__load(k->field);				\
		if (!__err) {							\
			k->bss = (struct kiter_bpf__bss *)k->field->bss;	\
			k->prog_fd = k->field->progs.kiter_task.prog_fd;	\
			k->scratch_fd = k->field->maps.scratch.map_fd;		\
		}								\
		__err;								\
	})

/* Open and load a program, with bpf_rdonly_cast() or without (an earlier
 * one is freed). Returns 0 or a negative errno; *step says which step
 * failed. */
static int load_prog(struct kiter *k, bool cast, const char **step)
{
	int err;

	kiter_bpf__destroy(k->skel);
	kiter_compat_bpf__destroy(k->compat);
	k->skel = NULL;
	k->compat = NULL;
	k->bss = NULL;
	*step = "open";
	err = cast ? OPEN_LOAD(skel, kiter_bpf) : OPEN_LOAD(compat, kiter_compat_bpf);
	return err > 0 ? -err : err;
}

bool kiter_uses_cast(const struct kiter *k)
{
	return k && k->skel;
}

void kiter_set_types(struct kiter *k, unsigned int types)
{
	if (k)
		k->types = types & NSINFO_ALL_TYPES;
}

void kiter_set_gen(struct kiter *k, uint32_t gen)
{
	if (k)
		k->gen = gen;
}

void kiter_close(struct kiter *k)
{
	if (!k)
		return;
	if (k->link_fd >= 0)
		close(k->link_fd);
	kiter_bpf__destroy(k->skel);
	kiter_compat_bpf__destroy(k->compat);
	free(k->buf);
	free(k->hash);
	free(k);
}

int kiter_open(struct kiter **out, unsigned int flags, char *why, size_t whylen)
{
	const char *step;
	struct kiter *k;
	int err;

	*out = NULL;
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		say(why, whylen, "kernel lacks BTF (/sys/kernel/btf/vmlinux: %s)", strerror(errno));
		return -EOPNOTSUPP;
	}
	k = calloc(1, sizeof(*k));
	if (!k) {
		say(why, whylen, "out of memory");
		return -ENOMEM;
	}
	k->flags = flags;
	k->types = NSINFO_ALL_TYPES;
	k->link_fd = -1;
	k->scratch_fd = -1;
	k->bufsz = 64 * 1024;	/* the seq_file gives 32 KiB a read */
	k->buf = malloc(k->bufsz);
	if (!k->buf) {
		free(k);
		say(why, whylen, "out of memory");
		return -ENOMEM;
	}

	err = load_prog(k, !(flags & KITER_NO_CAST), &step);
	/* a kernel before 6.2 has no bpf_rdonly_cast(): the program
	 * without it (its only use is a faster load) */
	if (err && !strcmp(step, "load") && err != -EPERM && err != -ENOMEM &&
	    !(flags & KITER_NO_CAST))
		err = load_prog(k, false, &step);
	if (err) {
		char detail[160] = "";

		if (!strcmp(step, "load") && err != -EPERM && err != -ENOMEM)
			load_detail(detail, sizeof(detail));
		err = load_error(err, step, detail, why, whylen);
		goto fail;
	}
	k->link_fd = bpf_link_create(k->prog_fd, 0, BPF_TRACE_ITER, NULL);
	if (k->link_fd < 0) {
		err = load_error(-errno, "attach iter/task", "", why, whylen);
		goto fail;
	}
	*out = k;
	return 0;
fail:
	kiter_close(k);
	return err;
}

/* ---- results --------------------------------------------------------- */

static int grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 256;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

static size_t hash_inode(uint64_t inode, size_t mask)
{
	inode *= 0x9e3779b97f4a7c15ull;
	return (size_t)(inode >> 32) & mask;
}

static int hash_rebuild(struct kiter *k, const struct kiter_result *res, size_t size)
{
	uint32_t *h = calloc(size, sizeof(*h));

	if (!h)
		return -ENOMEM;
	free(k->hash);
	k->hash = h;
	k->hashsz = size;
	for (size_t i = 0; i < res->nns; i++) {
		size_t j = hash_inode(res->ns[i].inode, size - 1);

		while (h[j])
			j = (j + 1) & (size - 1);
		h[j] = (uint32_t)(i + 1);
	}
	return 0;
}

static int add_ns(struct kiter *k, struct kiter_result *res, const struct kiter_wire_ns *w)
{
	struct kiter_ns *ns;
	size_t j;
	int rc;

	if (w->type >= NSINFO_NTYPES || !w->inode)
		return 0;
	/* at most half full */
	if ((res->nns + 1) * 2 > k->hashsz) {
		rc = hash_rebuild(k, res, k->hashsz ? k->hashsz * 2 : 1024);
		if (rc)
			return rc;
	}
	j = hash_inode(w->inode, k->hashsz - 1);
	while (k->hash[j]) {
		if (res->ns[k->hash[j] - 1].inode == w->inode)
			return 0;	/* a duplicate: the first one stays */
		j = (j + 1) & (k->hashsz - 1);
	}
	rc = grow((void **)&res->ns, &res->ns_cap, res->nns + 1, sizeof(*res->ns));
	if (rc)
		return rc;
	ns = &res->ns[res->nns];
	ns->type = w->type;
	ns->inode = w->inode;
	ns->nsid = w->nsid;
	ns->owner = w->owner;
	ns->parent = w->parent;
	ns->level = w->level;
	ns->owner_uid = w->owner_uid;
	ns->mnt_id = w->mnt_id;
	ns->mnt_event = w->mnt_event;
	ns->nsfs_mounts = w->nsfs_mounts;
	ns->mounts_counted = !!(w->mnt_flags & KW_MNT_COUNTED);
	k->hash[j] = (uint32_t)++res->nns;
	return 0;
}

const struct kiter_ns *kiter_find_ns(const struct kiter *k, const struct kiter_result *res,
				     uint64_t inode)
{
	size_t j;

	if (!k || !k->hashsz || !inode)
		return NULL;
	j = hash_inode(inode, k->hashsz - 1);
	while (k->hash[j]) {
		if (res->ns[k->hash[j] - 1].inode == inode)
			return &res->ns[k->hash[j] - 1];
		j = (j + 1) & (k->hashsz - 1);
	}
	return NULL;
}

/* include/linux/sched.h */
#define PF_KTHREAD		0x00200000
#define TASK_REPORT		0x7f	/* S D T t X Z P */
#define TASK_UNINTERRUPTIBLE	0x02
#define TASK_NOLOAD		0x400
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_REPORT_IDLE	0x80
#define TASK_RTLOCK_WAIT	0x1000
#define TASK_FROZEN		0x8000
#define EXIT_ZOMBIE		0x20

/* The letter /proc/PID/stat shows: task_state_array[task_state_index()]
 * (fs/proc/array.c, include/linux/sched.h). */
static char task_state_letter(uint32_t state, uint32_t exit_state)
{
	static const char letters[] = "RSDTtXZPI";
	uint32_t rep = (state | exit_state) & TASK_REPORT;
	int i = 0;

	if ((state & TASK_IDLE) == TASK_IDLE)
		rep = TASK_REPORT_IDLE;
	/* rtmutex waiters look like rt_mutex_lock(); frozen tasks as D */
	if (state & (TASK_RTLOCK_WAIT | TASK_FROZEN))
		rep = TASK_UNINTERRUPTIBLE;
	while (rep) {		/* fls() */
		i++;
		rep >>= 1;
	}
	return letters[i];
}

static int add_task(struct kiter_result *res, const struct kiter_wire_task *w)
{
	struct kiter_task *t;
	int rc;

	rc = grow((void **)&res->tasks, &res->tasks_cap, res->ntasks + 1, sizeof(*res->tasks));
	if (rc)
		return rc;
	t = &res->tasks[res->ntasks++];
	t->tgid = w->tgid;
	t->tid = w->tid;
	t->ppid = w->ppid;
	t->euid = w->euid;
	memcpy(t->ns, w->ns, sizeof(t->ns));
	t->pid_for_children = w->pid_for_children;
	t->time_for_children = w->time_for_children;
	t->start_boottime_ns = w->start_boottime_ns;
	t->runtime_ns = w->runtime_ns;
	t->sig_runtime_ns = w->sig_runtime_ns;
	t->start_stack = w->start_stack;
	t->css = w->css;
	/* get_mm_rss(): each counter read clamped at 0; a kernel thread
	 * borrowing an mm (kthread_use_mm) has none, as in /proc */
	t->rss_pages = 0;
	if (!(w->task_flags & PF_KTHREAD))
		for (int i = 0; i < 3; i++)
			t->rss_pages += w->rss[i] > 0 ? (uint64_t)w->rss[i] : 0;
	t->nr_threads = w->nr_threads;
	t->state = task_state_letter(w->task_state, w->exit_state);
	memcpy(t->comm, w->comm, sizeof(t->comm));
	t->comm[sizeof(t->comm) - 1] = '\0';
	t->flags = 0;
	if (w->task_flags & PF_KTHREAD)
		t->flags |= KITER_KTHREAD;
	if (w->exit_state & EXIT_ZOMBIE)
		t->flags |= KITER_ZOMBIE;
	/* every nsproxy has a mount namespace */
	if (!w->ns[NSINFO_TYPE_MNT])
		t->flags |= KITER_NO_NSPROXY;
	if (w->kw_flags & KW_TASK_CUT)
		t->flags |= KITER_CUT;
	t->pid_level = w->pid_level;
	for (uint32_t i = 0; i < KITER_NSPID_MAX; i++)
		t->nspid[i] = i <= w->pid_level ? w->nspid[i] : 0;
	return 0;
}

static int add_fd(struct kiter_result *res, const struct kiter_wire_fd *w)
{
	struct kiter_fd *f;
	int rc;

	if (w->type >= NSINFO_NTYPES)
		return 0;
	rc = grow((void **)&res->fds, &res->fds_cap, res->nfds + 1, sizeof(*res->fds));
	if (rc)
		return rc;
	f = &res->fds[res->nfds++];
	f->tgid = w->tgid;
	f->tid = w->tid;
	f->fd = w->fd;
	f->kind = w->kind;
	f->type = w->type;
	f->inode = w->inode;
	return 0;
}

/* The kernel's dev_t: 12 bits of major, 20 of minor (MINORBITS). */
static uint64_t kdev(uint32_t d)
{
	return makedev(d >> 20, d & 0xfffff);
}

static int add_file(struct kiter_result *res, const struct kiter_wire_file *w)
{
	struct kiter_file *f;
	int rc;

	rc = grow((void **)&res->files, &res->files_cap, res->nfiles + 1, sizeof(*res->files));
	if (rc)
		return rc;
	f = &res->files[res->nfiles++];
	*f = (struct kiter_file){ .tgid = w->tgid, .fd = w->fd, .kind = w->kind,
				  .mode = w->mode, .flags = w->flags, .inode = w->inode,
				  .dev = kdev(w->dev), .rdev = kdev(w->rdev) };
	return 0;
}

/* Parse whole records from buf; *used: bytes consumed. */
static int parse(struct kiter *k, struct kiter_result *res, const char *buf, size_t len,
		 size_t *used)
{
	size_t off = 0;
	int rc = 0;

	while (rc == 0 && len - off >= sizeof(uint32_t)) {
		uint32_t tag;
		size_t size;

		memcpy(&tag, buf + off, sizeof(tag));
		switch (tag) {
		case KITER_REC_TASK: size = sizeof(struct kiter_wire_task); break;
		case KITER_REC_NS: size = sizeof(struct kiter_wire_ns); break;
		case KITER_REC_FD: size = sizeof(struct kiter_wire_fd); break;
		case KITER_REC_FILE: size = sizeof(struct kiter_wire_file); break;
		default: *used = off; return -EPROTO;
		}
		if (len - off < size)
			break;
		/* buf is malloc'd and every record a multiple of 8 bytes, so
		 * each record starts 8-byte aligned */
		switch (tag) {
		case KITER_REC_TASK:
			rc = add_task(res, (const struct kiter_wire_task *)(const void *)(buf + off));
			break;
		case KITER_REC_NS:
			rc = add_ns(k, res, (const struct kiter_wire_ns *)(const void *)(buf + off));
			break;
		case KITER_REC_FD:
			rc = add_fd(res, (const struct kiter_wire_fd *)(const void *)(buf + off));
			break;
		case KITER_REC_FILE:
			rc = add_file(res, (const struct kiter_wire_file *)(const void *)(buf + off));
			break;
		}
		off += size;
	}
	*used = off;
	return rc;
}

static int read_iter(struct kiter *k, int link_fd, struct kiter_result *res, const char *what,
		     char *why, size_t whylen)
{
	size_t have = 0, used;
	int fd, rc = 0;

	fd = bpf_iter_create(link_fd);
	if (fd < 0) {
		rc = -errno;
		say(why, whylen, "%s: bpf_iter_create: %s", what, strerror(-rc));
		return rc;
	}
	for (;;) {
		ssize_t n = read(fd, k->buf + have, k->bufsz - have);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			say(why, whylen, "%s: read: %s", what, strerror(-rc));
			break;
		}
		if (n == 0)
			break;
		have += (size_t)n;
		rc = parse(k, res, k->buf, have, &used);
		if (rc) {
			say(why, whylen, "%s: %s", what,
			    rc == -EPROTO ? "unknown record (programs and loader disagree)"
					  : strerror(-rc));
			break;
		}
		/* a partial record (at most one) moves to the front */
		memmove(k->buf, k->buf + used, have - used);
		have -= used;
	}
	if (!rc && have) {
		say(why, whylen, "%s: the last record is cut short", what);
		rc = -EPROTO;
	}
	close(fd);
	return rc;
}

/* The program's tables emptied (its map of one entry written with
 * zeros): when gen wraps around, an entry of 2^32 reads ago could pass
 * for one of this read. */
static int scratch_clear(struct kiter *k)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info), zero = 0;
	void *zeros;
	int rc = 0;

	if (bpf_obj_get_info_by_fd(k->scratch_fd, &info, &len) != 0)
		return -errno;
	zeros = calloc(1, info.value_size);
	if (!zeros)
		return -ENOMEM;
	if (bpf_map_update_elem(k->scratch_fd, &zero, zeros, BPF_ANY) != 0)
		rc = -errno;
	free(zeros);
	return rc;
}

/* The IDs the program read, sorted by inode for kiter_netnsid(). */
static int keep_netnsids(struct kiter_result *res, const struct kiter_wire_nsid *tab, uint32_t n)
{
	int rc;

	if (n > KW_NSID_MAX)
		n = KW_NSID_MAX;
	rc = grow((void **)&res->nsids, &res->nsids_cap, n, sizeof(*res->nsids));
	if (rc)
		return rc;
	res->nnsids = 0;
	for (uint32_t i = 0; i < n; i++)
		if (tab[i].inode && tab[i].id >= 0)
			res->nsids[res->nnsids++] = (struct kiter_nsid){
				.inode = tab[i].inode, .nsid = tab[i].nsid, .id = tab[i].id
			};
	if (res->nnsids > 1)	/* none: nsids may be NULL, which qsort() must not get */
		qsort(res->nsids, res->nnsids, sizeof(*res->nsids), nsid_cmp);
	res->nsids_all = true;
	return 0;
}

int kiter_read_h(struct kiter *k, unsigned int flags, struct kiter_result *res,
		 char *why, size_t whylen)
{
	struct kiter_bpf__bss *bss;
	int rc;

	res->ntasks = res->nns = res->nfds = res->nfiles = res->nnsids = 0;
	res->nsids_all = false;
	res->incomplete = 0;
	if (!k) {
		say(why, whylen, "no handle");
		return -EINVAL;
	}
	bss = k->bss;
	/* a wrapped generation would find entries of 2^32 reads ago */
	if (++k->gen == 0) {
		rc = scratch_clear(k);
		if (rc) {
			say(why, whylen, "iter/task: emptying its tables: %s", strerror(-rc));
			return rc;
		}
		k->gen = 1;
	}
	bss->gen = k->gen;
	memset(bss->last, 0, sizeof(bss->last));
	memset(bss->fop_other, 0, sizeof(bss->fop_other));
	memset(bss->file_other, 0, sizeof(bss->file_other));
	bss->want_fds = !!(flags & (KITER_FDS | KITER_STDIO));
	bss->want_stdio = !!(flags & KITER_STDIO);
	bss->no_threads = !!(flags & KITER_NO_THREADS);
	bss->want_mnt_count = !!(flags & KITER_MNT_COUNT);
	bss->want_netnsid = !!(flags & KITER_NETNSID);
	bss->want_types = k->types;	/* KITER_NS_* is enum nsinfo_type (asserted) */
	bss->nsid_state = KW_NSID_UNREAD;
	bss->incomplete = bss->reruns = 0;
	if (k->hash)
		memset(k->hash, 0, k->hashsz * sizeof(*k->hash));

	rc = read_iter(k, k->link_fd, res, "iter/task", why, whylen);
	if (!rc && (flags & KITER_NETNSID) && bss->nsid_state == KW_NSID_ALL)
		rc = keep_netnsids(res, bss->nsid_tab, bss->nsid_n);
	res->incomplete = bss->incomplete;
	for (size_t i = 0; i < res->ntasks; i++)
		res->incomplete += !!(res->tasks[i].flags & KITER_CUT);
	if (rc)
		res->ntasks = res->nns = res->nfds = res->nfiles = 0;
	return rc;
}

int kiter_read(unsigned int flags, struct kiter_result *res, char *why, size_t whylen)
{
	struct kiter *k;
	int rc;

	rc = kiter_open(&k, flags, why, whylen);
	if (rc) {
		res->ntasks = res->nns = res->nfds = res->nfiles = 0;
		return rc;
	}
	rc = kiter_read_h(k, flags, res, why, whylen);
	kiter_close(k);
	return rc;
}

#endif /* NSINFO_HAVE_BPF */
