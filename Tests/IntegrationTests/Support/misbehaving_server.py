#!/usr/bin/env python3
"""A loopback HTTP server that misbehaves the way the adversarial review's proxies did.

    misbehaving_server.py html            every answer a 200 HTML page
    misbehaving_server.py trickle         a 200 whose body comes one byte every 2 s
    misbehaving_server.py redirect URL    every answer a 307 to URL + the request's path
    misbehaving_server.py count           every answer a 200 {} ; GET /_count says how many came

Prints `listening on http://127.0.0.1:PORT/v1` once it listens; binds loopback only.
"""
import http.server
import sys
import threading
import time

mode = sys.argv[1]
target = sys.argv[2] if len(sys.argv) > 2 else ""
received = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        global received
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/_count":
            return self.send_body(200, "application/json", str(received))
        with lock:
            received += 1
        if mode == "html":
            return self.send_body(200, "text/html", "<!doctype html><title>Sign in</title><p>Please sign in to the proxy.</p>")
        if mode == "redirect":
            self.send_response(307)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass
            return
        self.send_body(200, "application/json", "{}")

    def send_body(self, status, kind, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = answer


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(f"listening on http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
server.serve_forever()
