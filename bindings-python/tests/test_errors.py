"""The exception tree: one class per core kind, raised by real bad input and
checked by class and `.kind`; grouping bases from the core's categories."""

import base64
import builtins
import json

import pytest

import helpers
import wechatpay_core as wp
from wechatpay_core import _native, bill, resource, v2

KINDS = _native.error_kinds()
NONCE = "abcdefghijkl"


def signed_callback_with(resource_fields):
    envelope = {
        "id": "EV-1",
        "create_time": "2026-11-30T10:00:01+08:00",
        "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS",
        "summary": "s",
        "resource": resource_fields,
    }
    body = json.dumps(envelope).encode()
    return helpers.wechatpay_headers(body), body


def verify(**options):
    body = b'{"ok":true}'
    helpers.verifier().verify(helpers.wechatpay_headers(body, **options), body)


def api_error_over_http():
    import requests

    from wechatpay_core.requests import WeChatPayAuth

    recorded = helpers.Recorded()
    server = helpers.Server(helpers.gateway_handler(recorded))
    try:
        auth = WeChatPayAuth(helpers.signer(), helpers.verifier(), raise_api_errors=True)
        requests.get(server.url + "/v3/api-error", auth=auth, timeout=10)
    finally:
        server.close()


def headers_with(**changes):
    body = b"{}"
    headers = helpers.wechatpay_headers(body)
    headers.update(changes)
    return headers, body


TRIGGERS = {
    "KEY_FORMAT": lambda: wp.PrivateKey.from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
    "CERTIFICATE_FORMAT": lambda: wp.Certificate.from_file(helpers.KEYS / "apiclient_key.pem"),
    "PKCS12": lambda: wp.PrivateKey.from_pkcs12((helpers.KEYS / "apiclient_cert.p12").read_bytes(), "wrong-password"),
    "SECRET_LENGTH": lambda: wp.ApiV3Key("too short"),
    "HEADER_MISSING": lambda: helpers.verifier().verify({"Wechatpay-Nonce": "n"}, b""),
    "HEADER_INVALID": lambda: helpers.verifier().verify(*headers_with(**{"Wechatpay-Timestamp": "12ab"})),
    "SIGNATURE_TYPE_UNSUPPORTED": lambda: helpers.verifier().verify(
        *headers_with(**{"Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3"})
    ),
    "SIGNATURE_PROBE": lambda: verify(probe=True),
    "SIGNATURE_MALFORMED": lambda: verify(signature="not*base64"),
    "SIGNATURE_INVALID": lambda: verify(signer=helpers.FOREIGN_SIGNER),
    "SERIAL_UNKNOWN": lambda: verify(serial=helpers.UNKNOWN_SERIAL),
    "CERTIFICATE_NOT_VALID": lambda: verify(signer=helpers.EXPIRED_SIGNER),
    "TIMESTAMP_OUT_OF_WINDOW": lambda: verify(timestamp=1_000_000_000),
    "BASE64": lambda: resource.decrypt(helpers.APIV3_KEY, NONCE, "", "!!!!"),
    "NONCE_LENGTH": lambda: resource.decrypt(helpers.APIV3_KEY, "short", "", base64.b64encode(b"x" * 32).decode()),
    "CIPHERTEXT_LENGTH": lambda: resource.decrypt(helpers.APIV3_KEY, NONCE, "", base64.b64encode(b"x" * 5).decode()),
    "DECRYPT_FAILED": lambda: resource.decrypt(
        wp.ApiV3Key("0" * 32), NONCE, "", resource.encrypt(helpers.APIV3_KEY, NONCE, "", "secret")
    ),
    "PLAINTEXT_TOO_LONG": lambda: wp.SensitiveEncryptor.from_certificate(helpers.PLATFORM_CERT).encrypt("x" * 300),
    "ALGORITHM_UNSUPPORTED": lambda: helpers.parser().parse(
        *signed_callback_with({"original_type": "transaction", "algorithm": "AEAD_SM4_GCM", "ciphertext": "", "nonce": ""})
    ),
    "NOT_UTF8": lambda: resource.decrypt(
        helpers.APIV3_KEY, NONCE, "", resource.encrypt_bytes(helpers.APIV3_KEY, NONCE, "", b"\xff\xfe")
    ),
    "JSON": lambda: wp.ApiError.parse(502, b"<html>Bad Gateway</html>"),
    "XML": lambda: v2.xml_decode('<!DOCTYPE x [<!ENTITY e "x">]><xml><a>&e;</a></xml>'),
    "BILL_HASH_MISMATCH": lambda: bill.verify_bill(b"bill", "SHA1", "0" * 40),
    "BILL_FORMAT": lambda: bill.parse_bill("only one line"),
    "INVALID_ARGUMENT": lambda: helpers.signer().sign("get", "/v3/certificates"),
    "API_ERROR": api_error_over_http,
    "IO": lambda: wp.PrivateKey.from_file("/nonexistent/apiclient_key.pem"),
    "MULTIPART_FORMAT": lambda: wp.parse_upload("multipart/form-data; boundary=B", b"not multipart"),
}

# Kinds no input can cause: the OS random generator failing.
UNREACHABLE_BY_INPUT = {"BACKEND"}


def test_every_kind_has_a_trigger_or_is_documented_unreachable():
    kinds = {kind for kind, _ in KINDS}
    assert kinds - set(TRIGGERS) == UNREACHABLE_BY_INPUT
    assert set(TRIGGERS) <= kinds, "a trigger names a kind the core does not have"


@pytest.mark.parametrize("kind,category", [k for k in KINDS if k[0] not in UNREACHABLE_BY_INPUT], ids=[k[0] for k in KINDS if k[0] not in UNREACHABLE_BY_INPUT])
def test_real_bad_input_raises_the_class_of_its_kind(kind, category):
    cls = wp.ERRORS_BY_KIND[kind]
    with pytest.raises(wp.WeChatPayError) as caught:
        TRIGGERS[kind]()
    error = caught.value
    assert type(error) is cls, f"{kind}: got {type(error).__name__}: {error}"
    assert error.kind == kind and cls.kind == kind
    assert error.category == category
    assert isinstance(error, cls.__mro__[1]) and cls.__mro__[1].category == category
    assert str(error)
    assert isinstance(error.fields, dict) and all(isinstance(v, str) for v in error.fields.values())
    assert error.code_number >= 1


def test_class_names_come_from_the_kinds():
    assert wp.SignatureProbeError.kind == "SIGNATURE_PROBE"
    assert wp.TimestampOutOfWindowError.kind == "TIMESTAMP_OUT_OF_WINDOW"
    assert wp.KeyFormatError.kind == "KEY_FORMAT"
    assert wp.ApiError.kind == "API_ERROR"
    for kind, _ in KINDS:
        name = wp.ERRORS_BY_KIND[kind].__name__
        stem = kind[: -len("_ERROR")] if kind.endswith("_ERROR") else kind
        expected = "".join(w.capitalize() for w in stem.split("_")) + "Error"
        assert name in (expected, "WeChatPay" + expected)
        assert getattr(wp, name) is wp.ERRORS_BY_KIND[kind]


def test_grouping_bases():
    for cls in (wp.SignatureProbeError, wp.SignatureInvalidError, wp.SerialUnknownError, wp.HeaderMissingError,
                wp.CertificateNotValidError, wp.TimestampOutOfWindowError):
        assert issubclass(cls, wp.VerificationError)
    assert issubclass(wp.DecryptFailedError, wp.DecryptError)
    assert issubclass(wp.KeyFormatError, wp.KeyMaterialError)
    assert issubclass(wp.ApiError, wp.ApiResponseError)
    assert issubclass(wp.VerificationError, wp.WeChatPayError) and issubclass(wp.WeChatPayError, Exception)
    assert not issubclass(wp.WeChatPayError, (KeyError, ValueError, OSError))
    assert wp.WeChatPayEnvironmentError is not builtins.EnvironmentError


def test_no_name_shadows_a_builtin():
    names = {cls.__name__ for cls in wp.ERRORS_BY_KIND.values()} | {c.__mro__[1].__name__ for c in wp.ERRORS_BY_KIND.values()}
    assert not {n for n in names if hasattr(builtins, n)}


def test_fields_are_attributes():
    with pytest.raises(wp.TimestampOutOfWindowError) as caught:
        verify(timestamp=1_000_000_000)
    assert caught.value.window == "300" and int(caught.value.skew) > 300
    with pytest.raises(wp.SerialUnknownError) as caught:
        verify(serial=helpers.UNKNOWN_SERIAL)
    assert caught.value.serial == helpers.UNKNOWN_SERIAL


def test_api_error_parse_and_attributes():
    body = json.dumps({"code": "SYSTEM_ERROR", "message": "系统繁忙", "detail": {"field": "/amount"}}).encode()
    error = wp.ApiError.parse(500, body)
    assert isinstance(error, wp.ApiError) and error.kind == "API_ERROR"
    assert (error.status, error.code, error.api_message) == (500, "SYSTEM_ERROR", "系统繁忙")
    assert error.detail == {"field": "/amount"} and error.safe_to_resend is True
    assert error.info is not None and error.info.code == "SYSTEM_ERROR"
    with pytest.raises(wp.ApiError):
        raise error


def test_secrets_stay_out_of_errors_and_reprs():
    apiv3 = helpers.SECRETS["apiv3_key"]
    assert apiv3 not in repr(helpers.APIV3_KEY) and "redacted" in repr(helpers.APIV3_KEY)
    assert "redacted" in repr(helpers.MERCHANT_KEY) and "redacted" in repr(wp.ApiV2Key(helpers.SECRETS["apiv2_key"]))
    with pytest.raises(wp.Pkcs12Error) as caught:
        wp.PrivateKey.from_pkcs12((helpers.KEYS / "apiclient_cert.p12").read_bytes(), "hunter2-password")
    assert "hunter2" not in str(caught.value) and "hunter2" not in repr(caught.value.fields)
    with pytest.raises(wp.SecretLengthError) as caught:
        wp.ApiV3Key("my-secret-key-too-short")
    assert "my-secret" not in str(caught.value)


def test_wrong_python_types_are_type_errors_never_panics():
    bad_values = [None, 3, 3.5, object(), [], {}, b"\x00" * 3, "\x00"]
    calls = [
        lambda v: wp.PrivateKey.from_pem(v),
        lambda v: wp.Certificate.from_der(v),
        lambda v: wp.ApiV3Key(v),
        lambda v: helpers.parser().parse(v, b""),
        lambda v: helpers.parser().parse({}, v),
        lambda v: helpers.signer().sign("POST", "/v3/x", v),
        lambda v: v2.sign(v, wp.ApiV2Key(helpers.SECRETS["apiv2_key"])),
        lambda v: bill.verify_bill(v, "SHA1", "0" * 40),
        lambda v: resource.decrypt(helpers.APIV3_KEY, v, "", ""),
    ]
    for call in calls:
        for value in bad_values:
            try:
                call(value)
            except (TypeError, wp.WeChatPayError):
                pass
            except BaseException as error:  # a PanicException would land here
                pytest.fail(f"{type(error).__name__}: {error}")
