"""One way to turn results into JSON: numpy numbers and arrays become plain numbers and lists.

Used by the CLI's ``--json``, the report's JSON file and the pages' JSON downloads, so all three
print the same text for the same payload. Non-finite floats become ``null`` (JSON has no NaN).

    >>> import numpy as np
    >>> to_jsonable({"r": np.float32(0.5), "rows": np.arange(2), "p": float("nan"), "ok": np.bool_(True)})
    {'r': 0.5, 'rows': [0, 1], 'p': None, 'ok': True}
    >>> print(to_json_text({"word": "Mädchen", "n": np.int64(3)}))
    {
      "word": "Mädchen",
      "n": 3
    }
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np


def to_jsonable(value: Any) -> Any:
    """Plain JSON types: numpy scalars/arrays become numbers/lists, NaN becomes null, dataclasses dicts."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) or math.isinf(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    return value


def to_json_text(value: Any) -> str:
    """``value`` as indented JSON text, non-ASCII letters kept (the CLI's and the downloads' format)."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
