"""Writes (or with --check, verifies) the generated exception block of
python/wechatpay_core/_native.pyi from the installed module.

The classes are made at import time from the core's ErrorKind::ALL, so the
block is derived from `_native.error_kinds()` and the classes themselves:
a kind added to the core changes the block, and CI's --check fails until the
stub is regenerated and committed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List

import wechatpay_core
from wechatpay_core import _native

STUB = Path(__file__).resolve().parents[1] / "python" / "wechatpay_core" / "_native.pyi"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "python.md"
DOCS_BEGIN = "<!-- BEGIN GENERATED ERROR TABLE (bindings-python/tools/gen_stubs.py) -->"
DOCS_END = "<!-- END GENERATED ERROR TABLE -->"
BEGIN = "# BEGIN GENERATED ERRORS (tools/gen_stubs.py)"
END = "# END GENERATED ERRORS"

API_ERROR_EXTRA = [
    "    status: Optional[int]",
    "    code: str",
    "    api_message: str",
    "    detail: Any",
    "    safe_to_resend: bool",
    "    info: Optional[api_error.CodeInfo]",
    "    @staticmethod",
    "    def parse(status: Optional[int], body: _Buffer) -> ApiError: ...",
]


def block() -> str:
    lines: List[str] = [BEGIN]
    seen_bases: List[str] = []
    for kind, category in _native.error_kinds():
        cls = wechatpay_core.ERRORS_BY_KIND[kind]
        base = cls.__mro__[1]
        assert base.__mro__[1] is wechatpay_core.WeChatPayError, f"{cls.__name__}: unexpected base"
        assert getattr(base, "category") == category
        if base.__name__ not in seen_bases:
            seen_bases.append(base.__name__)
            lines.append(f"class {base.__name__}(WeChatPayError):  # category {category}")
            lines.append("    ...")
        lines.append(f"class {cls.__name__}({base.__name__}):  # kind {kind}")
        if hasattr(cls, "parse"):
            lines.extend(API_ERROR_EXTRA)
        else:
            lines.append("    ...")
    lines.append("")
    lines.append("ERRORS_BY_KIND: Dict[str, type[WeChatPayError]]")
    lines.append(END)
    return "\n".join(lines)


def table() -> str:
    """The docs' error table: one row per category, its kinds and class names."""
    rows: Dict[str, List[str]] = {}
    bases: Dict[str, str] = {}
    for kind, category in _native.error_kinds():
        cls = wechatpay_core.ERRORS_BY_KIND[kind]
        bases[category] = cls.__mro__[1].__name__
        rows.setdefault(category, []).append(f"`{kind}` → `{cls.__name__}`")
    lines = [DOCS_BEGIN, "| catch | category | kind → class |", "| --- | --- | --- |"]
    for category, kinds in rows.items():
        lines.append(f"| `{bases[category]}` | `{category}` | {', '.join(kinds)} |")
    lines.append(DOCS_END)
    return "\n".join(lines)


def replace(path: Path, begin: str, end: str, new_block: str, check: bool) -> bool:
    text = path.read_text(encoding="utf-8")
    start, stop = text.index(begin), text.index(end) + len(end)
    new = text[:start] + new_block + text[stop:]
    if check:
        if new != text:
            print(f"drift: {path} differs from the module; run python bindings-python/tools/gen_stubs.py and commit", file=sys.stderr)
            return False
        return True
    path.write_text(new, encoding="utf-8")
    print(f"wrote {path}")
    return True


def main(argv: List[str]) -> int:
    check = "--check" in argv
    ok = replace(STUB, BEGIN, END, block(), check)
    ok = replace(DOCS, DOCS_BEGIN, DOCS_END, table(), check) and ok
    if check and ok:
        print("stubs: generated exception block and docs error table are up to date")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
