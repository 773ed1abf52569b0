"""A callback delivered over real HTTP to a small WSGI app that uses the parser."""

import json
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
import threading

import pytest

import helpers
import wechatpay_core as wp

PARSER = helpers.parser()
SEEN = []


def notify_app(environ, start_response):
    """What a merchant writes: raw body, environ as headers, the acknowledgement as answer."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    try:
        event = PARSER.parse(environ, body)  # environ carries HTTP_WECHATPAY_* like Django's META
        SEEN.append(event.transaction())
        answer = wp.Acknowledgement.success()
    except wp.VerificationError as error:
        SEEN.append(error)
        answer = wp.Acknowledgement.failure()
    except wp.WeChatPayError as error:
        SEEN.append(error)
        answer = wp.Acknowledgement.failure()
    payload = answer.body.encode()
    start_response(f"{answer.status} X", [("Content-Type", answer.content_type), ("Content-Length", str(len(payload)))])
    return [payload]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def app_url():
    server = make_server("127.0.0.1", 0, notify_app, server_class=WSGIServer, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/notify"
    helpers.wait_until_ready(url)
    yield url
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def deliver(url, headers, body):
    request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers, **{"Content-Type": "application/json"}))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_genuine_callback_is_acknowledged(app_url):
    SEEN.clear()
    headers, body = helpers.callback()
    assert deliver(app_url, headers, body) == (200, {"code": "SUCCESS", "message": "成功"})
    (payment,) = SEEN
    assert payment.trade_state == "SUCCESS"
    assert payment.out_trade_no == helpers.TRANSACTION["out_trade_no"]
    assert payment.amount.total == 100
    assert payment.payer.openid == helpers.TRANSACTION["payer"]["openid"]


@pytest.mark.parametrize(
    "options,cls",
    [
        ({"probe": True}, wp.SignatureProbeError),
        ({"serial": helpers.UNKNOWN_SERIAL}, wp.SerialUnknownError),
        ({"signer": helpers.FOREIGN_SIGNER}, wp.SignatureInvalidError),
        ({"signer": helpers.EXPIRED_SIGNER}, wp.CertificateNotValidError),
        ({"timestamp": 1_000_000_000}, wp.TimestampOutOfWindowError),
    ],
)
def test_a_bad_callback_gets_500(app_url, options, cls):
    SEEN.clear()
    headers, body = helpers.callback(**options)
    assert deliver(app_url, headers, body) == (500, {"code": "FAIL", "message": "失败"})
    (error,) = SEEN
    assert type(error) is cls


def test_a_callback_under_a_wrong_apiv3_key_gets_500(app_url):
    SEEN.clear()
    headers, body = helpers.callback(apiv3_key=wp.ApiV3Key("0" * 32))
    assert deliver(app_url, headers, body)[0] == 500
    (error,) = SEEN
    assert isinstance(error, wp.DecryptError) and error.kind == "DECRYPT_FAILED"
