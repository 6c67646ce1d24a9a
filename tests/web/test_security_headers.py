"""Security headers on the public site and the admin, and the production settings' HTTPS."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.test_pages import url_in

ROOT = Path(__file__).resolve().parents[2]

# The production environment README.md ("Configuration") documents.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "site_cms.settings.production",
    "ALLOWED_HOSTS": "cms.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def csp_directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def manage(*args, env, tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "CMS_", "SECRET_KEY"))}
    base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db
def test_public_article_has_a_strict_csp_and_a_permissions_policy(seeded, client):
    response = client.get(url_in(seeded, "en"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    directives = csp_directives(csp)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    html = response.content.decode()
    assert "<style" not in html
    assert "/static/content_pages/site.css" in html


def test_the_site_stylesheet_exists():
    assert (ROOT / "content_pages/static/content_pages/site.css").read_text().count("{") > 10


@pytest.mark.django_db
def test_admin_login_renders_with_its_own_looser_csp(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    directives = csp_directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in directives["script-src"]
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["object-src"] == ["'none'"]
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_healthz_and_api_carry_the_headers_too(client):
    response = client.get("/healthz")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_documented_production_environment_passes_the_deploy_check(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "x" * 49}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_settings_turn_on_https():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "CMS_", "SECRET_KEY"))}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.split() == ["True", "31536000", "True", "True"], result.stderr
