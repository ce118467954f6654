// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-net.c - what a network namespace shows: its interfaces (name,
 * kind, administrative and operational state, MTU), their addresses, the
 * routes of every table, and the sockets that listen (TCP LISTEN, UDP
 * bound and unconnected), over rtnetlink and sock_diag (libmnl), from a
 * child that entered the namespace: a netlink socket talks to the
 * namespace it was made in.
 *
 * Interface names are the namespace owner's to choose: every text goes
 * out escaped; each attribute is checked for its length (libmnl's
 * validation) before it is read.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/inet_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include "nsdiff.h"

#define DUMP_BUF 32768

struct link {
	int index;
	char name[IF_NAMESIZE + 1];
};

struct net {
	struct facts *f;
	struct link *links;
	size_t nlinks, cap;
	int family;		/* of the sock_diag dump */
	const char *proto;	/* "tcp", "udp" */
};

static const char *link_name(const struct net *n, int index, char *buf, size_t len)
{
	for (size_t i = 0; i < n->nlinks; i++)
		if (n->links[i].index == index)
			return n->links[i].name;
	snprintf(buf, len, "if%d", index);
	return buf;
}

/* One dump: the request in req, every answer through cb. */
static int run_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	unsigned int portid = mnl_socket_get_portid(nl), seq = req->nlmsg_seq;
	static char buf[DUMP_BUF] __attribute__((aligned(8)));
	ssize_t n;

	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return -errno;
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		int rc;

		errno = 0;
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
		if (rc == MNL_CB_ERROR)
			return errno ? -errno : -EPROTO;
		if (rc == MNL_CB_STOP)
			return 0;
	}
	return n < 0 ? -errno : 0;
}

static struct nlmsghdr *request(char *buf, uint16_t type, void **extra, size_t extralen)
{
	static unsigned int seq;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (unsigned int)time(NULL) + ++seq;
	*extra = mnl_nlmsg_put_extra_header(nlh, extralen);
	return nlh;
}

/* ---- attributes ---- */

struct attrs {
	const struct nlattr **tb;
	int max;
};

static int keep_attr(const struct nlattr *a, void *data)
{
	struct attrs *at = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, (uint16_t)at->max) > 0)
		at->tb[type] = a;
	return MNL_CB_OK;
}

static const char *attr_str(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 ? mnl_attr_get_str(a) : NULL;
}

static bool attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(a);
	return true;
}

/* An address of family fam, as text; NULL when the length is not its. */
static const char *attr_addr(const struct nlattr *a, int fam, char *buf, size_t len)
{
	size_t want = fam == AF_INET ? 4 : fam == AF_INET6 ? 16 : 0;

	if (!a || !want || mnl_attr_get_payload_len(a) != want)
		return NULL;
	return inet_ntop(fam, mnl_attr_get_payload(a), buf, (socklen_t)len);
}

/* ---- interfaces ---- */

static const char *const operstates[] = {
	"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP",
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct net *n = data;
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL }, *info[IFLA_INFO_MAX + 1] = { NULL };
	struct attrs at = { tb, IFLA_MAX }, ai = { info, IFLA_INFO_MAX };
	const struct ifinfomsg *ifm;
	const char *name, *kind = NULL;
	char kbuf[32], state[32];
	uint32_t mtu = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return MNL_CB_OK;
	ifm = mnl_nlmsg_get_payload(nlh);
	mnl_attr_parse(nlh, sizeof(*ifm), keep_attr, &at);
	name = attr_str(tb[IFLA_IFNAME]);
	if (!name || strlen(name) > IF_NAMESIZE)
		return MNL_CB_OK;
	if (tb[IFLA_LINKINFO] && mnl_attr_validate(tb[IFLA_LINKINFO], MNL_TYPE_NESTED) == 0) {
		mnl_attr_parse_nested(tb[IFLA_LINKINFO], keep_attr, &ai);
		kind = attr_str(info[IFLA_INFO_KIND]);
	}
	if (!kind) {
		switch (ifm->ifi_type) {
		case ARPHRD_LOOPBACK:
			kind = "loopback";
			break;
		case ARPHRD_ETHER:
			kind = "ether";
			break;
		case ARPHRD_NONE:
			kind = "none";
			break;
		default:
			snprintf(kbuf, sizeof(kbuf), "type %u", (unsigned int)ifm->ifi_type);
			kind = kbuf;
		}
	}
	snprintf(state, sizeof(state), "?");
	if (tb[IFLA_OPERSTATE] && mnl_attr_validate(tb[IFLA_OPERSTATE], MNL_TYPE_U8) == 0) {
		uint8_t o = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);

		if (o < ARRAY_SIZE(operstates))
			snprintf(state, sizeof(state), "%s", operstates[o]);
		else
			snprintf(state, sizeof(state), "%u", (unsigned int)o);
	}
	attr_u32(tb[IFLA_MTU], &mtu);
	facts_addf(n->f, "link", name, "%s, %s, state %s, mtu %u", kind,
		   (ifm->ifi_flags & IFF_UP) ? "up" : "down", state, (unsigned int)mtu);
	if (n->nlinks == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 16;
		struct link *v = realloc(n->links, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		n->links = v;
		n->cap = cap;
	}
	n->links[n->nlinks].index = ifm->ifi_index;
	snprintf(n->links[n->nlinks].name, sizeof(n->links[n->nlinks].name), "%s", name);
	n->nlinks++;
	return n->f->nomem ? MNL_CB_ERROR : MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct net *n = data;
	const struct nlattr *tb[IFA_MAX + 1] = { NULL };
	struct attrs at = { tb, IFA_MAX };
	const struct ifaddrmsg *ifa;
	char abuf[INET6_ADDRSTRLEN], lbuf[32], name[IF_NAMESIZE + INET6_ADDRSTRLEN + 16];
	const char *addr;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return MNL_CB_OK;
	ifa = mnl_nlmsg_get_payload(nlh);
	mnl_attr_parse(nlh, sizeof(*ifa), keep_attr, &at);
	addr = attr_addr(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], ifa->ifa_family, abuf,
			 sizeof(abuf));
	if (!addr)
		return MNL_CB_OK;
	snprintf(name, sizeof(name), "%s %s/%u", link_name(n, (int)ifa->ifa_index, lbuf, sizeof(lbuf)),
		 addr, (unsigned int)ifa->ifa_prefixlen);
	facts_add(n->f, "address", name, "");
	return n->f->nomem ? MNL_CB_ERROR : MNL_CB_OK;
}

/* ---- routes ---- */

static const char *route_type(unsigned int t)
{
	static const char *const names[] = {
		[RTN_UNICAST] = "", [RTN_LOCAL] = "local ", [RTN_BROADCAST] = "broadcast ",
		[RTN_ANYCAST] = "anycast ", [RTN_MULTICAST] = "multicast ",
		[RTN_BLACKHOLE] = "blackhole ", [RTN_UNREACHABLE] = "unreachable ",
		[RTN_PROHIBIT] = "prohibit ", [RTN_THROW] = "throw ", [RTN_NAT] = "nat ",
	};

	return t < ARRAY_SIZE(names) && names[t] ? names[t] : "other ";
}

static void route_proto(unsigned int p, char *buf, size_t len)
{
	switch (p) {
	case RTPROT_KERNEL:
		snprintf(buf, len, "kernel");
		break;
	case RTPROT_BOOT:
		snprintf(buf, len, "boot");
		break;
	case RTPROT_STATIC:
		snprintf(buf, len, "static");
		break;
	case RTPROT_RA:
		snprintf(buf, len, "ra");
		break;
	case RTPROT_DHCP:
		snprintf(buf, len, "dhcp");
		break;
	default:
		snprintf(buf, len, "%u", p);
	}
}

static void route_table(uint32_t t, char *buf, size_t len)
{
	if (t == RT_TABLE_MAIN)
		snprintf(buf, len, "main");
	else if (t == RT_TABLE_LOCAL)
		snprintf(buf, len, "local");
	else if (t == RT_TABLE_DEFAULT)
		snprintf(buf, len, "default");
	else
		snprintf(buf, len, "%u", (unsigned int)t);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct net *n = data;
	const struct nlattr *tb[RTA_MAX + 1] = { NULL };
	struct attrs at = { tb, RTA_MAX };
	const struct rtmsg *rtm;
	char dst[INET6_ADDRSTRLEN + 8], gw[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN];
	char table[16], proto[16], lbuf[32], text[512];
	const char *a;
	uint32_t t, oif, metric;
	size_t len;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return MNL_CB_OK;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_flags & RTM_F_CLONED)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), keep_attr, &at);
	if ((a = attr_addr(tb[RTA_DST], rtm->rtm_family, gw, sizeof(gw))))
		snprintf(dst, sizeof(dst), "%s/%u", a, (unsigned int)rtm->rtm_dst_len);
	else
		snprintf(dst, sizeof(dst), "default");
	t = rtm->rtm_table;
	attr_u32(tb[RTA_TABLE], &t);
	route_table(t, table, sizeof(table));
	route_proto(rtm->rtm_protocol, proto, sizeof(proto));
	len = (size_t)snprintf(text, sizeof(text), "%s%s", route_type(rtm->rtm_type), dst);
	if ((a = attr_addr(tb[RTA_GATEWAY], rtm->rtm_family, gw, sizeof(gw))) && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, " via %s", a);
	if (attr_u32(tb[RTA_OIF], &oif) && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, " dev %s",
					link_name(n, (int)oif, lbuf, sizeof(lbuf)));
	if (len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, " table %s proto %s", table,
					proto);
	if (rtm->rtm_scope != RT_SCOPE_UNIVERSE && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, " scope %s",
					rtm->rtm_scope == RT_SCOPE_HOST	  ? "host"
					: rtm->rtm_scope == RT_SCOPE_LINK ? "link"
									  : "site");
	if ((a = attr_addr(tb[RTA_PREFSRC], rtm->rtm_family, src, sizeof(src))) && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, " src %s", a);
	if (attr_u32(tb[RTA_PRIORITY], &metric) && len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, " metric %u", (unsigned int)metric);
	facts_add(n->f, "route", text, "");
	return n->f->nomem ? MNL_CB_ERROR : MNL_CB_OK;
}

/* ---- listening sockets ---- */

static int diag_cb(const struct nlmsghdr *nlh, void *data)
{
	struct net *n = data;
	const struct inet_diag_msg *m;
	char abuf[INET6_ADDRSTRLEN], lbuf[32], name[INET6_ADDRSTRLEN + IF_NAMESIZE + 40];
	unsigned int port;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return MNL_CB_OK;
	m = mnl_nlmsg_get_payload(nlh);
	port = ntohs(m->id.idiag_sport);
	if (!port || !inet_ntop(m->idiag_family, m->id.idiag_src, abuf, sizeof(abuf)))
		return MNL_CB_OK;
	snprintf(name, sizeof(name), m->idiag_family == AF_INET6 ? "%s [%s]:%u%s%s" : "%s %s:%u%s%s",
		 n->proto, abuf, port, m->id.idiag_if ? " dev " : "",
		 m->id.idiag_if ? link_name(n, (int)m->id.idiag_if, lbuf, sizeof(lbuf)) : "");
	facts_add(n->f, "listening", name, "");
	return n->f->nomem ? MNL_CB_ERROR : MNL_CB_OK;
}

static int listeners(struct net *n, char *why, size_t whylen)
{
	static const struct {
		const char *name;
		uint8_t proto;
		uint32_t states;
	} protos[] = {
		{ "tcp", IPPROTO_TCP, 1u << TCP_LISTEN },
		{ "udp", IPPROTO_UDP, 1u << TCP_CLOSE },
	};
	static const int fams[] = { AF_INET, AF_INET6 };
	struct mnl_socket *nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	char buf[256] __attribute__((aligned(8)));

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = -errno;

		if (nl)
			mnl_socket_close(nl);
		snprintf(why, whylen, "sock_diag socket");
		return e;
	}
	for (size_t p = 0; p < ARRAY_SIZE(protos); p++)
		for (size_t i = 0; i < ARRAY_SIZE(fams); i++) {
			struct inet_diag_req_v2 *req;
			struct nlmsghdr *nlh = request(buf, SOCK_DIAG_BY_FAMILY, (void **)&req,
						       sizeof(*req));
			int rc;

			req->sdiag_family = (uint8_t)fams[i];
			req->sdiag_protocol = protos[p].proto;
			req->idiag_states = protos[p].states;
			n->proto = protos[p].name;
			rc = run_dump(nl, nlh, diag_cb, n);
			/* a kernel without udp_diag: said once, the same on
			 * both sides, so never a difference of its own */
			if (rc < 0 && !n->f->nomem)
				facts_addf(n->f, "listening", protos[p].name, "cannot be read: %s",
					   strerror(-rc));
			if (n->f->nomem) {
				mnl_socket_close(nl);
				return -ENOMEM;
			}
		}
	mnl_socket_close(nl);
	return 0;
}

static int net_read(void *arg, struct facts *f, char *why, size_t whylen)
{
	struct mnl_socket *nl;
	struct net n = { .f = f };
	char buf[256] __attribute__((aligned(8)));
	void *extra;
	int rc;

	(void)arg;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		if (nl)
			mnl_socket_close(nl);
		snprintf(why, whylen, "rtnetlink socket");
		return rc;
	}
	rc = run_dump(nl, request(buf, RTM_GETLINK, &extra, sizeof(struct ifinfomsg)), link_cb, &n);
	if (rc < 0) {
		snprintf(why, whylen, "interfaces");
		goto out;
	}
	rc = run_dump(nl, request(buf, RTM_GETADDR, &extra, sizeof(struct ifaddrmsg)), addr_cb, &n);
	if (rc < 0) {
		snprintf(why, whylen, "addresses");
		goto out;
	}
	for (int fam = 0; fam < 2 && rc == 0; fam++) {
		struct nlmsghdr *nlh = request(buf, RTM_GETROUTE, &extra, sizeof(struct rtmsg));

		((struct rtmsg *)extra)->rtm_family = fam ? AF_INET6 : AF_INET;
		rc = run_dump(nl, nlh, route_cb, &n);
		/* a kernel without IPv6 has no such table */
		if (fam && rc == -EAFNOSUPPORT)
			rc = 0;
	}
	if (rc < 0) {
		snprintf(why, whylen, "routes");
		goto out;
	}
	rc = listeners(&n, why, whylen);
out:
	mnl_socket_close(nl);
	free(n.links);
	if (rc == 0 && f->nomem)
		rc = -ENOMEM;
	return rc;
}

int deep_net(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	(void)nsd;
	return deep_child(s, NSINFO_TYPE_NET, net_read, NULL, d);
}
