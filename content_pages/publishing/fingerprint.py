"""What made a stored rendition: one hash of everything a deployment can change about how
pages render, recorded on every row (``ChannelRendition.fingerprint``).

Stored pages and payloads embed the templates, the rendering code, the hashed static
names and some settings of the day they were rendered. A deployment that changes any of
them changes this value; the worker then re-renders the rows carrying another one in the
background (``publishing.rerender``), so no one has to remember ``refresh_renditions``.

The base URL is part of the hash, and is also stored on its own beside it
(``ChannelRendition.base_url``): a row with another base URL links to an address the site
may no longer answer at, so readers get it rendered live until it is re-rendered
(``renditions.is_stale``), while any other change leaves the stored page, whose text is
current, served meanwhile.

Computed once per process, on first use (by a writer or the worker; a reader's request
only compares base URLs): a deployment restarts the processes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import site
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import engines
from django.template.backends.django import DjangoTemplates

# content_pages/ itself: the sources are hashed as files, not imported (the templatetags
# are in the interfaces layer, above this one).
_PACKAGE = Path(__file__).resolve().parent.parent

# What renders a page: every module these hold can change a stored body.
_SOURCES = (
    "rendering",
    "blocks",
    "reads",
    "foundations",
    "models",
    "templatetags",
    "publishing/page_html.py",
    "publishing/renditions.py",
)

# Settings read while rendering (grep ``settings.`` in the packages above): each changes
# what a stored body says.
_SETTINGS = (
    "WAGTAILADMIN_BASE_URL",
    "CMS_SHORT_LINK_BASE",
    "CMS_STALE_TRANSLATIONS",
    "CMS_SMS_MAX_SEGMENTS",
    "CMS_LANGUAGES",
    "CMS_SOURCE_LANGUAGE",
    "LANGUAGE_CODE",
    "MODELTRANSLATION_FALLBACK_LANGUAGES",
    "STATIC_URL",
    "MEDIA_URL",
    "CMS_MEDIA_STORAGE",
    "STORAGES",
)


def current() -> str:
    """This process's fingerprint: what every row it renders records."""
    return _current()


@functools.cache
def _current() -> str:
    return compute()


def compute() -> str:
    """The fingerprint of the code, templates, static manifest, installed packages and
    settings as they are now (uncached: the tests change them)."""
    digest = hashlib.sha256()
    for label, content in _parts():
        digest.update(label.encode("utf-8"))
        digest.update(b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _parts() -> Iterator[tuple[str, bytes]]:
    for name in _SOURCES:
        for path in _files(_PACKAGE / name, "*.py"):
            yield f"source:{path.relative_to(_PACKAGE)}", path.read_bytes()
    for folder in _template_dirs():
        for path in _files(folder, "*"):
            # Relative names: the same release unpacked elsewhere has the same fingerprint.
            yield f"template:{path.relative_to(folder)}", path.read_bytes()
    yield "static-manifest", _static_manifest()
    yield "packages", _package_versions().encode("utf-8")
    values = {name: getattr(settings, name, None) for name in _SETTINGS}
    yield "settings", json.dumps(values, sort_keys=True, default=str).encode("utf-8")


def _files(root: Path, pattern: str) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(path for path in root.rglob(pattern) if path.is_file() and "__pycache__" not in path.parts)


def _template_dirs() -> list[Path]:
    """The template directories searched (``DIRS`` and the apps' ``templates/``), in
    search order, but those of installed packages: their versions cover them, which is
    cheaper than reading Wagtail's admin templates at every start."""
    installed = {Path(folder).resolve() for folder in (sys.prefix, sys.base_prefix, *site.getsitepackages())}
    found: list[Path] = []
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for folder in engine.template_dirs:
            path = Path(folder).resolve()
            if path.is_dir() and not any(path.is_relative_to(prefix) for prefix in installed):
                found.append(path)
    return found


def _static_manifest() -> bytes:
    """The hashed static names stored pages link to (ManifestStaticFilesStorage, on in
    production with ``CMS_STATIC_MANIFEST``); nothing with plain names."""
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    if read_manifest is None:
        return b""
    content = read_manifest()
    return str(content or "").encode("utf-8")


def _package_versions() -> str:
    """Every installed distribution's version: an upgrade of Wagtail, Django or the
    sanitiser can change what a page renders to."""
    versions = {(dist.metadata["Name"] or "").lower(): dist.version for dist in metadata.distributions()}
    return "\n".join(f"{name}=={version}" for name, version in sorted(versions.items()))
