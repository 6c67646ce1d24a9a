"""Which images and documents may be served publicly.

A view restriction on a collection covers its whole subtree (Wagtail checks every
ancestor when serving a file), so media in any collection under a restricted one are
private too. Collections form a treebeard materialised-path tree: the restricted paths
are read once, and every collection whose path starts with one of them is excluded, a
constant number of queries however deep the tree is.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from wagtail.models import Collection


def restricted_collection_paths() -> list[str]:
    return list(Collection.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True).distinct())


def public_media(model: type[Model]) -> QuerySet[Any]:
    """Media of ``model`` in no restricted collection, nor below one, ordered by id."""
    queryset: QuerySet[Any] = model._default_manager.all()
    restricted = Q()
    for path in restricted_collection_paths():
        restricted |= Q(collection__path__startswith=path)
    if restricted:
        queryset = queryset.exclude(restricted)
    return queryset.order_by("pk")


def is_public_collection(collection_path: str) -> bool:
    """Neither the collection nor an ancestor has a view restriction (one query)."""
    return not any(collection_path.startswith(path) for path in restricted_collection_paths())


def is_public_image(image: Any) -> bool:
    return is_public_collection(image.collection.path)
