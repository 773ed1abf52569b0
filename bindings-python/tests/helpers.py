"""Test material: the shared vector keys, and a WeChat Pay stand-in that signs
responses and callbacks with the platform's private keys (which the vectors
ship precisely so that tests can play WeChat Pay)."""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import wechatpay_core as wp
from wechatpay_core import resource

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

PROBE = "WECHATPAY/SIGNTEST/" + "A" * 40


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


def wechatpay_headers(
    body: bytes,
    *,
    key: wp.PrivateKey = PLATFORM_KEY,
    serial: Optional[str] = None,
    timestamp: Optional[int] = None,
    nonce: Optional[str] = None,
    signature: Optional[str] = None,
) -> Dict[str, str]:
    """The five Wechatpay-* headers WeChat Pay puts on a response or callback."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or secrets.token_hex(16)
    message = ts.encode() + b"\n" + nonce.encode() + b"\n" + body + b"\n"
    if signature is None:
        signature = base64.b64encode(key.sign_sha256(message)).decode()
    return {
        "Wechatpay-Timestamp": ts,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Serial": serial or PLATFORM_CERT.serial_no,
        "Wechatpay-Signature": signature,
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }


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
    """A fresh payment callback: (headers, raw body), signed now."""
    nonce = secrets.token_hex(6)
    text = json.dumps(plaintext or TRANSACTION, ensure_ascii=False, separators=(",", ":"))
    ciphertext = resource.encrypt(apiv3_key, nonce, "transaction", text)
    envelope = {
        "id": "EV-2018022511223320873",
        "create_time": "2026-11-30T10:00:01+08:00",
        "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {
            "original_type": "transaction",
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": ciphertext,
            "associated_data": "transaction",
            "nonce": nonce,
        },
    }
    body = json.dumps(envelope, ensure_ascii=False, indent=1).encode()
    return wechatpay_headers(body, **header_options), body


def request_signature_verifies(authorization: str, method: str, path: str, body: bytes) -> bool:
    """Checks a merchant Authorization header independently of the Signer."""
    scheme, _, params = authorization.partition(" ")
    if scheme != "WECHATPAY2-SHA256-RSA2048":
        return False
    fields = dict(part.split("=", 1) for part in params.split(","))
    fields = {k: v.strip('"') for k, v in fields.items()}
    if fields.get("mchid") != MCHID or fields.get("serial_no") != MERCHANT_CERT.serial_no:
        return False
    message = f"{method}\n{path}\n{fields['timestamp']}\n{fields['nonce_str']}\n".encode() + body + b"\n"
    try:
        MERCHANT_CERT.public_key.verify_sha256(message, base64.b64decode(fields["signature"], validate=True))
        return True
    except wp.VerificationError:
        return False


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
                options["signature"] = PROBE
            elif path == "/v3/unknown-serial":
                options["serial"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
            elif path == "/v3/public-key":
                options.update(key=PUB_KEY_PRIVATE, serial=PUB_KEY_ID)
            elif path == "/v3/stale":
                options["timestamp"] = int(time.time()) - 3600
            elif path == "/v3/expired-cert":
                options.update(key=EXPIRED_KEY, serial=EXPIRED_CERT.serial_no)
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
