// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * access.c - what a namespace file is, and whether the caller may enter
 * it with setns(2), and if not, why. The rules (user_namespaces(7),
 * setns(2)):
 *  - entering a user namespace needs CAP_SYS_ADMIN in that namespace;
 *  - entering any other namespace needs CAP_SYS_ADMIN in the user
 *    namespace that owns it, and in one's own;
 *  - a process has a capability in a user namespace when it has it in an
 *    ancestor namespace it is a member of, and has every capability in a
 *    child namespace whose owner UID is its effective UID.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

#define MAX_USERNS_DEPTH 64

NSINFO_EXPORT int nsinfo_nsfd_type(int fd)
{
	struct statfs sfs;
	int flag;

	if (fstatfs(fd, &sfs) < 0)
		return -errno;
	if (sfs.f_type != NSFS_MAGIC)
		return -ENOTTY;
	flag = ioctl(fd, NS_GET_NSTYPE);
	if (flag < 0)
		return -errno;
	return nsinfo_type_from_clone_flag(flag);
}

static uint64_t inode_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static bool has_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN);
}

/*
 * Does the caller, standing in user namespace `self` (with its own
 * capabilities, or with all of them when full_caps), have CAP_SYS_ADMIN
 * in user namespace `u`? Walks from u up to self.
 */
static int verdict_for(int u, uint64_t self, bool full_caps)
{
	uid_t euid = geteuid(), child_owner = (uid_t)-1;
	int cur = dup(u), rc = NSINFO_ACCESS_OUT_OF_SCOPE;

	if (cur < 0)
		return NSINFO_ACCESS_UNKNOWN;
	for (int depth = 0; depth < MAX_USERNS_DEPTH; depth++) {
		int next;

		if (inode_of(cur) == self) {
			if (full_caps || has_cap_sys_admin())
				rc = NSINFO_ACCESS_OK;
			/* the owner of the child on the path has all caps */
			else if (depth > 0 && child_owner == euid)
				rc = NSINFO_ACCESS_OK;
			else
				rc = NSINFO_ACCESS_NO_CAP;
			break;
		}
		if (ioctl(cur, NS_GET_OWNER_UID, &child_owner) < 0)
			child_owner = (uid_t)-1;
		next = ioctl(cur, NS_GET_PARENT);
		if (next < 0) {
			/* EPERM: the top of what we may see, and self was
			 * not on the way: u is not at or below us */
			rc = errno == EPERM ? NSINFO_ACCESS_OUT_OF_SCOPE : NSINFO_ACCESS_UNKNOWN;
			break;
		}
		close(cur);
		cur = next;
	}
	close(cur);
	return rc;
}

NSINFO_EXPORT int nsinfo_ns_access(int fd, int userns_fd, struct nsinfo_access *out)
{
	struct nsinfo_access a;
	uint64_t self;
	int type, u;

	/* the size of the first version; later fields are filled only for
	 * callers that know them */
	if (!out || out->size < offsetof(struct nsinfo_access, verdict) + sizeof(a.verdict))
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.owner_uid = (uid_t)-1;
	type = nsinfo_nsfd_type(fd);
	if (type < 0)
		return type;
	a.type = type;
	a.inode = inode_of(fd);

	if (userns_fd >= 0) {
		if (nsinfo_nsfd_type(userns_fd) != NSINFO_TYPE_USER)
			return -EINVAL;
		self = inode_of(userns_fd);
	} else {
		struct stat st;

		if (stat("/proc/self/ns/user", &st) < 0)
			return -errno;
		self = (uint64_t)st.st_ino;
	}
	a.caller_userns = self;

	/* the namespace whose capabilities count */
	u = type == NSINFO_TYPE_USER ? dup(fd) : ioctl(fd, NS_GET_USERNS);
	if (u < 0) {
		if (errno != EPERM)
			return -errno;
		a.verdict = NSINFO_ACCESS_OUT_OF_SCOPE;
		goto done;
	}
	a.owner = inode_of(u);
	if (ioctl(u, NS_GET_OWNER_UID, &a.owner_uid) < 0)
		a.owner_uid = (uid_t)-1;
	if (type == NSINFO_TYPE_USER && a.inode == self)
		a.verdict = NSINFO_ACCESS_SAME;
	else
		a.verdict = verdict_for(u, self, userns_fd >= 0);
	/* after entering a user namespace we have every capability in it;
	 * as we are, we need CAP_SYS_ADMIN at home too */
	if (a.verdict == NSINFO_ACCESS_OK && type != NSINFO_TYPE_USER && userns_fd < 0 &&
	    !has_cap_sys_admin())
		a.verdict = NSINFO_ACCESS_NO_CAP_SELF;
	close(u);
done:
	a.size = out->size < sizeof(a) ? out->size : sizeof(a);
	memcpy(out, &a, a.size);
	return 0;
}
