"""What every benchmark script does before Django starts: the project on sys.path, the test
settings, and DATABASE_URL (a throwaway SQLite file unless one is given). Import it first:
`import bench_env` (the scripts run as `python tests/benchmarks/<name>.py`, so this
folder is on sys.path)."""

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.test")
if not os.environ.get("DATABASE_URL"):
    _db = Path(tempfile.mkdtemp(prefix="clinic-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{_db}"
warnings.filterwarnings("ignore", message="No directory at")
