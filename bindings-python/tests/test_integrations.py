"""requests and httpx integrations over real HTTP against a local server that
signs its responses like WeChat Pay."""

import asyncio
import json

import pytest

import helpers
import wechatpay_core as wp

BAD = [
    ("/v3/tampered", wp.SignatureInvalidError, "SIGNATURE_INVALID"),
    ("/v3/probe", wp.SignatureProbeError, "SIGNATURE_PROBE"),
    ("/v3/unknown-serial", wp.SerialUnknownError, "SERIAL_UNKNOWN"),
    ("/v3/stale", wp.TimestampOutOfWindowError, "TIMESTAMP_OUT_OF_WINDOW"),
    ("/v3/expired-cert", wp.CertificateNotValidError, "CERTIFICATE_NOT_VALID"),
    ("/v3/foreign-key", wp.SignatureInvalidError, "SIGNATURE_INVALID"),
]


def last_request(recorded):
    with recorded.lock:
        return recorded.requests[-1]


def check_signed(recorded, method, path, body):
    got_method, got_path, headers, got_body = last_request(recorded)
    assert (got_method, got_path, got_body) == (method, path, body)
    assert helpers.request_signature_verifies(headers["Authorization"], method, path, body)


# -- requests ------------------------------------------------------------------------------


@pytest.fixture()
def session():
    import requests

    from wechatpay_core.requests import WeChatPayAuth

    s = requests.Session()
    s.auth = WeChatPayAuth(helpers.signer(), helpers.verifier())
    yield s
    s.close()


def test_requests_signs_and_verifies(gateway, session):
    server, recorded = gateway
    order = {"appid": helpers.APPID, "description": "测试\n商品", "amount": {"total": 1}}
    r = session.post(server.url + "/v3/pay/transactions/jsapi?x=1", json=order)
    assert r.status_code == 200 and r.json()["ok"] is True
    _, _, _, sent = last_request(recorded)
    assert json.loads(sent) == order
    check_signed(recorded, "POST", "/v3/pay/transactions/jsapi?x=1", sent)


def test_requests_get_204_and_public_key_mode(gateway, session):
    server, recorded = gateway
    r = session.get(server.url + "/v3/no-content")
    assert r.status_code == 204 and r.content == b""
    check_signed(recorded, "GET", "/v3/no-content", b"")
    r = session.get(server.url + "/v3/public-key")
    assert r.json()["echo"] == "/v3/public-key"


def test_requests_bytes_body_signed_exactly(gateway, session):
    server, recorded = gateway
    raw = b'{"b": 1,\n "a": "\xe4\xb8\xad"}'
    session.put(server.url + "/v3/raw", data=raw, headers={"Content-Type": "application/json"})
    check_signed(recorded, "PUT", "/v3/raw", raw)


@pytest.mark.parametrize("path,cls,kind", BAD)
def test_requests_bad_responses_raise_their_class(gateway, session, path, cls, kind):
    server, _ = gateway
    with pytest.raises(cls) as caught:
        session.get(server.url + path)
    assert caught.value.kind == kind
    assert isinstance(caught.value, wp.VerificationError)


def test_requests_api_errors(gateway):
    import requests

    from wechatpay_core.requests import WeChatPayAuth

    server, _ = gateway
    plain = requests.get(server.url + "/v3/api-error", auth=WeChatPayAuth(helpers.signer(), helpers.verifier()))
    assert plain.status_code == 400
    with pytest.raises(wp.ApiError) as caught:
        requests.get(
            server.url + "/v3/api-error",
            auth=WeChatPayAuth(helpers.signer(), helpers.verifier(), raise_api_errors=True),
        )
    assert caught.value.kind == "API_ERROR"
    assert (caught.value.status, caught.value.code) == (400, "PARAM_ERROR")
    assert caught.value.detail == {"field": "/amount"}


def test_requests_streamed_body_is_refused(gateway, session):
    server, _ = gateway
    with pytest.raises(TypeError, match="exact bytes"):
        session.post(server.url + "/v3/stream", data=iter([b"a", b"b"]))


# -- httpx ---------------------------------------------------------------------------------


@pytest.fixture()
def auth():
    from wechatpay_core.httpx import WeChatPayAuth

    return WeChatPayAuth(helpers.signer(), helpers.verifier())


def test_httpx_sync(gateway, auth):
    import httpx

    server, recorded = gateway
    with httpx.Client(base_url=server.url, auth=auth) as client:
        r = client.post("/v3/refund/domestic/refunds", json={"out_refund_no": "R1"})
        assert r.json()["ok"] is True
        _, _, _, sent = last_request(recorded)
        check_signed(recorded, "POST", "/v3/refund/domestic/refunds", sent)
        assert client.get("/v3/no-content").status_code == 204
        assert client.get("/v3/public-key").status_code == 200
        for path, cls, kind in BAD:
            with pytest.raises(cls) as caught:
                client.get(path)
            assert caught.value.kind == kind


def test_httpx_async(gateway, auth):
    import httpx

    server, recorded = gateway

    async def main():
        async with httpx.AsyncClient(base_url=server.url, auth=auth) as client:
            r = await client.get("/v3/pay/transactions/id/42?mchid=" + helpers.MCHID)
            assert r.status_code == 200
            check_signed(recorded, "GET", "/v3/pay/transactions/id/42?mchid=" + helpers.MCHID, b"")
            for path, cls, kind in BAD:
                with pytest.raises(cls) as caught:
                    await client.get(path)
                assert caught.value.kind == kind

    asyncio.run(main())


def test_httpx_api_errors(gateway):
    import httpx

    from wechatpay_core.httpx import WeChatPayAuth

    server, _ = gateway
    auth = WeChatPayAuth(helpers.signer(), helpers.verifier(), raise_api_errors=True)
    with httpx.Client(base_url=server.url, auth=auth) as client:
        with pytest.raises(wp.ApiError) as caught:
            client.get("/v3/api-error")
    assert caught.value.code == "PARAM_ERROR" and caught.value.safe_to_resend is False


def test_importing_the_core_imports_no_http_library():
    import subprocess
    import sys

    code = "import sys, wechatpay_core; print(sorted(m for m in ('requests', 'httpx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd="/")
    assert out.stdout.strip() == "[]"
