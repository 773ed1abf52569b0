"""WeChat Pay (微信支付) APIv3 / APIv2 for Python, backed by the Rust wechatpay-core.

Every cryptographic and protocol step happens in the core; this package is a
thin typed face over it. Every failure raises a ``WeChatPayError`` subclass with
a stable ``.kind`` (``ERRORS_BY_KIND`` maps each kind to its class).

The HTTP integrations are separate imports (``wechatpay_core.requests``,
``wechatpay_core.httpx``) so that importing this package never imports them.
"""

from . import _native
from ._native import *  # noqa: F401,F403  (every public name is declared in _native.pyi)
from ._native import api_error, bill, certificates, pay_params, resource, v2  # noqa: F401

__version__: str = _native.__version__
