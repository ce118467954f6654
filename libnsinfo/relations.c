// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * relations.c - what the nsfs ioctls and rtnetlink say about one
 * namespace. Called once per namespace the scan has not seen before, never
 * per process: lsns asks NS_GET_PARENT and NS_GET_USERNS for every process,
 * which is most of its cost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/nsfs.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "kiter.h"

#ifndef NS_GET_ID
/* 64-bit namespace id, Linux 6.18 (include/uapi/linux/nsfs.h) */
#define NS_GET_ID _IOR(NSIO, 0xd, __u64)
#endif

/* Kernel constants (include/linux/proc_ns.h): the initial user and pid
 * namespaces have fixed inodes, so EPERM on their parent is "no parent",
 * and EPERM anywhere else is "above what we may see". */
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_PID_INIT_INO  0xEFFFFFFCU

/* Ancestors are followed by recursion; the kernel nests at most 32. */
#define MAX_ANCESTRY 40

static uint64_t fd_inode(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static bool initial(const struct nsinfo_ns *ns)
{
	return (ns->type == NSINFO_TYPE_USER && ns->inode == PROC_USER_INIT_INO) ||
	       (ns->type == NSINFO_TYPE_PID && ns->inode == PROC_PID_INIT_INO);
}

/*
 * A parent or owner namespace, from the fd an ioctl returned (closed
 * here): its inode, and the namespace itself in the snapshot. One that
 * no process is in is added as an ancestor, and its own relations are
 * read in turn: that is how hidden intermediate namespaces are found.
 */
static uint64_t relative(struct scan_ctx *ctx, int fd, int type)
{
	uint64_t inode = fd_inode(fd);
	struct nsinfo_ns *rel;

	/* a type the caller did not ask for is named, not listed */
	if (inode && ctx->depth < MAX_ANCESTRY &&
	    (ctx->snap->types & NSINFO_TYPE_BIT(type))) {
		ctx->depth++;
		rel = sink_ns(ctx, &(struct ns_ref){ .type = type, .inode = inode, .fd = fd,
						     .dirfd = -1 });
		ctx->depth--;
		if (rel)
			rel->holders |= NSINFO_HOLD_ANCESTOR;
	}
	close(fd);
	return inode;
}

static void read_depth(struct nsinfo_ns *ns, int fd)
{
	unsigned int depth = 0;

	/* follow the chain to the top: a handful of ioctls, paid once per
	 * pid or user namespace */
	for (int cur = ioctl(fd, NS_GET_PARENT); cur >= 0;) {
		int next = ++depth < MAX_ANCESTRY ? ioctl(cur, NS_GET_PARENT) : -1;

		close(cur);
		cur = next;
	}
	ns->depth = depth;
	ns->known |= KNOWN_DEPTH;
}

static void read_parent(struct scan_ctx *ctx, struct nsinfo_ns *ns, int fd)
{
	int pfd = ioctl(fd, NS_GET_PARENT);

	if (pfd < 0) {
		if (errno != EPERM)
			return;
		/* the initial namespace, or the top of what we may see */
		ns->parent = 0;
		ns->known |= KNOWN_PARENT;
		if (!initial(ns))
			ns->unknown |= NSINFO_NS_PARENT_HIDDEN;
	} else {
		ns->parent = relative(ctx, pfd, (int)ns->type);
		if (ns->parent)
			ns->known |= KNOWN_PARENT;
	}
	read_depth(ns, fd);
}

static void read_owner(struct scan_ctx *ctx, struct nsinfo_ns *ns, int fd)
{
	int ofd = ioctl(fd, NS_GET_USERNS);

	if (ofd >= 0) {
		ns->owner = relative(ctx, ofd, NSINFO_TYPE_USER);
		if (ns->owner)
			ns->known |= KNOWN_OWNER;
		return;
	}
	if (errno != EPERM)
		return;
	/* The owner is outside our user namespace (or this is the initial
	 * user namespace, which has none): lsns shows 0, and so do we. */
	ns->owner = 0;
	ns->known |= KNOWN_OWNER;
	if (!initial(ns))
		ns->unknown |= NSINFO_NS_OWNER_HIDDEN;
}

/*
 * The id the network stack gives the namespace, as seen from our own net
 * namespace (RTM_GETNSID with NETNSA_FD, what `ip netns list-id` shows).
 */
static int query_netnsid(int *nl, int ns_fd, int *netnsid)
{
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
		char pad[3];
		struct nlattr fd_attr;
		__u32 fd;
	} req;
	char buf[256];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	ssize_t n;

	if (*nl < 0) {
		*nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		if (*nl < 0)
			return -errno;
	}
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETNSID;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.g.rtgen_family = AF_UNSPEC;
	req.fd_attr.nla_len = NLA_HDRLEN + sizeof(__u32);
	req.fd_attr.nla_type = NETNSA_FD;
	req.fd = (__u32)ns_fd;
	_Static_assert(offsetof(typeof(req), fd_attr) == NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct rtgenmsg)),
		       "attribute must follow the aligned rtgenmsg");

	if (send(*nl, &req, sizeof(req), 0) < 0)
		return -errno;
	n = recv(*nl, buf, sizeof(buf), 0);
	if (n < 0)
		return -errno;
	if (!NLMSG_OK(nh, (size_t)n))
		return -EBADMSG;
	if (nh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nh);

		return e->error ? e->error : -EBADMSG;
	}
	if (nh->nlmsg_type != RTM_NEWNSID)
		return -EBADMSG;
	{
		struct rtgenmsg *g = NLMSG_DATA(nh);
		struct nlattr *a = (struct nlattr *)((char *)g + NLMSG_ALIGN(sizeof(*g)));
		ssize_t left = (ssize_t)nh->nlmsg_len - (ssize_t)((char *)a - (char *)nh);

		while (left >= (ssize_t)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		       a->nla_len <= left) {
			if ((a->nla_type & NLA_TYPE_MASK) == NETNSA_NSID &&
			    a->nla_len >= NLA_HDRLEN + sizeof(__s32)) {
				__s32 v;

				memcpy(&v, (char *)a + NLA_HDRLEN, sizeof(v));
				*netnsid = v < 0 ? -1 : v;
				return 0;
			}
			left -= NLA_ALIGN(a->nla_len);
			a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
		}
	}
	return -ENODATA;
}

void relations_read(struct scan_ctx *ctx, struct nsinfo_ns *ns, int fd)
{
	const struct nstype_info *t = nstype_get((int)ns->type);
	unsigned int flags = ctx->snap->flags;

	if (flags & NSINFO_SCAN_RELATIONS) {
		/* the ioctls write these; set first, as valgrind cannot know */
		__u64 id = 0;

		/* a user namespace's owner is its parent: ask once */
		if (ns->type != NSINFO_TYPE_USER)
			read_owner(ctx, ns, fd);
		if (t->hierarchical) {
			read_parent(ctx, ns, fd);
		} else {
			ns->parent = 0;	/* none for this type; lsns shows 0 */
			ns->known |= KNOWN_PARENT;
		}
		if (ns->type == NSINFO_TYPE_USER) {
			uid_t uid = (uid_t)-1;

			ns->owner = ns->parent;
			ns->known |= ns->known & KNOWN_PARENT ? KNOWN_OWNER : 0;
			if (ns->unknown & NSINFO_NS_PARENT_HIDDEN)
				ns->unknown |= NSINFO_NS_OWNER_HIDDEN;

			if (ioctl(fd, NS_GET_OWNER_UID, &uid) == 0) {
				ns->owner_uid = uid;
				ns->known |= KNOWN_OWNER_UID;
			}
		}
		if (ioctl(fd, NS_GET_ID, &id) == 0) {
			ns->nsid = id;
			ns->known |= KNOWN_NSID;
		} else if (errno == ENOTTY || errno == EINVAL) {
			ns->unknown |= NSINFO_NS_NO_NSID;
		}
	}
	relations_read_netnsid(ctx, ns, fd);
}

bool relations_netnsid_read(struct scan_ctx *ctx, struct nsinfo_ns *ns)
{
	int id;

	if (!ctx->kres || ns->type != NSINFO_TYPE_NET ||
	    !kiter_netnsid(ctx->kres, ns->inode, (ns->known & KNOWN_NSID) ? ns->nsid : 0, &id))
		return false;
	ns->netnsid = id;
	ns->known |= KNOWN_NETNSID;
	return true;
}

void relations_read_netnsid(struct scan_ctx *ctx, struct nsinfo_ns *ns, int fd)
{
	int id;

	if (!(ctx->snap->flags & NSINFO_SCAN_NETNSID) || ns->type != NSINFO_TYPE_NET ||
	    relations_netnsid_read(ctx, ns))
		return;
	if (query_netnsid(&ctx->netlink_fd, fd, &id) == 0) {
		ns->netnsid = id;
		ns->known |= KNOWN_NETNSID;
	}
}

/* ---- relations kept from the scanner's last snapshot ---- */

#define FILEID_NSFS 0xf1	/* include/linux/exportfs.h, Linux 6.18 */

/* nsfs's file handle (fs/nsfs.c): the 64-bit id, the type, the inode. */
struct nsfs_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum;
};

/*
 * Is what dirfd/name names now the namespace old was? Relations never
 * change while a namespace lives, but an inode is reused once it is gone.
 * nsfs file handles (Linux 6.18) carry the 64-bit id, which never is:
 * one name_to_handle_at(2), no open. Without them, an inode seen in the
 * last refresh is taken to be the same namespace (libnsinfo(3) says so).
 */
static bool still_same(const struct nsinfo_ns *old, int dirfd, const char *name, int at_flags)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + 64];
	} h;
	struct nsfs_handle nh;
	int mnt;

	h.fh.handle_bytes = sizeof(h.buf) - sizeof(struct file_handle);
	if (name_to_handle_at(dirfd, name, &h.fh, &mnt, at_flags) < 0)
		return errno == EOPNOTSUPP;
	if (h.fh.handle_type != FILEID_NSFS || h.fh.handle_bytes < sizeof(nh))
		return false;
	memcpy(&nh, h.fh.f_handle, sizeof(nh));
	if (nh.ns_inum != (uint32_t)old->inode ||
	    nh.ns_type != (uint32_t)nsinfo_type_clone_flag(old->type))
		return false;
	return !(old->known & KNOWN_NSID) || nh.ns_id == old->nsid;
}

/* Whether the last snapshot read old's relations in full. */
static bool relations_known(const struct scan_ctx *ctx, const struct nsinfo_ns *old)
{
	if (old->unknown & (NSINFO_NS_NO_RELATIONS | NSINFO_NS_DENIED))
		return false;
	if ((ctx->snap->flags & NSINFO_SCAN_RELATIONS) && !(old->known & KNOWN_PARENT))
		return false;
	/* an unassigned NETNSID may be assigned any time: ask again */
	if ((ctx->snap->flags & NSINFO_SCAN_NETNSID) && old->type == NSINFO_TYPE_NET &&
	    !((old->known & KNOWN_NETNSID) && old->netnsid >= 0))
		return false;
	return true;
}

const struct nsinfo_ns *relations_prev(struct scan_ctx *ctx, int type, uint64_t inode,
				       int dirfd, const char *name, int at_flags)
{
	const struct nsinfo_ns *old;

	if (!ctx->prev)
		return NULL;
	old = nsmap_find(&ctx->prev->map, type, inode);
	if (!old || !relations_known(ctx, old) || !still_same(old, dirfd, name, at_flags))
		return NULL;
	return old;
}

/* An ancestor (parent or owner) of a namespace taken from the last
 * snapshot: alive as long as its descendant is, so it is that snapshot's
 * too, with its relations. */
static void ancestor_copy(struct scan_ctx *ctx, int type, uint64_t inode)
{
	const struct nsinfo_ns *old;
	struct nsinfo_ns *ns;
	bool created;

	if (!inode || !(ctx->snap->types & NSINFO_TYPE_BIT(type)) || ctx->depth >= MAX_ANCESTRY)
		return;
	ns = snapshot_get_ns(ctx->snap, type, inode, &created);
	if (!ns) {
		ctx->err = -ENOMEM;
		return;
	}
	ns->holders |= NSINFO_HOLD_ANCESTOR;
	old = nsmap_find(&ctx->prev->map, type, inode);
	if (created && old && relations_known(ctx, old)) {
		ctx->depth++;
		relations_copy(ctx, ns, old);
		ctx->depth--;
	}
}

void relations_copy(struct scan_ctx *ctx, struct nsinfo_ns *ns, const struct nsinfo_ns *old)
{
	ns_copy_relations(ns, old);
	if (!(ctx->snap->flags & NSINFO_SCAN_RELATIONS))
		return;
	if (nstype_get((int)ns->type)->hierarchical)
		ancestor_copy(ctx, (int)ns->type, ns->parent);
	if (ns->type != NSINFO_TYPE_USER)
		ancestor_copy(ctx, NSINFO_TYPE_USER, ns->owner);
}
