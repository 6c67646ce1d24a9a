"""``manage.py check_references`` against a local stand-in for doi.org; never the internet."""

import io
import socket

import pytest
from django.core.management import call_command

from content_pages.models import Reference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_proxy_for_local_servers(monkeypatch):
    """A proxy set in the environment must not carry these requests off the machine."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


def run(**options):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("check_references", stdout=out, stderr=err, **options)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def resolver(httpserver, settings):
    """A local HTTP server standing in for https://doi.org/."""
    settings.CMS_DOI_RESOLVER = httpserver.url_for("/")
    return httpserver


def dois():
    return list(Reference.objects.exclude(doi=None).order_by("pk").values_list("doi", flat=True))


def test_every_doi_resolves(seeded, resolver):
    for doi in dois():
        resolver.expect_request(f"/{doi}", method="HEAD").respond_with_data(
            "", status=302, headers={"Location": f"https://publisher.example/{doi}"}
        )
    code, out, err = run()
    assert code == 0, out + err
    assert (
        out.strip() == f"Checked {len(dois())} DOI(s): {len(dois())} resolve, 0 do not resolve, 0 could not be checked."
    )
    assert err == ""
    # The redirects were not followed: only the resolver was asked.
    assert len(resolver.log) == len(dois())


def test_a_doi_that_does_not_resolve_is_named(seeded, resolver):
    broken = Reference.objects.exclude(doi=None).order_by("pk").first()
    resolver.expect_request(f"/{broken.doi}", method="HEAD").respond_with_data("", status=404)
    for doi in dois()[1:]:
        resolver.expect_request(f"/{doi}", method="HEAD").respond_with_data("", status=200)
    code, out, _err = run()
    assert code == 1
    lines = out.strip().splitlines()
    host = resolver.url_for("/").split("//")[1].rstrip("/")
    assert (
        lines[0] == f"Reference {broken.pk} “{broken.title}”: DOI {broken.doi} does not resolve ({host} answered 404)."
    )
    assert (
        lines[-1]
        == f"Checked {len(dois())} DOI(s): {len(dois()) - 1} resolve, 1 do not resolve, 0 could not be checked."
    )
    assert len(lines) == 2


def test_an_error_from_the_resolver_is_not_a_verdict_on_the_doi(seeded, resolver):
    first = Reference.objects.exclude(doi=None).order_by("pk").first()
    resolver.expect_request(f"/{first.doi}", method="HEAD").respond_with_data("", status=503)
    for doi in dois()[1:]:
        resolver.expect_request(f"/{doi}", method="HEAD").respond_with_data("", status=302)
    code, out, _err = run()
    assert code == 1
    assert f"DOI {first.doi} could not be checked" in out
    assert "1 could not be checked." in out


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_resolver_says_so_and_checks_nothing(seeded, settings):
    port = closed_port()
    settings.CMS_DOI_RESOLVER = f"http://127.0.0.1:{port}/"
    code, out, err = run()
    assert code == 2
    assert out == ""
    assert err.startswith(f"Could not reach 127.0.0.1:{port}: ")
    assert err.strip().endswith("; no DOI was checked.")


def test_the_default_resolver_is_doi_org_and_its_message_names_it():
    from content_pages.publishing.doi_resolution import ResolverUnreachable, resolver_host

    assert resolver_host("https://doi.org/") == "doi.org"
    assert str(ResolverUnreachable("doi.org", "timed out", [], 4)) == (
        "Could not reach doi.org: timed out; no DOI was checked."
    )


def test_a_resolver_that_never_answers_times_out(seeded, settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections complete, nothing is ever read or answered
        settings.CMS_DOI_RESOLVER = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        code, _out, err = run(timeout=0.3)
    assert code == 2
    assert "timed out; no DOI was checked." in err
