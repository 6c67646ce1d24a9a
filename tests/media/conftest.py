import io
import os

import PIL.Image
import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image, Rendition


def photo(width, height, *, noise=False, file_format="JPEG", name="photo.jpg"):
    """An image file: smooth colours (as a photograph compresses), or random pixels (as
    nothing compresses)."""
    if noise:
        picture = PIL.Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        picture = PIL.Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format=file_format)
    buffer.seek(0)
    return ImageFile(buffer, name=name)


@pytest.fixture
def save_image(django_capture_on_commit_callbacks):
    """Save an image as the admin does: the worker makes its renditions after commit."""

    def save(title="Clinic", **options):
        with django_capture_on_commit_callbacks(execute=True):
            return Image.objects.create(title=title, file=photo(**options), description=f"{title}, described")

    return save


@pytest.fixture(autouse=True)
def forget_cached_renditions():
    """Wagtail caches renditions by image id, and a rolled-back test's ids come round again."""
    Rendition.cache_backend.clear()
