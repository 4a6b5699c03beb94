"""A reader re-runs a chapter in JupyterLab: the real client path, over HTTP and a websocket.

The project's Jupyter server (``jupyter lab`` from the venv, on 127.0.0.1, a token, a free port)
serves a copy of a short chapter from a temporary folder. As JupyterLab does, the test reads the
notebook through the contents API, starts a kernel through the sessions API, runs every code
cell over the kernel's websocket channel and saves the notebook back through the contents API
with the fresh outputs, the kernel's display name and the kernel's language_info. Then:

- every fresh output equals the committed one (text/plain, text/html, image/png and every other
  mime type, streams and errors), after the sanitizing that nbval applies
  (``nbval_sanitize.cfg``);
- the saved file is still fresh for ``tools/run_notebooks.py`` (its code digest is unchanged),
  and once normalised (``run_notebooks.normalise``: JupyterLab's kernel display name and Python
  version replaced by the book's one form) it is the committed file, sanitized outputs aside.

The committed notebook is never modified; the server is stopped in any case.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
import websocket  # websocket-client, a dependency of jupyter_server

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import run_notebooks as rn

pytestmark = pytest.mark.slow

CHAPTER = next(iter(sorted((ROOT / "notebooks").glob("*_china.ipynb"))), None)
"""A short chapter (seven code cells: glue, a table, a figure), whatever its number."""
COMPARED = ("output_type", "name", "text", "data", "ename", "evalue", "execution_count")
TIMEOUT = 300


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "nbval_sanitize.cfg", encoding="utf-8")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


SANITIZERS = _sanitizers()


def _sanitize(value):
    if isinstance(value, str):
        for pattern, replace in SANITIZERS:
            value = pattern.sub(replace, value)
        return value
    if isinstance(value, list):
        return [_sanitize(v) for v in value]
    if isinstance(value, dict):
        return {k: _sanitize(v) for k, v in value.items()}
    return value


def _comparable(outputs: list) -> list[dict]:
    """The outputs as nbval compares them: no metadata, text joined, sanitized."""
    return [_sanitize({k: o[k] for k in COMPARED if k in o}) for o in outputs]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A ``jupyter lab`` server from the venv, serving ``root``, reached over its REST API."""

    def __init__(self, root: Path, home: Path) -> None:
        self.port, self.token = _free_port(), uuid.uuid4().hex
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [
            str(Path(sys.executable).with_name("jupyter-lab")),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={self.token}",
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(home / "runtime"))
        env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"))
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        self.log = (home / "server.log").open("w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        req = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read() or b"null")

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {self.proc.returncode}")
            try:
                self.request("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        raise TimeoutError("jupyter lab did not answer within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Kernel:
    """A kernel's websocket channel, spoken as JupyterLab speaks it (JSON messages)."""

    def __init__(self, server: Server, kernel_id: str) -> None:
        self.session = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(
            f"{url}?session_id={self.session}",
            header=[f"Authorization: token {server.token}"],
            timeout=TIMEOUT,
        )

    def request(self, msg_type: str, content: dict) -> tuple[dict, list[dict]]:
        """Send a shell request; return its reply and the iopub messages it caused."""
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "test",
            "version": "5.3",
            "date": "",
        }
        self.ws.send(
            json.dumps(
                {
                    "header": header,
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        reply, iopub, idle = None, [], False
        deadline = time.monotonic() + TIMEOUT
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply to {msg_type} within {TIMEOUT} s")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if msg["channel"] == "shell":
                reply = msg
            elif kind == "status":
                idle = msg["content"]["execution_state"] == "idle"
            elif msg["channel"] == "iopub":
                iopub.append(msg)
        return reply, iopub

    def execute(self, code: str) -> tuple[int | None, list]:
        """Run ``code``; its execution count and outputs, as JupyterLab stores them."""
        content = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        reply, iopub = self.request("execute_request", content)
        outputs: list = []
        for msg in iopub:
            kind = msg["header"]["msg_type"]
            if kind == "clear_output":
                outputs = []
            elif kind in ("stream", "display_data", "execute_result", "error"):
                out = nbformat.v4.output_from_msg(msg)
                last = outputs[-1] if outputs else None
                if kind == "stream" and last and last.get("name") == out.name:
                    last.text += out.text  # consecutive stream text is one output
                else:
                    outputs.append(out)
        return reply["content"].get("execution_count"), outputs

    def close(self) -> None:
        self.ws.close()


@pytest.mark.skipif(CHAPTER is None, reason="no *_china.ipynb chapter")
def test_a_chapter_rerun_and_saved_in_jupyterlab_stays_fresh(tmp_path: Path):
    before = CHAPTER.read_bytes()
    committed = nbformat.reads(before.decode("utf-8"), as_version=4)
    root = tmp_path / "book"
    (root / "notebooks").mkdir(parents=True)
    copy = root / "notebooks" / CHAPTER.name
    shutil.copyfile(CHAPTER, copy)
    api_path = f"/api/contents/notebooks/{CHAPTER.name}"

    server = Server(root, tmp_path)
    try:
        server.wait()
        model = server.request("GET", f"{api_path}?content=1&type=notebook")
        nb = nbformat.from_dict(model["content"])
        session = server.request(
            "POST",
            "/api/sessions",
            {
                "path": f"notebooks/{CHAPTER.name}",
                "name": CHAPTER.name,
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
        )
        kernel = Kernel(server, session["kernel"]["id"])
        try:
            info, _ = kernel.request("kernel_info_request", {})
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.execution_count, cell.outputs = kernel.execute(cell.source)
        finally:
            kernel.close()
        spec = server.request("GET", "/api/kernelspecs")["kernelspecs"]["python3"]["spec"]
        nb.metadata["kernelspec"] = {
            "display_name": spec["display_name"],
            "language": spec["language"],
            "name": "python3",
        }
        nb.metadata["language_info"] = info["content"]["language_info"]
        server.request("PUT", api_path, {"type": "notebook", "format": "json", "content": nb})
        server.request("DELETE", f"/api/sessions/{session['id']}")
    finally:
        server.stop()

    fresh = [c for c in nb.cells if c.cell_type == "code"]
    old = [c for c in committed.cells if c.cell_type == "code"]
    assert len(fresh) == len(old)
    for i, (a, b) in enumerate(zip(old, fresh)):
        assert _comparable(b.outputs) == _comparable(a.outputs), (
            f"{CHAPTER.name}, code cell {i}: the output of a run in JupyterLab differs from the "
            f"committed one:\n{b.source[:200]}"
        )
        assert b.execution_count == a.execution_count, f"code cell {i}: execution count"

    saved = nbformat.read(copy, as_version=4)
    assert saved.metadata["kernelspec"]["display_name"] == spec["display_name"]
    assert "version" in saved.metadata["language_info"], "JupyterLab's own metadata, as saved"
    assert rn.stale([copy]) == [], "saving in JupyterLab made the chapter stale"
    rn.normalise(saved)
    assert saved.metadata.get("kernelspec") == rn.KERNELSPEC
    assert saved.metadata.get("language_info") == rn.LANGUAGE_INFO
    assert _sanitize(nbformat.writes(saved)) == _sanitize(nbformat.writes(committed)), (
        "once normalised, the notebook saved by JupyterLab is not the committed file"
    )
    assert CHAPTER.read_bytes() == before, "the committed notebook was modified"
