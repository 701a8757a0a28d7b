"""Shared test fakes: FakeLLM (a real LLMPort subclass) and a fake OpenAI-compatible HTTP server.

FakeLLM takes replies through ``enqueue([...])`` and records every call in ``history``.
FakeOpenAIServer is a tiny threaded ``http.server`` on 127.0.0.1 (free port) implementing
``POST /v1/chat/completions`` as JSON or SSE (``data: {...}\\n\\n`` chunks, ``data: [DONE]``), with a queue
of scripted replies or faults and a request log.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

from assistant.drafting.llm import LLMPort, Message


class FakeLLM(LLMPort):
    """A scripted LLM port: replies are popped in order; each call is recorded."""

    name = "fake"
    can_stream = True
    is_offline = False

    def __init__(self, settings=None, replies: list[str] | None = None) -> None:
        super().__init__()
        self.replies: list[str] = list(replies or [])
        self.history: list[list[Message]] = []

    @property
    def model(self) -> str:
        return "fake-model"

    def enqueue(self, replies: list[str]) -> "FakeLLM":
        self.replies.extend(replies)
        return self

    def generate(self, messages: list[Message], *, stream: bool = False) -> str | Iterator[str]:
        self.calls += 1
        self.history.append(list(messages))
        if not self.replies:
            raise AssertionError("FakeLLM: no reply enqueued")
        reply = self.replies.pop(0)
        if stream:
            return iter([reply[i : i + 20] for i in range(0, len(reply), 20)])
        return reply


# ---------------------------------------------------------------- fake OpenAI-compatible server


@dataclass
class Reply:
    """One scripted server response.

    kind: 'text' (normal), 'status' (HTTP error with ``status``), 'sleep' (delay ``delay`` s then answer
    ``text``), 'malformed' (200 with a non-JSON body), 'empty' (200 with empty content),
    'cut' (SSE stream that stops after ``cut_after`` chunks without [DONE]).
    """

    kind: str = "text"
    text: str = ""
    status: int = 200
    delay: float = 0.0
    cut_after: int = 1


@dataclass
class ServerState:
    queue: list[Reply] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    raw_log: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _completion(text: str, model: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(text: str | None, model: str, finish: str | None = None) -> bytes:
    delta = {} if text is None else {"content": text}
    payload = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def _make_handler(state: ServerState):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            with state.lock:
                state.raw_log.append(raw)
                try:
                    body = json.loads(raw)
                except json.JSONDecodeError:
                    body = {}
                state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                reply = state.queue.pop(0) if state.queue else Reply("status", status=500, text="no reply scripted")
            if not self.path.endswith("/chat/completions"):
                self._send(404, b'{"error":{"message":"not found"}}')
                return
            model = body.get("model", "fake")
            if reply.kind == "sleep":
                time.sleep(reply.delay)
            if reply.kind == "status":
                err = json.dumps({"error": {"message": reply.text or "error", "type": "fake", "code": reply.status}})
                self._send(reply.status, err.encode())
                return
            if reply.kind == "malformed":
                self._send(200, b"{this is not json")
                return
            text = "" if reply.kind == "empty" else reply.text
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [text[i : i + 8] for i in range(0, len(text), 8)] or [""]
                for n, piece in enumerate(pieces):
                    if reply.kind == "cut" and n >= reply.cut_after:
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    self.wfile.write(_chunk(piece, model))
                    self.wfile.flush()
                self.wfile.write(_chunk(None, model, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True
                return
            self._send(200, json.dumps(_completion(text, model), ensure_ascii=False).encode())

    return Handler


class FakeOpenAIServer:
    """``with FakeOpenAIServer() as srv: srv.enqueue(Reply(text=...)); settings(openai_base_url=srv.base_url)``."""

    def __init__(self) -> None:
        self.state = ServerState()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self.state))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(self, *replies: Reply | str) -> "FakeOpenAIServer":
        with self.state.lock:
            self.state.queue.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)
        return self

    @property
    def requests(self) -> list[dict]:
        return self.state.requests

    @property
    def log_text(self) -> str:
        return "\n".join(self.state.raw_log)

    def __enter__(self) -> "FakeOpenAIServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
