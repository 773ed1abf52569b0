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
from typing import List

import wechatpay_core
from wechatpay_core import _native

STUB = Path(__file__).resolve().parents[1] / "python" / "wechatpay_core" / "_native.pyi"
BEGIN = "# BEGIN GENERATED ERRORS (tools/gen_stubs.py)"
END = "# END GENERATED ERRORS"

API_ERROR_EXTRA = [
    "    status: Optional[int]",
    "    code: str",
    "    api_message: str",
    "    detail: Any",
    "    retryable: bool",
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


def main(argv: List[str]) -> int:
    text = STUB.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + block() + text[end:]
    if "--check" in argv:
        if new != text:
            print(f"stub drift: {STUB} differs from the module; run python tools/gen_stubs.py and commit", file=sys.stderr)
            return 1
        print("stubs: generated exception block is up to date")
        return 0
    STUB.write_text(new, encoding="utf-8")
    print(f"wrote {STUB}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
