"""A local SMTP server for the tests that need the node's e-mail: Debian's
python3-aiosmtpd (installed by `make test`, TEST_DEB_PKGS), on 127.0.0.1
on a free port, started and stopped by the test.

    from mailsink import SMTPServer
    with SMTPServer() as smtp:
        ...   # [mail] relay = smtp.url
        msg = smtp.wait_for("anna@example.se")   # bounded wait

Messages are kept in memory as email.message.EmailMessage objects with the
envelope beside them. refuse(addr) makes the server answer 550 to that
recipient, to test a relay that does not take a message.
"""
import email
import email.policy
import threading
import time

from aiosmtpd.controller import Controller

from harness import free_port


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.server.refused:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content,
                                       policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(
                {"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                 "raw": envelope.content, "msg": msg})
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.refused = set()
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1",
                                     port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def refuse(self, address):
        self.refused.add(address.lower())

    def to(self, address):
        with self.lock:
            return [m for m in self.messages
                    if address.lower() in (t.lower() for t in m["to"])]

    def wait_for(self, address, count=1, timeout=20):
        """The count-th message to address; raises after timeout."""
        end = time.time() + timeout
        while time.time() < end:
            got = self.to(address)
            if len(got) >= count:
                return got[count - 1]
            time.sleep(0.05)
        raise AssertionError(f"no message #{count} to {address} within "
                             f"{timeout}s: {len(self.to(address))} came")
