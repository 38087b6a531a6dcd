"""The optional summary rewriter against a fake OpenAI-compatible server on 127.0.0.1: a faithful
rewrite is kept, one that invents a number or a name is refused, and a dead endpoint changes nothing."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.compare.entail import EvidenceJudge
from newsprism.compare.rewrite import rewrite_summary
from newsprism.records import Span, SummarySentence

SOURCE = "Russia denies it is planning an attack"
SENTENCES = [
    SummarySentence("Russia denies it is planning an attack.", (Span("r", 0, len(SOURCE), SOURCE),), "f1"),
    SummarySentence("Russia denied the accusation.", (Span("x", 0, len(SOURCE), SOURCE),), "f2"),
    SummarySentence("Russia denies it.", (Span("x", 0, len(SOURCE), SOURCE),), "f3"),
]
REPLIES = [
    "Russia says it is not planning an attack.",  # faithful
    "Russia denied planning an attack with 100,000 troops.",  # invents a number
    "Putin denies it is planning an attack.",  # invents a name
]


class FakeChat(BaseHTTPRequestHandler):
    calls: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeChat.calls.append(body)
        reply = REPLIES[(len(FakeChat.calls) - 1) % len(REPLIES)]
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeChat)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    FakeChat.calls = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_only_supported_rewrites_are_kept(server):
    rewritten, notes = rewrite_summary(SENTENCES, EvidenceJudge(), url=server, model="fake", timeout=5)
    assert [s.text for s in rewritten] == [REPLIES[0], SENTENCES[1].text, SENTENCES[2].text]
    assert [s.citations for s in rewritten] == [s.citations for s in SENTENCES]
    assert len(notes) == 2 and all("not supported" in n for n in notes)
    assert FakeChat.calls[0]["model"] == "fake" and SOURCE in FakeChat.calls[0]["messages"][1]["content"]


def test_a_dead_endpoint_keeps_the_extractive_summary():
    rewritten, notes = rewrite_summary(
        SENTENCES[:1], EvidenceJudge(), url="http://127.0.0.1:9/v1", model="m", timeout=2
    )
    assert rewritten == SENTENCES[:1]
    assert "kept as extracted" in notes[0]
