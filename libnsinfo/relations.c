// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * relations.c - what the nsfs ioctls and rtnetlink say about one
 * namespace. Called once per namespace the scan has not seen before, never
 * per process: lsns asks NS_GET_PARENT and NS_GET_USERNS for every process,
 * which is most of its cost.
 */
#define _GNU_SOURCE
#include <errno.h>
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

#ifndef NS_GET_ID
/* 64-bit namespace id, Linux 6.18 (include/uapi/linux/nsfs.h) */
#define NS_GET_ID _IOR(NSIO, 0xd, __u64)
#endif

/* Depth is bounded by the kernel (32 user namespace levels). */
#define MAX_DEPTH 64

/* The inode behind an ioctl that returns a namespace fd; closes it. */
static int fd_inode(int fd, uint64_t *inode)
{
	struct stat st;
	int rc = fstat(fd, &st);

	close(fd);
	if (rc < 0)
		return -errno;
	*inode = (uint64_t)st.st_ino;
	return 0;
}

/* NS_GET_PARENT: 0 with *inode, 0 with *inode = 0 at the top of our view
 * (EPERM), or -errno. */
static void read_parent(struct nsinfo_ns *ns, int fd)
{
	int pfd = ioctl(fd, NS_GET_PARENT);
	unsigned int depth = 0;

	if (pfd < 0) {
		if (errno != EPERM)
			return;
		/* the initial namespace, or the top of what we may see */
		ns->parent = 0;
		ns->depth = 0;
		ns->known |= KNOWN_PARENT | KNOWN_DEPTH;
		return;
	}
	/* Depth: follow the chain to the top; a handful of ioctls, paid once
	 * per pid or user namespace. */
	for (int cur = dup(pfd); cur >= 0 && depth < MAX_DEPTH;) {
		int next = ioctl(cur, NS_GET_PARENT);

		close(cur);
		depth++;
		cur = next;
	}
	if (fd_inode(pfd, &ns->parent) == 0)
		ns->known |= KNOWN_PARENT;
	ns->depth = depth;
	ns->known |= KNOWN_DEPTH;
}

static void read_owner(struct nsinfo_ns *ns, int fd)
{
	int ofd = ioctl(fd, NS_GET_USERNS);

	if (ofd >= 0) {
		if (fd_inode(ofd, &ns->owner) == 0)
			ns->known |= KNOWN_OWNER;
		return;
	}
	if (errno != EPERM)
		return;
	/* The owner is outside our user namespace (or this is the initial
	 * user namespace, which has none): lsns shows 0, and so do we. */
	ns->owner = 0;
	ns->known |= KNOWN_OWNER;
	if (ns->type != NSINFO_TYPE_USER)
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

void relations_read(struct nsinfo_ns *ns, int fd, unsigned int flags,
		    int *netlink_fd)
{
	const struct nstype_info *t = nstype_get((int)ns->type);

	if (flags & NSINFO_SCAN_RELATIONS) {
		__u64 id;

		read_owner(ns, fd);
		if (t->hierarchical) {
			read_parent(ns, fd);
		} else {
			ns->parent = 0;	/* none for this type; lsns shows 0 */
			ns->known |= KNOWN_PARENT;
		}
		if (ns->type == NSINFO_TYPE_USER) {
			uid_t uid;

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
	if ((flags & NSINFO_SCAN_NETNSID) && ns->type == NSINFO_TYPE_NET) {
		int id;

		if (query_netnsid(netlink_fd, fd, &id) == 0) {
			ns->netnsid = id;
			ns->known |= KNOWN_NETNSID;
		}
	}
}
