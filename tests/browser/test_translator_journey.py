"""A Malay translator in a real headless Chromium opens the side-by-side editor from the
translation status report, sees the English beside each text, translates three texts and
saves a Malay draft; after an editor changes an English paragraph and publishes, the
editor shows that text as stale, with the previous English and a word diff. Nothing on
the page lets the translator change English or the article's structure."""

import uuid

import pytest
from django.contrib.auth.models import Group, User
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from content_pages.models import ArticlePage, CallToAction
from content_pages.publishing.translators import ensure_translator_groups, group_name
from content_pages.reads.segments import translatable_segments
from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

PASSWORD = "correct horse battery"
NEW_ENGLISH = ["Rest when you need to.", "Drink plenty of water.", "Tell your nurse about any fever."]
TRANSLATIONS = ["Berehat apabila perlu.", "Minum banyak air.", "Beritahu jururawat anda tentang sebarang demam."]


def wait(driver, seconds=15):
    return WebDriverWait(driver, seconds)


def click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    try:
        element.click()
    except ElementClickInterceptedException:
        driver.execute_script("arguments[0].click()", element)


def log_in(browser, site, username):
    browser.get(f"{site.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(expected_conditions.url_to_be(f"{site.url}/admin/"))


def row_for(browser, segment_id):
    textarea = browser.find_element(By.NAME, f"t:{segment_id}")
    return textarea.find_element(By.XPATH, "./ancestor::li[contains(@class, 'tr-row')]"), textarea


def publish_english(page, user, *, change=None, add=()):
    """What an editor does in the page editor: rewrite one English paragraph (``change``:
    block id and new HTML) or add paragraphs at the end, then publish."""
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    if change is not None:
        next(item for item in stream if item["id"] == change[0])["value"] = change[1]
    stream += [{"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())} for text in add]
    draft.body_en = stream
    draft.save_revision(user=user).publish(user=user)


@pytest.fixture
def translator(site):
    ensure_translator_groups()
    user = User.objects.create_user("translator-ms", "translator@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name("ms")))
    return user


def check_keyboard_moves(browser, paragraphs):
    """Keyboard: Alt+↓ moves to the next text, Alt+↑ back."""
    first = browser.find_element(By.NAME, f"t:{paragraphs[0].id}")
    click(browser, first)
    inputs = browser.find_elements(By.CSS_SELECTOR, "textarea.tr-input")
    index = inputs.index(first)
    first.send_keys(Keys.ALT, Keys.ARROW_DOWN)
    assert browser.switch_to.active_element == inputs[index + 1]
    inputs[index + 1].send_keys(Keys.ALT, Keys.ARROW_UP)
    assert browser.switch_to.active_element == first


def check_label_limit(browser):
    """A button label over WhatsApp's 20 characters: counted live, and saving is blocked."""
    cta = CallToAction.objects.get(kind="whatsapp")
    label_row, label = row_for(browser, f"cta:{cta.pk}:button_label")
    original_label = label.get_attribute("value")
    click(browser, label)
    label.clear()
    label.send_keys("Hubungi kami melalui WhatsApp")
    assert "29 / 20 (WhatsApp button)" in label_row.text
    assert label_row.find_element(By.CSS_SELECTOR, ".tr-limit-error").is_displayed()
    save = browser.find_element(By.CSS_SELECTOR, "button.tr-save[value=save]")
    assert not save.is_enabled()
    label.clear()
    label.send_keys(original_label)
    assert save.is_enabled()


def check_stale(browser, site, article, paragraphs, changed):
    """The translator reloads: the text is stale, with the previous English and a diff."""
    browser.get(f"{site.url}/admin/translate/{article.pk}/ms/")
    wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".tr-editor")))
    row, textarea = row_for(browser, paragraphs[1].id)
    assert row.get_attribute("data-state") == "stale"
    assert "English changed" in row.text
    assert row.find_element(By.CSS_SELECTOR, ".tr-previous").text == "Drink plenty of water."
    assert row.find_element(By.CSS_SELECTOR, ".tr-text[lang=en]").text == changed
    # Struck through and underlined, and said in words for screen readers (not by colour alone).
    removed = [element.text.split() for element in row.find_elements(By.CSS_SELECTOR, ".tr-diff del")]
    added = [element.text.split() for element in row.find_elements(By.CSS_SELECTOR, ".tr-diff ins")]
    assert removed == []
    assert added == [["added:", "every", "day"]]
    assert textarea.get_attribute("value") == TRANSLATIONS[1]
    assert row_for(browser, paragraphs[0].id)[0].get_attribute("data-state") == "translated"
    # The Stale filter shows it.
    click(browser, browser.find_element(By.LINK_TEXT, "Stale"))
    wait(browser).until(expected_conditions.url_contains("show=stale"))
    states = {row.get_attribute("data-state") for row in browser.find_elements(By.CSS_SELECTOR, "li.tr-row")}
    assert states == {"stale"}


def check_only_malay_is_editable(browser):
    """Nothing here changes English or structure: Malay inputs and the two save buttons only."""
    form = browser.find_element(By.CSS_SELECTOR, "form.tr-form")
    names = {element.get_attribute("name") for element in form.find_elements(By.CSS_SELECTOR, "[name]")}
    assert not [name for name in names if name.endswith(("_en", "_zh_hans"))]
    # Malay texts (t), the English each was shown against (s), and "still correct" (ok).
    assert {name.split(":", 1)[0] for name in names} <= {"csrfmiddlewaretoken", "t", "s", "ok", "action"}
    for element in form.find_elements(By.CSS_SELECTOR, "textarea, input:not([type=hidden]):not([type=checkbox])"):
        assert element.get_attribute("lang") == "ms"
    for checkbox in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        assert checkbox.get_attribute("name").startswith("ok:")
    buttons = {button.text for button in form.find_elements(By.CSS_SELECTOR, "button") if button.is_displayed()}
    assert buttons <= {"Save draft", "Submit for review", "Use suggestion"} | {
        button.text for button in form.find_elements(By.CSS_SELECTOR, "button.tr-insert")
    }
    assert not browser.find_elements(By.CSS_SELECTOR, ".tr-editor [contenteditable=true], .tr-editor select")


def test_translator_translates_in_the_editor_and_then_sees_a_stale_text(site, browser, axe, translator):
    article = ArticlePage.objects.get(slug_en="how-immunotherapy-targets-cancer-cells")
    # An editor has added three paragraphs in English: not yet in Malay.
    editor = User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    publish_english(article, editor, add=NEW_ENGLISH)
    paragraphs = [s for s in translatable_segments(article, "ms") if s.source in NEW_ENGLISH]
    assert [segment.source for segment in paragraphs] == NEW_ENGLISH

    log_in(browser, site, translator.username)

    # Reports → Translation status, then the article's Malay editor.
    browser.get(f"{site.url}/admin/content/translations/?language=ms")
    link = wait(browser).until(
        expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, f"a[href='/admin/translate/{article.pk}/ms/']")
        )
    )
    click(browser, link)
    wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".tr-editor")))
    assert browser.current_url == f"{site.url}/admin/translate/{article.pk}/ms/"
    assert browser.find_element(By.CSS_SELECTOR, "progress#tr-progress-bar").get_attribute("max") == str(
        len(translatable_segments(article, "ms"))
    )

    # The English source beside each text.
    for segment in paragraphs:
        row, textarea = row_for(browser, segment.id)
        assert row.find_element(By.CSS_SELECTOR, ".tr-source .tr-text[lang=en]").text == segment.source
        assert textarea.get_attribute("lang") == "ms"
        assert textarea.is_displayed()

    check_keyboard_moves(browser, paragraphs)

    check_label_limit(browser)

    # The Missing filter finds the three new texts; they are translated and saved as a Malay draft.
    click(browser, browser.find_element(By.LINK_TEXT, "Missing"))
    wait(browser).until(expected_conditions.url_contains("show=missing"))
    missing = browser.find_elements(By.CSS_SELECTOR, "li.tr-row")
    assert [row.find_element(By.CSS_SELECTOR, ".tr-text").text for row in missing] == NEW_ENGLISH
    save = browser.find_element(By.CSS_SELECTOR, "button.tr-save[value=save]")
    for segment, text in zip(paragraphs, TRANSLATIONS, strict=True):
        _row, textarea = row_for(browser, segment.id)
        click(browser, textarea)
        textarea.clear()
        textarea.send_keys(text)
    click(browser, save)
    message = wait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messages .success"))
    )
    assert "Saved 3 Malay translations" in message.get_attribute("textContent")
    # Nothing is missing any more; all of them are there under "All".
    assert not browser.find_elements(By.CSS_SELECTOR, "li.tr-row")
    click(browser, browser.find_element(By.LINK_TEXT, "All"))
    wait(browser).until(expected_conditions.url_to_be(f"{site.url}/admin/translate/{article.pk}/ms/"))
    for segment, text in zip(paragraphs, TRANSLATIONS, strict=True):
        assert row_for(browser, segment.id)[1].get_attribute("value") == text
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    assert draft.title_en == article.title_en
    assert draft.body_en.get_prep_value() == article.body_en.get_prep_value()

    # An editor changes one of those English paragraphs and publishes.
    changed = "Drink plenty of water every day."
    publish_english(article, editor, change=(paragraphs[1].stream_path[0], f"<p>{changed}</p>"))

    check_stale(browser, site, article, paragraphs, changed)

    check_only_malay_is_editable(browser)

    # And it has no serious or critical accessibility violations (axe-core).
    browser.get(f"{site.url}/admin/translate/{article.pk}/ms/")
    assert axe() == []


def test_suggestions_and_placeholders_in_the_browser(site, browser, translator):
    """A memory suggestion fills a text only when the translator asks; a rich text's
    placeholder is checked as they type, refused by the server if still wrong, and put
    around the selected words by its button."""
    from content_pages.publishing.translations.apply import apply_translations

    article = ArticlePage.objects.get(slug_en="how-immunotherapy-targets-cancer-cells")
    editor = User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    publish_english(article, editor, add=["Drink plenty of water."])
    first = next(s for s in translatable_segments(article, "ms") if s.source == "Drink plenty of water.")
    apply_translations(article, "ms", {first.id: "Minum banyak air."}, user=editor)
    publish_english(article, editor, add=["Drink plenty of water.", "Ask <b>our nurses</b> first."])
    segments = translatable_segments(article, "ms")
    again = next(s for s in segments if s.source == "Drink plenty of water." and s.id != first.id)
    rich = next(s for s in segments if s.source == "Ask <b1>our nurses</b1> first.")

    log_in(browser, site, translator.username)
    browser.get(f"{site.url}/admin/translate/{article.pk}/ms/?show=missing")
    row, textarea = row_for(browser, again.id)
    assert textarea.get_attribute("value") == ""
    click(browser, row.find_element(By.CSS_SELECTOR, "button.tr-use"))
    assert textarea.get_attribute("value") == "Minum banyak air."
    # Ctrl+Enter: on to the next text.
    textarea.send_keys(Keys.CONTROL, Keys.ENTER)
    inputs = browser.find_elements(By.CSS_SELECTOR, "textarea.tr-input")
    assert browser.switch_to.active_element == inputs[inputs.index(textarea) + 1]

    rich_row, rich_input = row_for(browser, rich.id)
    assert [p.text for p in rich_row.find_elements(By.CSS_SELECTOR, ".tr-placeholder")] == ["<b1>", "</b1>"]
    click(browser, rich_input)
    rich_input.send_keys("Tanya jururawat kami dahulu.")
    assert rich_row.find_element(By.CSS_SELECTOR, ".tr-placeholder-error").is_displayed()
    click(browser, browser.find_element(By.CSS_SELECTOR, "button.tr-save[value=save]"))
    # The refused save comes back as a new page: read the rows only once it is there.
    wait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".tr-problems")))
    rich_row, rich_input = row_for(browser, rich.id)
    assert "<b1>" in rich_row.find_element(By.CSS_SELECTOR, ".tr-server-error").text
    assert "Nothing was saved" in browser.find_element(By.CSS_SELECTOR, ".tr-problems").text
    # The suggestion the translator took is still there to save.
    assert row_for(browser, again.id)[1].get_attribute("value") == "Minum banyak air."

    text = rich_input.get_attribute("value")
    start = text.index("jururawat kami")
    browser.execute_script(
        "arguments[0].setSelectionRange(arguments[1], arguments[2])", rich_input, start, start + len("jururawat kami")
    )
    click(browser, rich_row.find_element(By.CSS_SELECTOR, "button.tr-insert[data-name=b1]"))
    assert rich_input.get_attribute("value") == "Tanya <b1>jururawat kami</b1> dahulu."
    assert not rich_row.find_element(By.CSS_SELECTOR, ".tr-placeholder-error").is_displayed()
    click(browser, browser.find_element(By.CSS_SELECTOR, "button.tr-save[value=save]"))
    message = wait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messages .success"))
    )
    assert "Saved 2 Malay translations" in message.get_attribute("textContent")
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    block = next(child for child in draft.body_ms if child.id == rich.stream_path[0])
    assert block.value.source == "<p>Tanya <b>jururawat kami</b> dahulu.</p>"
