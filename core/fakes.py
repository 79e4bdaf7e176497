"""What the stand-ins for outside services (Mollie, a mail provider) share: an
HTTP server on loopback, for the tests and for `make run`, with the faults the
real ones have. Answers can fail (`fail_next(n, status)`) or come too late, after
the work is done (`stall_next(n, seconds)`); webhooks can be dropped, repeated or
delayed (`webhooks = "deliver" | "drop" | "duplicate"`, `webhook_delay`)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import Request, urlopen


class LoopbackFake:
    def __init__(self, address=("127.0.0.1", 0)):
        self.calls = []  # (method, path) of every API call, for tests
        self.webhooks, self.webhook_delay = "deliver", 0.0
        self.webhooks_sent = []  # (what, the site's HTTP status or None)
        self._failures, self._stalls = [], []
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(address, self.handler_class())
        self.server.daemon_threads = True
        self.thread = None

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # Faults

    def fail_next(self, count=1, status=500):
        self._failures += [status] * count

    def stall_next(self, count=1, seconds=3.0):
        """The next calls are answered only after `seconds` (and done before)."""
        self._stalls += [seconds] * count

    def next_faults(self):
        """(status to fail with or None, seconds to stall or None) of this call:
        the failures come first, then the stalls."""
        with self.lock:
            if self._failures:
                return self._failures.pop(0), None
            return None, self._stalls.pop(0) if self._stalls else None

    # Webhooks

    def send_webhook(self, url, what, request):
        """Post `request` (a urllib Request) to the site as the faults say."""
        if not url or self.webhooks == "drop":
            return
        times = 2 if self.webhooks == "duplicate" else 1

        def deliver():
            time.sleep(self.webhook_delay)
            for _ in range(times):
                self.post_webhook(what, request)

        threading.Thread(target=deliver, daemon=True).start()

    def post_webhook(self, what, request):
        for attempt in range(3):  # providers try again when the site fails
            try:
                with urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
                    self.webhooks_sent.append((what, response.status))
                    return
            except OSError:
                time.sleep(0.2 * (attempt + 1))
        self.webhooks_sent.append((what, None))

    # The server side

    def route(self, handler, method, path):
        """Answer one request (override)."""
        handler.reply(404, b"Not found", "text/plain")

    def handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            @property
            def base(self):
                return f"http://{self.headers.get('Host', '127.0.0.1')}"

            def body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def data(self):
                """The JSON the request carries ({} without a body)."""
                raw = self.body()
                return json.loads(raw) if raw else {}

            def do_GET(self):
                fake.route(self, "GET", self.path)

            def do_POST(self):
                fake.route(self, "POST", self.path)

            def json(self, status, body, content_type="application/json"):
                self.reply(status, json.dumps(body).encode(), content_type)

            def reply(self, status, content, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

        return Handler


def json_request(url, body, headers=()):
    request = Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    for name, value in headers:
        request.add_header(name, value)
    return request
