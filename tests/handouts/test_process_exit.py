"""A process that rendered handouts exits cleanly: WeasyPrint's temporary folder of @font-face
files is removed, and no "Exception ignored in FontConfiguration.__del__" reaches staff running
`manage.py handout` (it did: the folder's __del__ ran after `shutil` was torn down)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import django
django.setup()
from django.conf import settings
settings.HANDOUT_RENDER_ISOLATION = sys.argv[1] == "bounded"
from handouts import render
result = render.html_to_pdf(render.WARM_UP_HTML, "http://testserver/")
assert result.pdf.startswith(b"%PDF"), result
import pathlib, tempfile
print(len(list(pathlib.Path(tempfile.gettempdir()).glob("weasyprint-*"))))
"""


@pytest.mark.parametrize("bounded", [True, False], ids=["in-a-child", "in-process"])
def test_rendering_then_exiting_leaves_no_font_folder_and_no_error(tmp_path, bounded):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.test",
        "TMPDIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "bounded" if bounded else "unbounded"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) >= 1  # the folder existed while it ran
    assert "Exception ignored" not in result.stderr, result.stderr
    assert list(tmp_path.glob("weasyprint-*")) == []
