"""Do our references' DOIs resolve? Asked of the DOI resolver, one HEAD request each.

``https://doi.org/<doi>`` answers a registered DOI with a redirect to the publisher and
an unknown one with 404. Redirects are not followed: the resolver's answer is the one
that matters, and a publisher's site that is slow or refuses robots says nothing about
the DOI. Any other answer (429, 5xx…) means the DOI could not be checked this time.
If the resolver cannot be reached at all (no network, DNS, a timeout), checking stops
and says so, rather than reporting every DOI as broken.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings

from content_pages.models import Reference

USER_AGENT = "health-content-cms check_references (DOI resolution check)"


class Outcome(StrEnum):
    RESOLVES = "resolves"
    NOT_FOUND = "does not resolve"
    UNCHECKED = "could not be checked"


@dataclass(frozen=True)
class DoiCheck:
    reference_id: int
    title: str
    doi: str
    outcome: Outcome
    status: int

    @property
    def problem(self) -> bool:
        return self.outcome is not Outcome.RESOLVES


class ResolverUnreachable(Exception):
    """The resolver could not be reached; ``checked`` holds what was checked before that."""

    def __init__(self, host: str, reason: str, checked: list[DoiCheck], total: int) -> None:
        self.host, self.reason, self.checked, self.total = host, reason, checked, total
        done = f"stopped after checking {len(checked)} of {total} DOIs" if checked else "no DOI was checked"
        super().__init__(f"Could not reach {host}: {reason}; {done}.")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx reaches us as an HTTPError carrying its status


_opener = urllib.request.build_opener(_NoRedirects)


def resolver() -> str:
    base = settings.CMS_DOI_RESOLVER
    return base if base.endswith("/") else f"{base}/"


def resolver_host(base: str | None = None) -> str:
    return urlsplit(base or resolver()).netloc or (base or resolver())


def doi_status(doi: str, *, base: str, timeout: float) -> int:
    """The resolver's HTTP status for ``doi``; raises ``OSError`` (``URLError``, timeouts)
    or ``http.client.HTTPException`` when no answer came."""
    request = urllib.request.Request(  # noqa: S310 - the resolver is a setting: http(s) only, checked below
        base + quote(doi, safe="/:;()"), method="HEAD", headers={"User-Agent": USER_AGENT}
    )
    if urlsplit(request.full_url).scheme not in ("http", "https"):
        raise ValueError(f"CMS_DOI_RESOLVER must be an http(s) URL, not {base!r}.")
    try:
        with _opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx: an answer all the same
        return int(error.code)


def outcome_of(status: int) -> Outcome:
    if HTTPStatus.OK <= status < HTTPStatus.BAD_REQUEST:
        return Outcome.RESOLVES
    if status in (404, 410):
        return Outcome.NOT_FOUND
    return Outcome.UNCHECKED


def references_with_dois() -> list[Reference]:
    return list(Reference.objects.exclude(doi=None).exclude(doi="").order_by("pk"))


def check_dois(references: Iterable[Reference], *, timeout: float | None = None) -> list[DoiCheck]:
    """One ``DoiCheck`` per reference with a DOI, in order; raises ``ResolverUnreachable``."""
    base = resolver()
    wait = settings.CMS_DOI_TIMEOUT if timeout is None else timeout
    todo = [reference for reference in references if reference.doi]
    checks: list[DoiCheck] = []
    for reference in todo:
        doi = reference.doi or ""
        try:
            status = doi_status(doi, base=base, timeout=wait)
        except (OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            raise ResolverUnreachable(
                resolver_host(base), str(reason) or type(error).__name__, checks, len(todo)
            ) from error
        checks.append(DoiCheck(reference.pk, reference.title, doi, outcome_of(status), status))
    return checks
