"""Fixtures for the notification tests: a real local SMTP server (aiosmtpd), a local robot webhook server
(http.server in a thread), and inbox sources registered by the test itself."""
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from gonghui.core import inbox
from gonghui.core.capabilities import APPROVE_SPENDING, CARE
from gonghui.members.models import Member

from .conftest import IDS


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                              "data": envelope.original_content or envelope.content})
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    collector = _Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "gonghui@example.test"
    collector.port = port
    try:
        yield collector
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a local port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@dataclass
class RobotServer:
    url: str = ""
    requests: list = field(default_factory=list)
    status: int = 200
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})

    def hook(self, path):
        return f"{self.url}{path}"


@pytest.fixture
def robot_server(settings):
    """A local HTTP server standing in for WeCom's and DingTalk's robot endpoints; records every request."""
    state = RobotServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = urlsplit(self.path)
            state.requests.append({"path": parts.path, "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                                   "body": json.loads(raw.decode()), "content_type": self.headers["Content-Type"]})
            payload = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.GONGHUI_NOTIFY_WEBHOOK_HOSTS = ("127.0.0.1",)
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _members(user, today):
    return Member.objects.visible_to(user).order_by("pk")


@pytest.fixture
def sources():
    """Three sources for the test: vouchers for approvers, hardship cases for care officers (titles with an
    ID number, a mobile and an amount, which must never leave), and a ballot source for members."""
    made = [
        inbox.Source(key="test.vouchers", label="待审批凭证", capability=APPROVE_SPENDING, rows=_members,
                     item=lambda m: inbox.Item(title=f"凭证 {m.name}", url=f"/members/{m.pk}/", detail="1234.00元")),
        inbox.Source(key="care.test_hardship", label="困难帮扶待复核", capability=CARE, rows=_members,
                     item=lambda m: inbox.Item(title=f"困难帮扶 {m.name} {IDS['zhang']} 13812345678 补助2000.00元",
                                               url=f"/care/hardship/{m.pk}/")),
        inbox.Source(key="test.ballot", label="投票进行中", capability=inbox.MEMBER,
                     rows=lambda user, today: Member.objects.filter(user=user),
                     item=lambda m: inbox.Item(title="选举投票", url="/elections/"), extra={"ballot": True}),
        inbox.Source(key="test.silent", label="不外发", capability=APPROVE_SPENDING, rows=_members,
                     item=lambda m: inbox.Item(title=f"内部 {m.name}", url="/"), notify=False),
    ]
    # The apps' own sources are set aside: these tests count exactly what the test registers.
    inbox.autodiscover()
    kept = dict(inbox._REGISTRY)
    inbox._REGISTRY.clear()
    for source in made:
        inbox.register(source)
    try:
        yield {s.key: s for s in made}
    finally:
        inbox._REGISTRY.clear()
        inbox._REGISTRY.update(kept)
