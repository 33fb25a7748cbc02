"""PLACEHOLDER for the SCIP orchestration service (generated for the chart, not from the document): it
listens on port 8001, the port docker-compose.yml publishes, and answers GET /health, so the image
builds and starts. The real service (team dashboards, see ../README.md) is the project's: replace
this folder with it."""
import argparse
import json
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ok = self.path == "/health"
        body = json.dumps({"status": "ok"} if ok else {"error": "not found"}).encode()
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description="SCIP orchestration (placeholder)")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO)
    logging.info("placeholder orchestration service listening on 0.0.0.0:8001")
    ThreadingHTTPServer(("0.0.0.0", 8001), Handler).serve_forever()


if __name__ == "__main__":
    main()
