"""The one set of golden files (``tests/golden``) and the one way to compare with them.

The API's payloads and the channels' renderings of the seed are held there: a change
that alters what a frontend or a patient receives shows up as a diff to review. Run the
tests with UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review
the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, payload: Any) -> None:
    """``payload`` equals the golden file ``name`` (written instead with UPDATE_GOLDEN=1)."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing; run the tests with UPDATE_GOLDEN=1 and review it"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), f"{path.name} changed"
