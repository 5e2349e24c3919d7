"""Exit 0 when a PostgreSQL server answers at the given URL (used by `make test`)."""

import sys

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is a dependency
    sys.exit(1)

url = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/test"
try:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
        pass
except Exception:  # noqa: BLE001 - any failure means "not reachable"
    sys.exit(1)
sys.exit(0)
