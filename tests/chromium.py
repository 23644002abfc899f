"""Debian's chromium and the flags every headless run here uses (browser tests, Lighthouse): no
sandbox (root in CI), no GPU, and nothing that reaches out to the network on its own."""

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH") or os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
