"""The dashboard in headless Chromium (Debian's `chromium`, installed by .ci/run), driven over the DevTools
protocol on loopback: open it on the seeds, filter by a party, open an event, check that Arabic evidence is
shown right-to-left with its names highlighted, and save a screenshot."""
import base64
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI must have Debian's chromium (.ci/run installs it)", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None or not SEEDS.is_dir(), reason="needs chromium and ../shared/seeds")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of the DevTools protocol: navigate, evaluate, screenshot."""

    def __init__(self, profile: Path):
        import websocket
        self.proc = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                      "--window-size=1280,900", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        for _ in range(200):
            if port_file.is_file() and port_file.read_text().strip():
                break
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        pages = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5).read())
        page = next(p for p in pages if p.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=20, suppress_origin=True)
        self.n = 0

    def call(self, method: str, **params):
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.n:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expr: str):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expr: str, timeout: float = 15.0):
        end = time.time() + timeout
        while time.time() < end:
            value = self.js(expr)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expr}")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn
    from sidelines.api import RunReport, extract_into_store
    from sidelines.ingest import read_documents, read_manifest
    from sidelines.pipeline import Pipeline
    from sidelines.serve.http import create_app
    from sidelines.settings import Settings
    from sidelines.store import Store
    db = tmp_path_factory.mktemp("dash") / "seeds.duckdb"
    with Store(db) as store:
        added = extract_into_store(read_documents([str(SEEDS)], read_manifest(SEEDS / "manifest.jsonl")),
                                   Pipeline(Settings()), store, RunReport())
    assert added.documents == 5 and added.events > 10
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_the_dashboard_filters_opens_an_event_and_shows_arabic_right_to_left(server, tmp_path):
    browser = Browser(tmp_path / "profile")
    try:
        browser.call("Page.enable")
        browser.call("Page.navigate", url=server + "/")
        total = browser.wait_for("document.querySelectorAll('#events tbody tr').length")
        assert total >= 10

        # filter by a party through the form, as a user would
        browser.js("document.querySelector('input[name=party]').value = 'SYR'; document.querySelector('#apply').click(); true")
        browser.wait_for("location.hash.includes('party=SYR') && document.querySelector('p.muted') && "
                         "/^\\d+ events$/.test(document.querySelector('p.muted').textContent)")
        rows = browser.js("[...document.querySelectorAll('#events tbody tr')].map(r => r.textContent)")
        assert 0 < len(rows) < total and all("SYR" in r for r in rows)

        # open a meeting reported in Arabic, by clicking its row
        listed = json.loads(urllib.request.urlopen(server + "/events?party=SYR&type=meeting", timeout=10).read())["items"]
        target = next(e["id"] for e in listed if any(v["lang"] == "ar" for v in e["evidence"]))
        browser.js(f"document.querySelector('#events tbody tr[data-id=\"{target}\"]').click(); true")
        browser.wait_for("document.querySelectorAll('p.evidence').length")
        ev = browser.js("""(() => { const p = document.querySelector('p.evidence[lang=ar]');
            return p && {dir: getComputedStyle(p).direction, align: getComputedStyle(p).textAlign, text: p.textContent,
                         names: [...p.querySelectorAll('mark.name')].map(m => m.textContent),
                         trigger: [...p.querySelectorAll('mark.trigger')].map(m => m.textContent)}; })()""")
        assert ev is not None, "no Arabic evidence on the event page"
        assert ev["dir"] == "rtl" and ev["align"] in ("right", "start")
        assert any("\u0600" <= ch <= "\u06ff" for ch in ev["text"])
        assert ev["names"] and ev["trigger"]

        shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
        out = Path(os.environ.get("SIDELINES_ARTIFACTS") or tmp_path)
        out.mkdir(parents=True, exist_ok=True)
        (out / "dashboard-event.png").write_bytes(shot)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000

        # the actor page and the map render from the same store
        browser.call("Page.navigate", url=server + "/#/map")
        browser.wait_for("document.querySelectorAll('#map circle').length")
        browser.call("Page.navigate", url=server + "/#/actor/abbas-araghchi")
        browser.wait_for("document.querySelectorAll('#ego circle').length > 1 && document.querySelectorAll('#timeline tbody tr').length")
    finally:
        browser.close()
