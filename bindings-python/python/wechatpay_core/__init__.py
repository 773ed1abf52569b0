"""WeChat Pay (微信支付) APIv3 / APIv2 for Python, backed by the Rust wechatpay-core.

Every cryptographic and protocol step happens in the core; this package is a
thin typed face over it. Errors are ``WeChatPayError`` subclasses with a stable
``.kind`` (see ``ERRORS_BY_KIND``).
"""

from . import _native
from ._native import *  # noqa: F401,F403  (the names are listed in _native.pyi)

__version__: str = _native.__version__
__all__ = [name for name in dir(_native) if not name.startswith("_") and name != "error_kinds"]
