"""The parser takes the header object of every common framework, as it is."""

import io

import pytest

import helpers
import wechatpay_core as wp


@pytest.fixture(scope="module")
def delivered():
    headers, body = helpers.callback()
    return headers, body


def wsgi_environ(headers, body):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/notify",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def assert_parses(header_object, body):
    event = helpers.parser().parse(header_object, body)
    assert event.resource["out_trade_no"] == helpers.TRANSACTION["out_trade_no"]


def test_plain_dict(delivered):
    headers, body = delivered
    assert_parses(dict(headers), body)


def test_dict_in_any_case(delivered):
    headers, body = delivered
    assert_parses({k.lower(): v for k, v in headers.items()}, body)
    assert_parses({k.upper(): v for k, v in headers.items()}, body)


def test_list_of_pairs_and_generator(delivered):
    headers, body = delivered
    assert_parses(list(headers.items()), body)
    assert_parses(((k, v) for k, v in headers.items()), body)


def test_asgi_raw_bytes_pairs(delivered):
    headers, body = delivered
    assert_parses([(k.lower().encode(), v.encode()) for k, v in headers.items()], body)


def test_werkzeug_flask_headers(delivered):
    from werkzeug.datastructures import EnvironHeaders, Headers
    from werkzeug.wrappers import Request

    headers, body = delivered
    assert_parses(Headers(list(headers.items())), body)
    environ = wsgi_environ(headers, body)
    assert_parses(EnvironHeaders(environ), body)
    request = Request(environ)
    assert_parses(request.headers, request.get_data())


def test_django_headers_and_meta(delivered):
    from django.http.request import HttpHeaders

    headers, body = delivered
    meta = wsgi_environ(headers, body)
    assert_parses(HttpHeaders(meta), body)
    # request.META itself: HTTP_WECHATPAY_SIGNATURE & co, next to non-header entries (wsgi.input).
    assert_parses(meta, body)


def test_starlette_headers(delivered):
    from starlette.datastructures import Headers

    headers, body = delivered
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    assert_parses(Headers(raw=raw), body)
    assert_parses(Headers(scope={"type": "http", "headers": raw}), body)


def test_requests_and_httpx_headers(delivered):
    import httpx
    from requests.structures import CaseInsensitiveDict

    headers, body = delivered
    assert_parses(CaseInsensitiveDict(headers), body)
    assert_parses(httpx.Headers(headers), body)


def test_a_header_missing_in_any_style_is_typed(delivered):
    headers, body = delivered
    partial = {k: v for k, v in headers.items() if k != "Wechatpay-Nonce"}
    with pytest.raises(wp.HeaderMissingError) as caught:
        helpers.parser().parse(partial, body)
    assert caught.value.kind == "HEADER_MISSING"


def test_conflicting_duplicates_are_refused(delivered):
    headers, body = delivered
    pairs = list(headers.items()) + [("wechatpay-serial", "OTHER")]
    with pytest.raises(wp.HeaderInvalidError):
        helpers.parser().parse(pairs, body)


def test_body_must_be_bytes(delivered):
    headers, body = delivered
    with pytest.raises(TypeError, match="raw bytes exactly as received"):
        helpers.parser().parse(headers, body.decode())
    with pytest.raises(TypeError, match="raw bytes exactly as received"):
        helpers.verifier().verify(headers, body.decode())
    # bytearray and memoryview are bytes too.
    assert_parses(headers, bytearray(body))
    assert_parses(headers, memoryview(body))


def test_headers_must_be_headers(delivered):
    _, body = delivered
    with pytest.raises(TypeError, match="mapping or an iterable"):
        helpers.parser().parse("Wechatpay-Serial: x", body)
    with pytest.raises(TypeError, match="mapping or an iterable"):
        helpers.parser().parse(42, body)
    with pytest.raises(TypeError, match="pair"):
        helpers.parser().parse([("a", "b", "c")], body)
