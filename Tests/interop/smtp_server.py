"""A real SMTP server (aiosmtpd) for the email channel's tests (Tests/TrustMonitorAlertsTests/EmailChannelTests).

Usage: smtp_server.py OUT_FILE [--cert PEM --key PEM] [--user NAME --password SECRET]

Listens on 127.0.0.1 on a port the kernel picks and prints `PORT <n>` (flushed) once it accepts connections.
With --cert/--key it offers STARTTLS and requires it before MAIL; with --user it requires AUTH (PLAIN or LOGIN,
only over TLS unless no certificate was given). Every accepted message is appended to OUT_FILE as one JSON line:
{"mail_from", "rcpt_tos", "data", "tls", "auth_user"}.

Recipients decide the answer, so one server covers the refusals: `refused@...` gets 550 at RCPT (permanent),
`busy@...` gets 451 (transient). The server runs until stdin closes or it is killed.
"""

import argparse
import asyncio
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class RecordingHandler:
    def __init__(self, out_file):
        self.out_file = out_file

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local == "refused":
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local == "busy":
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", "replace"),
            "tls": session.ssl is not None,
            "auth_user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        with open(self.out_file, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 2.0.0 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == user and auth_data.password.decode() == password)
        # handled=False: aiosmtpd itself answers a failure (535), as a real server would.
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_file")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    tls_context = None
    if args.cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)
    handler = RecordingHandler(args.out_file)
    auth = authenticator(args.user, args.password) if args.user else None

    def factory():
        return SMTP(handler, hostname="smtp.test", tls_context=tls_context, require_starttls=tls_context is not None,
                    authenticator=auth, auth_required=auth is not None,
                    auth_require_tls=tls_context is not None, timeout=30)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host="127.0.0.1", port=0)
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    # Ends when the test closes our stdin (or kills us).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
