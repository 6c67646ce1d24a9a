import pytest

from content_pages.publishing import reach


@pytest.fixture(autouse=True)
def fresh_counts():
    """Each test starts with nothing counted in this process, and leaves nothing behind."""
    reach.reset()
    yield
    reach.reset()


@pytest.fixture
def counted():
    """What this process has counted and not written yet, as {(page, language, channel): reads}."""

    def read():
        return {(page, language, channel): reads for (page, language, channel, _day), reads in reach.pending().items()}

    return read
