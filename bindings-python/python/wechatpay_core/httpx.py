"""``httpx`` integration: ``pip install wechatpay-core[httpx]``.

``WeChatPayAuth`` is an ``httpx.Auth`` for both ``httpx.Client`` and
``httpx.AsyncClient``: it signs every request over its exact body and verifies
every successful response before the client returns it, raising the typed
errors (all ``VerificationError``)::

    client = httpx.Client(base_url="https://api.mch.weixin.qq.com", auth=WeChatPayAuth(signer, verifier))
    r = client.get("/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1900000109")
"""

from __future__ import annotations

from typing import Generator

import httpx

from . import _native
from ._native import Signer, Verifier

__all__ = ["WeChatPayAuth"]


class WeChatPayAuth(httpx.Auth):
    """Signs requests and verifies responses with the core (sync and async).

    ``verify_responses=False`` only for answers WeChat Pay does not sign (the
    bill file behind ``download_url``). With ``raise_api_errors=True`` a 4xx/5xx
    APIv3 error body raises ``ApiError``.
    """

    requires_request_body = True
    requires_response_body = True

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

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        signed = self.signer.sign(request.method, str(request.url), request.content)
        request.headers["Authorization"] = signed.authorization
        if "Accept" not in request.headers:
            request.headers["Accept"] = "application/json"
        response = yield request
        status = response.status_code
        if 200 <= status < 300:
            if self.verify_responses:
                self.verifier.verify(response.headers.multi_items(), response.content)
        elif self.raise_api_errors and status >= 400:
            raise _native.ApiError.parse(status, response.content)
