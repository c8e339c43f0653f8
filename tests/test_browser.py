"""The real thing: `streamlit run ui/app.py` driven by Debian's headless Chromium.

Playwright only drives /usr/bin/chromium (installed by `make browser-deps`); it never downloads
a browser. If Chromium is missing or cannot start, the test fails loudly: it never skips.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 90  # seconds until the server answers
ANSWER_TIMEOUT = 180_000  # ms: the first run loads and validates the graph
SOCIAL = "Which database for a social network where we query friends of friends?"


@dataclass
class App:
    url: str
    log: Path
    proc: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def app() -> Iterator[App]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = ARTIFACTS / "streamlit.log"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "ui/app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before answering:\n"
                    + log.read_text(errors="replace")
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer on {url} within {START_TIMEOUT}s:\n"
                    + log.read_text(errors="replace")
                )
            time.sleep(0.5)
        yield App(url=url, log=log, proc=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def test_headless_start_prints_the_url(app: App) -> None:
    # What `make run` shows: headless, no browser opened, and where to point one.
    port = app.url.rsplit(":", 1)[1]
    out = app.output()
    assert re.search(rf"URL: http://\S+:{port}\b", out), out


def test_ask_in_chromium_answers_neptune(app: App) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's chromium (`make browser-deps`, "
            "i.e. apt-get install chromium); this test never downloads a browser and never skips."
        )
    shot = ARTIFACTS / "ask_social_network.png"
    shot.unlink(missing_ok=True)  # never mistake an old screenshot for this run's
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=60_000
            )
        except PlaywrightError as exc:
            pytest.fail(f"Chromium at {CHROMIUM} could not start: {exc}")
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        try:
            page.goto(app.url + "/", wait_until="domcontentloaded", timeout=60_000)

            box = page.locator('[data-testid="stTextArea"] textarea')
            box.wait_for(state="visible", timeout=ANSWER_TIMEOUT)
            expect(page.get_by_text("Type a requirement above")).to_be_visible()
            box.fill(SOCIAL)
            box.press("Control+Enter")

            first = page.locator("h3", has_text=re.compile(r"^\s*1\.\s"))
            first.wait_for(state="visible", timeout=ANSWER_TIMEOUT)
            page.wait_for_timeout(500)  # let the remaining answers paint for the screenshot
            page.screenshot(path=str(shot), full_page=True)

            assert "Neptune" in first.inner_text(), first.inner_text()
            assert page.locator('[data-testid="stException"]').count() == 0
            # The question is in the URL, so the answer can be shared.
            assert "q=" in page.url, page.url
        except Exception:
            with contextlib.suppress(PlaywrightError):  # what the browser saw, for the post-mortem
                page.screenshot(path=str(ARTIFACTS / "ask_failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000, "the screenshot is empty"
