from content_pages.foundations import catalogues


def test_every_ui_string_is_translated():
    assert [str(problem) for problem in catalogues.check()] == []


def test_a_new_untranslated_string_is_reported(monkeypatch):
    original = catalogues.extract

    def with_new_string():
        catalog = original()
        catalog.add("A brand new button", None, [("templates/base.html", 1)])
        return catalog

    monkeypatch.setattr(catalogues, "extract", with_new_string)
    problems = [str(problem) for problem in catalogues.check()]
    assert "locale/ms/LC_MESSAGES/django.po: missing: 'A brand new button'" in problems
    assert "locale/zh_Hans/LC_MESSAGES/django.po: missing: 'A brand new button'" in problems
