"""A Malay reader in a real headless Chromium fills in the enquiry form on the article, to
the GOV.UK/NHS pattern: a refused send puts focus on an error summary that links to each
field, a corrected one is stored once and redirects to the thank-you page in Malay, and
reloading that page sends nothing again. The form carries no CSRF token; the same form
posted from another site's page is refused by the browser's own origin headers."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from content_pages.models import EnquiryFormPage, EnquirySubmission
from tests.browser.conftest import AXE, BROWSER_MARKS

pytestmark = BROWSER_MARKS

ARTICLE = "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"
FORM_PAGE_EN = "/en/liquid-biopsy-enquiry/"


def fill_and_send(browser, contact, *, consent=True):
    form = browser.find_element(By.CSS_SELECTOR, "form.enquiry")
    name = form.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("Siti Aminah")
    field = form.find_element(By.NAME, "phone_or_email")
    field.clear()
    field.send_keys(contact)
    for checkbox in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        wanted = consent or checkbox.get_attribute("name") != "i_agree_to_be_contacted_about_my_enquiry"
        if checkbox.is_selected() != wanted:
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", checkbox)
            checkbox.click()
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def focused(browser):
    return browser.execute_script("return document.activeElement")


def axe_violations(browser, selector):
    """Every axe-core violation, whatever its impact, inside ``selector``."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    results = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document.querySelector(arguments[0]), {resultTypes: ['violations']})"
        ".then(done, e => done({error: String(e)}));",
        selector,
    )
    assert "error" not in results, results
    return [
        (violation["id"], [node["html"][:120] for node in violation["nodes"]]) for violation in results["violations"]
    ]


def box(browser, element):
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", element
    )


def test_reader_corrects_the_form_and_a_reload_sends_nothing_again(site, browser):
    form_page = EnquiryFormPage.objects.get()
    browser.get(f"{site.url}{ARTICLE}")
    form = browser.find_element(By.CSS_SELECTOR, "form.enquiry")
    # Targets of at least 24x24 CSS px (WCAG 2.2, 2.5.8).
    for checkbox in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        width, height = box(browser, checkbox)
        assert width >= 24, (checkbox.get_attribute("id"), width, height)
        assert height >= 24, (checkbox.get_attribute("id"), width, height)
    assert "Kami menggunakan butiran anda" in form.find_element(By.CSS_SELECTOR, ".privacy-notice").text

    fill_and_send(browser, "12345", consent=False)
    summary = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".error-summary"))
    )
    # The browser moved focus to the summary: a screen reader starts reading there.
    assert focused(browser).get_attribute("id") == f"enquiry-errors-{form_page.pk}"
    assert summary.find_element(By.TAG_NAME, "h2").text == "Terdapat masalah"
    links = summary.find_elements(By.TAG_NAME, "a")
    assert [link.get_attribute("hash") for link in links] == [
        "#id_phone_or_email",
        "#id_i_agree_to_be_contacted_about_my_enquiry",
    ]
    assert "Masukkan alamat e-mel atau nombor telefon yang sah." in links[0].text
    for link in links:
        width, height = box(browser, link)
        assert height >= 24, (link.text, height)
    phone = browser.find_element(By.ID, "id_phone_or_email")
    assert phone.get_attribute("aria-invalid") == "true"
    assert "id_phone_or_email_error" in phone.get_attribute("aria-describedby").split()
    # Visible: the field's group is marked with a red bar, its input with a red border.
    group = browser.find_element(By.CSS_SELECTOR, ".field--phone_or_email")
    assert group.value_of_css_property("border-left-color") == "rgba(160, 25, 25, 1)"
    assert phone.value_of_css_property("border-top-color") == "rgba(160, 25, 25, 1)"
    # From the summary, the keyboard reaches its first link; following it focuses the field.
    focused(browser).send_keys(Keys.TAB)
    assert focused(browser).get_attribute("hash") == "#id_phone_or_email"
    focused(browser).send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda driver: focused(driver).get_attribute("id") == "id_phone_or_email")
    assert EnquirySubmission.objects.count() == 0
    assert axe_violations(browser, "form.enquiry") == []

    fill_and_send(browser, "012-345 6789")
    WebDriverWait(browser, 15).until(expected_conditions.url_contains("/terima-kasih/"))
    thanks_url = browser.current_url
    assert thanks_url.startswith(f"{site.url}/ms/pertanyaan-biopsi-cecair/terima-kasih/")
    WebDriverWait(browser, 5).until(lambda driver: focused(driver).get_attribute("id") == "thanks")
    assert "Terima kasih" in browser.find_element(By.ID, "thanks").text
    assert EnquirySubmission.objects.count() == 1
    assert axe_violations(browser, "main") == []

    browser.refresh()
    WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.ID, "thanks")))
    assert browser.current_url == thanks_url
    assert EnquirySubmission.objects.count() == 1

    back = browser.find_element(By.PARTIAL_LINK_TEXT, "Kembali ke artikel")
    assert box(browser, back)[1] >= 24
    back.click()
    WebDriverWait(browser, 15).until(expected_conditions.url_to_be(f"{site.url}{ARTICLE}"))


def test_the_form_page_focuses_its_summary_too(site, browser):
    browser.get(f"{site.url}{FORM_PAGE_EN}")
    browser.find_element(By.CSS_SELECTOR, "form.enquiry button[type=submit]").click()
    summary = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".error-summary"))
    )
    assert focused(browser) == summary
    assert [link.get_attribute("hash") for link in summary.find_elements(By.TAG_NAME, "a")] == [
        "#id_name",
        "#id_phone_or_email",
        "#id_i_agree_to_be_contacted_about_my_enquiry",
    ]
    assert EnquirySubmission.objects.count() == 0


@pytest.fixture
def other_site(site):
    """Another website, on loopback (127.0.0.1, where the CMS is on localhost: another site
    to the browser), whose page holds a copy of the enquiry form posting to the article."""
    article = f"{site.url}{ARTICLE}"
    form_page_id = EnquiryFormPage.objects.get().pk
    page = (
        f'<!DOCTYPE html><html lang="en"><title>Prize draw</title><form method="post" action="{article}">'
        f'<input type="hidden" name="enquiry_form_page" value="{form_page_id}">'
        '<input name="name" value="Siti Aminah"><input name="phone_or_email" value="012-345 6789">'
        '<input type="hidden" name="i_agree_to_be_contacted_about_my_enquiry" value="on">'
        '<button type="submit">Win</button></form></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_form_posted_from_another_site_is_refused(site, browser, other_site):
    assert "localhost" in site.url
    # The reader's own page first: the form has no token, and the page set no cookie.
    browser.get(f"{site.url}{ARTICLE}")
    form = browser.find_element(By.CSS_SELECTOR, "form.enquiry")
    assert form.find_elements(By.NAME, "csrfmiddlewaretoken") == []
    assert browser.get_cookies() == []

    browser.get(other_site)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    heading = WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == "Borang ini dihantar dari laman web lain"  # in the article's language
    assert browser.current_url == f"{site.url}{ARTICLE}"
    assert EnquirySubmission.objects.count() == 0
