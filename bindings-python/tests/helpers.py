"""Test material: the shared vector keys, and a WeChat Pay stand-in that signs
responses and callbacks with the platform's private keys (which the vectors
ship precisely so that tests can play WeChat Pay)."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import wechatpay_core as wp

REPO_ROOT = Path(__file__).resolve().parents[2]
VECTORS = Path(os.environ.get("WECHATPAY_VECTORS") or (REPO_ROOT / ".." / "shared" / "vectors")).resolve()
KEYS = VECTORS / "keys"
SECRETS: Dict[str, str] = json.loads((KEYS / "secrets.json").read_text(encoding="utf-8"))
MCHID = SECRETS["mchid"]
APPID = SECRETS["appid"]
PUB_KEY_ID = SECRETS["pub_key_id"]

MERCHANT_KEY = wp.PrivateKey.from_file(KEYS / "apiclient_key.pem")
MERCHANT_CERT = wp.Certificate.from_file(KEYS / "apiclient_cert.pem")
PLATFORM_CERT = wp.Certificate.from_file(KEYS / "platform_cert.pem")
PLATFORM_KEY = wp.PrivateKey.from_file(KEYS / "platform_key.pem")
EXPIRED_CERT = wp.Certificate.from_file(KEYS / "platform_expired_cert.pem")
EXPIRED_KEY = wp.PrivateKey.from_file(KEYS / "platform_expired_key.pem")
PUB_KEY = wp.PublicKey.from_file(KEYS / "wechatpay_pub_key.pem")
PUB_KEY_PRIVATE = wp.PrivateKey.from_file(KEYS / "wechatpay_pub_key_private.pem")
OTHER_KEY = wp.PrivateKey.from_file(KEYS / "other_key.pem")
APIV3_KEY = wp.ApiV3Key(SECRETS["apiv3_key"])



def trust_store() -> wp.TrustStore:
    store = wp.TrustStore()
    store.add_certificate(PLATFORM_CERT)
    store.add_certificate(EXPIRED_CERT)
    store.add_public_key(PUB_KEY_ID, PUB_KEY)
    return store


def signer() -> wp.Signer:
    return wp.Signer(MCHID, MERCHANT_CERT.serial_no, MERCHANT_KEY)


def verifier() -> wp.Verifier:
    return wp.Verifier(trust_store())


def parser() -> wp.CallbackParser:
    return wp.CallbackParser(verifier(), APIV3_KEY)


PLATFORM_SIGNER = wp.ResponseSigner.from_certificate(PLATFORM_KEY, PLATFORM_CERT)
PUB_KEY_SIGNER = wp.ResponseSigner.from_public_key_id(PUB_KEY_PRIVATE, PUB_KEY_ID)
EXPIRED_SIGNER = wp.ResponseSigner.from_certificate(EXPIRED_KEY, EXPIRED_CERT)
# Claims the trusted public key id but signs with an unrelated key.
FOREIGN_SIGNER = wp.ResponseSigner.from_public_key_id(OTHER_KEY, PUB_KEY_ID)
UNKNOWN_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"


def wechatpay_headers(
    body: bytes,
    *,
    signer: wp.ResponseSigner = PLATFORM_SIGNER,
    timestamp: Optional[int] = None,
    probe: bool = False,
    serial: Optional[str] = None,
    signature: Optional[str] = None,
) -> Dict[str, str]:
    """The Wechatpay-* headers WeChat Pay puts on a response or callback, made
    by the core's ResponseSigner; `serial` / `signature` overwrite a header
    afterwards (to forge a message)."""
    if probe:
        headers = signer.probe(timestamp)
    elif timestamp is None:
        headers = signer.sign(body)
    else:
        headers = signer.sign_at(body, timestamp)
    if serial is not None:
        headers["Wechatpay-Serial"] = serial
    if signature is not None:
        headers["Wechatpay-Signature"] = signature
    return headers


TRANSACTION = {
    "appid": APPID,
    "mchid": MCHID,
    "out_trade_no": "1217752501201407033233368018",
    "transaction_id": "4200000000000000000000000001",
    "trade_type": "JSAPI",
    "trade_state": "SUCCESS",
    "trade_state_desc": "支付成功",
    "bank_type": "OTHERS",
    "attach": "",
    "success_time": "2026-11-30T10:00:00+08:00",
    "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
    "amount": {"total": 100, "payer_total": 100, "currency": "CNY", "payer_currency": "CNY"},
}


def callback(
    plaintext: Optional[Dict[str, Any]] = None, *, apiv3_key: wp.ApiV3Key = APIV3_KEY, **header_options: Any
) -> Tuple[Dict[str, str], bytes]:
    """A fresh payment callback (headers, raw body), sealed and signed now by the core."""
    text = json.dumps(plaintext or TRANSACTION, ensure_ascii=False, separators=(",", ":"))
    envelope = wp.CallbackEnvelope.transaction("EV-2018022511223320873", "2026-11-30T10:00:01+08:00", text)
    body = envelope.seal(apiv3_key).encode()
    return wechatpay_headers(body, **header_options), body


def request_signature_verifies(authorization: str, method: str, path: str, body: bytes) -> bool:
    """Checks a merchant Authorization header as WeChat Pay does."""
    try:
        seen = wp.verify_request(method, path, body, authorization, MERCHANT_CERT.public_key)
    except wp.WeChatPayError:
        return False
    return seen.mchid == MCHID and seen.serial_no == MERCHANT_CERT.serial_no


class Recorded:
    def __init__(self) -> None:
        self.requests: List[Tuple[str, str, Dict[str, str], bytes]] = []
        self.lock = threading.Lock()


def gateway_handler(recorded: Recorded) -> type:
    """A WeChat Pay stand-in: each path answers one way."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body_in = self.rfile.read(length) if length else b""
            with recorded.lock:
                recorded.requests.append((self.command, self.path, dict(self.headers.items()), body_in))
            path = self.path.split("?", 1)[0]
            status, body = 200, json.dumps({"ok": True, "echo": path}, separators=(",", ":")).encode()
            options: Dict[str, Any] = {}
            tamper = False
            if path == "/v3/no-content":
                status, body = 204, b""
            elif path == "/v3/tampered":
                tamper = True
            elif path == "/v3/probe":
                options["probe"] = True
            elif path == "/v3/unknown-serial":
                options["serial"] = UNKNOWN_SERIAL
            elif path == "/v3/public-key":
                options["signer"] = PUB_KEY_SIGNER
            elif path == "/v3/foreign-key":
                options["signer"] = FOREIGN_SIGNER
            elif path == "/v3/stale":
                options["timestamp"] = int(time.time()) - 3600
            elif path == "/v3/expired-cert":
                options["signer"] = EXPIRED_SIGNER
            elif path == "/v3/api-error":
                status = 400
                body = json.dumps({"code": "PARAM_ERROR", "message": "参数错误", "detail": {"field": "/amount"}}).encode()
            headers = wechatpay_headers(body, **options)
            if tamper:
                body = body.replace(b"true", b"false")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Request-ID", "08F4C1D2B506")
            if status != 204:
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 204:
                self.wfile.write(body)

        do_GET = _answer
        do_POST = _answer
        do_PUT = _answer
        do_PATCH = _answer
        do_DELETE = _answer

    return Handler


class Server:
    """A threaded HTTP server on 127.0.0.1 (port chosen by the OS), ready when
    constructed: the socket is bound and listening before the thread starts."""

    def __init__(self, handler: Callable[..., Any]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # type: ignore[arg-type]
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def wait_until_ready(url: str, attempts: int = 200) -> None:
    """Polls a server with a bound (no sleeps as a substitute for readiness)."""
    import urllib.error
    import urllib.request

    last: Optional[BaseException] = None
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError as error:
            last = error
            threading.Event().wait(0.01)
    raise RuntimeError(f"server at {url} never became ready: {last}")


def chunks(data: bytes, size: int) -> Iterator[bytes]:
    for at in range(0, len(data), size):
        yield data[at : at + size]
