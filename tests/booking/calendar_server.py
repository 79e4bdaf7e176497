"""A calendar on loopback, as Google, Outlook or Apple serve a private iCalendar
address, with the faults they have: errors, slowness, rubbish."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CalendarServer:
    def __init__(self):
        self.body, self.status, self.delay = b"", 200, 0
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests += 1
                time.sleep(server.delay)
                self.send_response(server.status)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_port}/private/basic.ics"

    def serve(self, text):
        self.body, self.status = text.replace("\n", "\r\n").encode(), 200

    def __enter__(self):
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.http.shutdown()
        self.http.server_close()
