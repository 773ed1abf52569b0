"""Extracts the ```python blocks of a Markdown file into example_N.py files
(for `mypy --strict`), or with --run executes each one.

Examples run with the vector keys directory as working directory (it holds
apiclient_key.pem, platform_cert.pem, ... under the names merchants use) and
WECHATPAY_APIV3_KEY from its secrets.json; `if __name__ == "__main__":` parts
(servers, calls to the real gateway) do not run.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import sys
from pathlib import Path
from typing import List

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks(markdown: Path) -> List[str]:
    return BLOCK.findall(markdown.read_text(encoding="utf-8"))


def main(argv: List[str]) -> int:
    run = "--run" in argv
    args = [a for a in argv[1:] if a != "--run"]
    markdown, out = Path(args[0]), Path(args[1])
    found = blocks(markdown)
    if not found:
        print(f"no python examples in {markdown}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, code in enumerate(found, 1):
        path = out / f"example_{index}.py"
        path.write_text(code, encoding="utf-8")
        paths.append(path)
    if not run:
        print(f"{len(paths)} examples written to {out}")
        return 0
    root = Path(__file__).resolve().parents[2]
    vectors = Path(os.environ.get("WECHATPAY_VECTORS") or root / ".." / "shared" / "vectors").resolve()
    keys = vectors / "keys"
    secrets = json.loads((keys / "secrets.json").read_text(encoding="utf-8"))
    os.environ.setdefault("WECHATPAY_APIV3_KEY", secrets["apiv3_key"])
    os.chdir(keys)
    for path in paths:
        runpy.run_path(str(path), run_name="__example__")
        print(f"ran {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
