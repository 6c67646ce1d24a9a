"""Webhooks go to public addresses only: refused at entry (function, command, admin) and
again at send time, with the host resolved once and the connection made to that address."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from content_pages.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.publishing.webhooks.delivery import deliver_due, fan_out
from content_pages.publishing.webhooks.subscriptions import add_subscription

pytestmark = pytest.mark.django_db

INTERNAL = [
    "https://10.0.0.5/hook",
    "https://172.16.3.4/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.100.100.200/",  # shared address space (a cloud's metadata service)
    "https://127.0.0.1/hook",
    "https://127.8.9.10:8443/hook",
    "http://127.0.0.1:8080/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://[fc00::1]/hook",
    "https://[fd00:ec2::254]/",
    "https://[fe80::1]/hook",
    "https://0.0.0.0/hook",
    "https://[::]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:169.254.169.254]/",
    "https://[::ffff:a00:5]/hook",  # 10.0.0.5, mapped, in hexadecimal
    "https://[2002:a00:5::]/hook",  # 6to4 for 10.0.0.5
    "https://2130706433/hook",  # 127.0.0.1 in decimal
    "https://0177.0.0.1/hook",  # in octal
    "https://0x7f.1/hook",  # in hexadecimal, shortened
    "https://127.1/hook",
    "https://224.0.0.1/hook",
    "https://240.0.0.1/hook",
]


@pytest.fixture
def private_refused(settings):
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = False
    return settings


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused_at_entry(private_refused, url):
    with pytest.raises(ValidationError) as raised:
        add_subscription(url, [])
    (message,) = raised.value.message_dict["url"]
    assert "non-public address" in message
    assert "CMS_WEBHOOK_ALLOW_PRIVATE" in message
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.215.14/hook",
        "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook",
        "https://receiver.example.org/hook",  # not in DNS (yet): send time checks it again
    ],
)
def test_public_addresses_and_names_not_yet_resolvable_are_accepted(private_refused, url):
    subscription, _secret = add_subscription(url, [])
    assert subscription.url == url


def test_the_command_refuses_an_internal_address(private_refused):
    with pytest.raises(CommandError, match=r"169\.254\.169\.254"):
        call_command("webhooks", "add", "--url", "https://169.254.169.254/", stdout=io.StringIO())
    assert not WebhookSubscription.objects.exists()


def test_the_admin_form_refuses_an_internal_address(private_refused, admin_client):
    response = admin_client.post(
        reverse("webhooksubscription:add"), {"name": "metadata", "url": "https://[::ffff:10.0.0.5]/hook"}
    )
    assert response.status_code == 200
    assert "non-public address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_allowing_private_addresses_accepts_them(settings):
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = True
    subscription, _secret = add_subscription("http://127.0.0.1:8080/hook", [])
    assert subscription.pk


def test_an_address_that_became_internal_is_refused_at_send_time(receiver, make_event, settings):
    """Accepted while allowed (or while the name pointed elsewhere), refused when sending."""
    server, url = receiver
    add_subscription(url, [])
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = False
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    attempt = WebhookAttempt.objects.get()
    assert attempt.error == "Refused address: the host resolves to a non-public address"
    assert attempt.status_code is None
    assert not attempt.succeeded
    assert server.log == []  # nothing was sent
    # Kept for a retry like any failed attempt, never dropped.
    assert WebhookDelivery.objects.get().status == WebhookDelivery.PENDING


def test_delivery_connects_to_the_resolved_address_with_the_urls_host(httpserver, make_event):
    """Real DNS for 'localhost': the connection goes to the address it resolved to, and the
    receiver still sees the URL's host (virtual hosting and TLS certificates depend on it)."""
    httpserver.expect_request("/hook", method="POST", query_string="a=1").respond_with_data("ok")
    url = f"http://localhost:{httpserver.port}/hook?a=1"
    add_subscription(url, [])
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    httpserver.check_assertions()
    ((request, _response),) = httpserver.log
    assert request.headers["Host"] == f"localhost:{httpserver.port}"
    assert WebhookAttempt.objects.get().succeeded


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://no-such-receiver.invalid/hook", "DNS failure: the host name did not resolve"),
        ("http://127.0.0.1:9/hook", "Connection refused: nothing accepted the connection"),
    ],
)
def test_a_failed_attempt_records_a_category_not_the_sockets_message(make_event, url, expected):
    add_subscription(url, [])
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    error = WebhookAttempt.objects.get().error
    assert error == expected
    assert "Errno" not in error
    assert "no-such-receiver" not in error


def test_an_http_status_is_its_own_category(receiver, make_event):
    server, url = receiver
    server.expect_request("/hook").respond_with_data("secret internal detail", status=502)
    add_subscription(url, [])
    fan_out(make_event())
    deliver_due(limit=1)
    assert WebhookAttempt.objects.get().error == "HTTP 502"


@pytest.fixture
def tls_receiver(tmp_path):
    """A real HTTPS receiver on loopback with a self-signed certificate for 'localhost',
    recording the server name each client asks for (SNI)."""
    import datetime
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pytest_httpserver import HTTPServer

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    names = []
    context.sni_callback = lambda _socket, server_name, _context: names.append(server_name)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request("/hook").respond_with_data("ok")
    server.start()
    yield server, names
    server.clear()
    if server.is_running():
        server.stop()


def test_tls_names_the_urls_host_and_an_untrusted_certificate_is_a_tls_error(tls_receiver, make_event):
    """Connected to the address 'localhost' resolved to, the handshake still asks for
    'localhost' (SNI) and checks the certificate against it: self-signed, it is refused."""
    server, names = tls_receiver
    add_subscription(f"https://localhost:{server.port}/hook", [])
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    assert names
    assert set(names) == {"localhost"}
    attempt = WebhookAttempt.objects.get()
    assert attempt.error == "TLS error: the receiver's certificate or TLS set-up was refused"
    assert server.log == []  # nothing was sent over a connection that was not trusted
