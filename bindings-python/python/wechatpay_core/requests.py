"""``requests`` integration: ``pip install wechatpay-core[requests]``.

``WeChatPayAuth`` signs every request (over the exact body bytes that are
sent) and verifies every successful response (signature, serial, certificate
validity, replay window) before ``requests`` hands it to you. A response that
fails raises its typed error (``SignatureInvalidError``,
``SignatureProbeError``, ``SerialUnknownError``, ...), all ``VerificationError``::

    session = requests.Session()
    session.auth = WeChatPayAuth(signer, verifier)
    r = session.post("https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi", json=order)
"""

from __future__ import annotations

from typing import Any, Union

import requests
import requests.auth

from . import _native
from ._native import Signer, Verifier

__all__ = ["WeChatPayAuth"]


class WeChatPayAuth(requests.auth.AuthBase):
    """Signs requests and verifies responses with the core.

    ``verify_responses=False`` only for endpoints whose answers WeChat Pay does
    not sign (the bill file behind ``download_url``: check it with
    ``wechatpay_core.bill`` instead). With ``raise_api_errors=True`` a 4xx/5xx
    APIv3 error body raises ``ApiError`` (with ``.code``, ``.status``, ...).
    """

    def __init__(
        self,
        signer: Signer,
        verifier: Verifier,
        *,
        verify_responses: bool = True,
        raise_api_errors: bool = False,
    ) -> None:
        self.signer = signer
        self.verifier = verifier
        self.verify_responses = verify_responses
        self.raise_api_errors = raise_api_errors

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body
        raw: Union[bytes, str]
        if body is None:
            raw = b""
        elif isinstance(body, (bytes, str)):
            raw = body
        else:
            raise TypeError(
                "WeChatPayAuth cannot sign a streamed or file body: the signature covers the exact bytes; "
                "pass data=bytes or json=..."
            )
        signed = self.signer.sign(r.method or "GET", r.url or "", raw)
        r.headers["Authorization"] = signed.authorization
        r.headers.setdefault("Accept", "application/json")
        r.register_hook("response", self._on_response)
        return r

    def _on_response(self, response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        status = response.status_code
        if 200 <= status < 300:
            if self.verify_responses:
                self.verifier.verify(response.headers, response.content)
        elif self.raise_api_errors and status >= 400:
            raise _native.ApiError.parse(status, response.content)
        return response

