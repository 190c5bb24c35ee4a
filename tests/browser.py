"""Headless Chromium from the system's package, driven through the DevTools protocol: the
live preview's loop and the HTML's layout are checked in a real browser."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest


def wait_for(check: Callable[[], bool], seconds: float) -> bool:
    """True as soon as ``check()`` is; False after ``seconds`` (every wait is bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


class Chromium:
    """Headless Chromium from the system's package, driven through the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if binary is None:
            pytest.skip("Chromium is installed by make test (apt-get install chromium)")
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = profile / "DevToolsActivePort"
        if not wait_for(lambda: port_file.exists() and port_file.read_text().strip(), 30):
            self.close()
            raise AssertionError("Chromium did not start its DevTools server within 30 s")
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            target = next(t for t in json.load(r) if t["type"] == "page")
        from websockets.sync.client import connect

        self.stack = contextlib.ExitStack()
        self.socket = self.stack.enter_context(
            connect(target["webSocketDebuggerUrl"], max_size=50_000_000)
        )
        self.counter = 0

    def call(self, method: str, **params: object) -> dict:
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == self.counter:
                assert "error" not in message, message
                return message.get("result", {})
        raise AssertionError(f"no answer to {method} within 30 s")

    def text(self) -> str:
        result = self.call(
            "Runtime.evaluate", expression="document.body ? document.body.innerText : ''"
        )
        return str(result["result"].get("value", ""))

    def marked(self) -> int:
        result = self.call("Runtime.evaluate", expression="window.briefgenMark || 0")
        return int(result["result"].get("value", 0))

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression in the page (JSON-serialisable values)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def open(self, url: str, *, width: int = 1000, height: int = 800) -> None:
        """Load ``url`` in a window of ``width`` × ``height`` CSS pixels and wait for it."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        self.call("Page.navigate", url=url)
        loaded = wait_for(lambda: self.evaluate("document.readyState") == "complete", 30)
        assert loaded, f"{url} did not load within 30 s"

    def close(self) -> None:
        if hasattr(self, "stack"):
            self.stack.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
