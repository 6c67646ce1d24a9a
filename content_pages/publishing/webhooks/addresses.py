"""Which addresses a webhook may be sent to, checked when a URL is entered and again at send.

A subscription's URL is chosen by an admin, and the CMS then makes requests to it from
inside the network it runs in: to loopback, a private network or a cloud metadata
service (169.254.169.254) that would be a server-side request forgery. So every address
a host resolves to must be global: not private, loopback, link-local, reserved,
multicast or unspecified, also when spelled as an IPv4-mapped IPv6 address or in the
decimal, octal or hexadecimal forms the C resolver accepts (``2130706433``,
``0177.0.0.1``, ``0x7f.1``), which resolving turns into the address they mean.

At send time the host is resolved once and the connection goes to that vetted address
(``delivery.py``), so a name cannot answer with a public address when checked and a
private one when connected (DNS rebinding). ``CMS_WEBHOOK_ALLOW_PRIVATE=1`` lifts the
rule, for development and the tests' receivers on loopback.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnresolvableHost(Exception):
    """The host has no address (DNS failure)."""


class RefusedAddress(Exception):
    """The host resolves to an address webhooks may not be sent to."""


def private_allowed() -> bool:
    return bool(getattr(settings, "CMS_WEBHOOK_ALLOW_PRIVATE", False))


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo), which is where it goes."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
    return None


def is_forbidden(address: IPAddress) -> bool:
    embedded = _embedded_ipv4(address)
    if embedded is not None and is_forbidden(embedded):
        return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        # Shared (100.64/10, where some clouds keep their metadata service) and the other
        # special ranges none of the flags above names.
        or not address.is_global
    )


@dataclass(frozen=True)
class Resolved:
    host: str
    port: int
    addresses: tuple[IPAddress, ...]


def resolve(host: str, port: int) -> Resolved:
    """Every address ``host`` resolves to, in the resolver's order; raises
    ``UnresolvableHost`` or, unless private addresses are allowed, ``RefusedAddress``
    when any of them is forbidden (one bad answer is enough to refuse the host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise UnresolvableHost(host) from error
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnresolvableHost(host)
    if not private_allowed():
        bad = [address for address in addresses if is_forbidden(address)]
        if bad:
            raise RefusedAddress(str(bad[0]))
    return Resolved(host, port, tuple(addresses))


def entry_problem(host: str, port: int) -> str | None:
    """Why a URL with this host may not be entered, or None. A name that does not resolve
    yet is accepted (the receiver may not be in DNS yet); send time checks again."""
    try:
        resolve(host, port)
    except UnresolvableHost:
        return None
    except RefusedAddress as refused:
        return (
            f"{host!r} resolves to {refused}, a loopback, private, link-local or otherwise non-public address; "
            "webhooks are sent only to public addresses (CMS_WEBHOOK_ALLOW_PRIVATE=1 allows others, for development)."
        )
    return None
