"""The rest of the core's surface, each through real round trips."""

import datetime
import json

import pytest

import helpers
import wechatpay_core as wp
from wechatpay_core import api_error, bill, certificates, pay_params, resource, v2

APIV2 = wp.ApiV2Key(helpers.SECRETS["apiv2_key"])


def test_keys_round_trip_and_facts():
    pem = helpers.MERCHANT_KEY.to_pkcs8_pem()
    again = wp.PrivateKey.from_pem(pem.encode())
    assert again.sign_sha256(b"m") == helpers.MERCHANT_KEY.sign_sha256(b"m")
    assert wp.PrivateKey.from_der(helpers.MERCHANT_KEY.to_pkcs8_der()).matches(helpers.MERCHANT_CERT.public_key)
    assert helpers.MERCHANT_KEY.public_key == helpers.MERCHANT_CERT.public_key
    assert wp.PublicKey.from_pem(helpers.PUB_KEY.to_pem()) == helpers.PUB_KEY
    assert wp.Certificate.from_pem(helpers.PLATFORM_CERT.to_pem()) == helpers.PLATFORM_CERT
    assert wp.Certificate.from_der(helpers.PLATFORM_CERT.der()) == helpers.PLATFORM_CERT
    cert = helpers.PLATFORM_CERT
    assert cert.not_before.tzinfo is not None and cert.not_before < cert.not_after
    assert cert.is_valid_at(datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc))
    assert not cert.is_valid_at(0)
    with pytest.raises(ValueError, match="naive"):
        cert.is_valid_at(datetime.datetime(2027, 1, 1))
    key, p12_cert = wp.PrivateKey.from_pkcs12((helpers.KEYS / "apiclient_cert_aes.p12").read_bytes(), helpers.MCHID)
    assert p12_cert == helpers.MERCHANT_CERT and key.matches(p12_cert.public_key)
    signature = helpers.MERCHANT_KEY.sign_sha256("text is signed as UTF-8")
    helpers.MERCHANT_CERT.public_key.verify_sha256("text is signed as UTF-8".encode(), signature)
    with pytest.raises(wp.SignatureInvalidError):
        helpers.MERCHANT_CERT.public_key.verify_sha256(b"other", signature)


def test_signer_variants():
    signer = helpers.signer()
    a = signer.sign_with("GET", "https://api.mch.weixin.qq.com/v3/certificates", "", 1_795_392_123, "N")
    b = signer.sign_with("GET", "/v3/certificates", b"", 1_795_392_123, "N")
    assert a.authorization == b.authorization and json.loads(a.to_json())["authorization"] == a.authorization
    at = signer.sign_at("POST", "/v3/x", "{}", 1_795_392_000)
    assert at.timestamp == 1_795_392_000 and len(at.nonce) == 32
    seen = wp.verify_request("POST", "/v3/x", b"{}", at.authorization, helpers.MERCHANT_CERT.public_key, now=1_795_392_000)
    assert seen.mchid == helpers.MCHID and seen.unix_timestamp() == 1_795_392_000
    assert wp.parse_authorization(at.authorization).signature == at.signature
    with pytest.raises(wp.TimestampOutOfWindowError):
        wp.verify_request("POST", "/v3/x", b"{}", at.authorization, helpers.MERCHANT_CERT.public_key, now=1_795_400_000)


def test_rotation_reaches_every_verifier_and_manual_clock():
    store = wp.TrustStore()
    clock = wp.Clock.manual(1_795_392_000)
    verifier = wp.Verifier(store, clock=clock)
    parser = wp.CallbackParser(verifier, helpers.APIV3_KEY)
    body = b'{"ok":true}'
    headers = helpers.PLATFORM_SIGNER.sign_at(body, 1_795_392_000)
    with pytest.raises(wp.SerialUnknownError):
        verifier.verify(headers, body)
    store.add_certificate(helpers.PLATFORM_CERT)  # the same handle: the verifier sees it
    verifier.verify(headers, body)
    assert verifier.trust_store.serials() == [helpers.PLATFORM_CERT.serial_no]
    clock.advance(301)
    with pytest.raises(wp.TimestampOutOfWindowError):
        verifier.verify(headers, body)
    assert parser is not None and verifier.clock.now() == 1_795_392_301
    detached = store.detached_copy()
    assert store.remove(helpers.PLATFORM_CERT.serial_no) == helpers.PLATFORM_CERT
    assert helpers.PLATFORM_CERT.serial_no in detached and len(store) == 0


def test_refund_callback_and_typed_views():
    refund = {"mchid": helpers.MCHID, "out_refund_no": "R1", "refund_status": "SUCCESS", "amount": {"total": 100, "refund": 40, "payer_total": 100, "payer_refund": 40}}
    body = wp.CallbackEnvelope.refund("EV-R1", "2026-11-30T10:00:01+08:00", json.dumps(refund)).seal(helpers.APIV3_KEY).encode()
    event = helpers.parser().parse(helpers.PLATFORM_SIGNER.sign(body), body)
    view = event.refund()
    assert (view.refund_status, view.amount.refund if view.amount else None) == ("SUCCESS", 40)
    assert event.event_type == "REFUND.SUCCESS" and event.resource == refund
    with pytest.raises(wp.InvalidArgumentError):
        event.transaction()


def test_certificate_download_is_decrypted_then_verified():
    body = certificates.certificates_body(helpers.APIV3_KEY, [helpers.PLATFORM_CERT]).encode()
    headers = helpers.PLATFORM_SIGNER.sign(body)
    empty = wp.Verifier(wp.TrustStore())
    got = certificates.download_response(headers, body, helpers.APIV3_KEY, empty)
    assert got == [helpers.PLATFORM_CERT]
    assert certificates.decrypt_certificates(body, helpers.APIV3_KEY) == [helpers.PLATFORM_CERT]
    forged = helpers.FOREIGN_SIGNER.sign(body)
    with pytest.raises(wp.VerificationError):
        certificates.download_response(forged, body, helpers.APIV3_KEY, empty)


def test_sensitive_fields():
    trust = helpers.trust_store()
    encryptor = wp.SensitiveEncryptor.from_trust_store(trust, 1_795_392_000)
    assert encryptor.serial == helpers.PLATFORM_CERT.serial_no and encryptor.max_plaintext_len == 214
    decryptor = wp.SensitiveDecryptor(helpers.PLATFORM_KEY)
    assert decryptor.decrypt(encryptor.encrypt("张三")) == "张三"
    with pytest.raises(wp.InvalidArgumentError):
        wp.SensitiveEncryptor.from_public_key("not-a-key-id", helpers.PUB_KEY)


def test_media_upload_round_trip():
    upload = wp.MediaUpload("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    signed = upload.sign(helpers.signer(), "/v3/merchant/media/upload")
    assert helpers.request_signature_verifies(signed.authorization, "POST", "/v3/merchant/media/upload", upload.meta.encode())
    received = wp.parse_upload(upload.content_type, upload.body)
    assert received.filename == "photo.png" and received.file_content_type == "image/png"
    assert received.meta == upload.meta
    received.check_sha256()


def test_bills():
    text = "\ufeff交易时间,公众账号ID\r\n`2026-11-30 10:00:00,`wx1\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n"
    data = text.encode()
    gz = bill.gzip(data)
    assert bill.gunzip(gz) == data
    sha1 = bill.digest(data, "SHA1")
    bill.verify_bill(gz, "SHA1", sha1, gzip=True)
    verifier = bill.BillVerifier("SHA1", sha1)
    for chunk in helpers.chunks(gz, 7):
        verifier.update(chunk)
    verifier.finish()
    parsed = bill.parse_bill(text)
    assert parsed == {"rows": [{"交易时间": "2026-11-30 10:00:00", "公众账号ID": "wx1"}], "summary": {"总交易单数": "1", "应结订单总金额": "0.01"}}
    with pytest.raises(wp.BillHashMismatchError):
        bill.verify_bill(gz, "SHA256", bill.digest(b"other", "SHA256"), gzip=True)


def test_v2():
    params = {"appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "nonce_str": "ibuaiVcKdpRxkhJA", "body": "test", "sign_type": "HMAC-SHA256"}
    signed = dict(params, sign=v2.sign(params, APIV2, "HMAC-SHA256"))
    v2.verify(signed, APIV2, "HMAC-SHA256")
    assert v2.verify_as_signed(signed, APIV2) == "HMAC-SHA256"
    xml = v2.xml_encode(signed)
    assert v2.xml_decode(xml) == signed and v2.xml_decode(xml.encode()) == signed
    with pytest.raises(wp.WeChatPayError):
        v2.verify(dict(signed, body="tampered"), APIV2, "HMAC-SHA256")
    req_info = v2.encrypt_req_info("<root><out_refund_no>R1</out_refund_no></root>", APIV2)
    assert v2.decrypt_req_info_params(req_info, APIV2) == {"out_refund_no": "R1"}
    assert "SUCCESS" in v2.success_ack() and "FAIL" in v2.fail_ack("bad sign")


def test_pay_params_family():
    key = helpers.MERCHANT_KEY
    js = pay_params.jsapi(key, helpers.APPID, "wx2014", timestamp=1_795_392_000, nonce_str="N1")
    assert js == pay_params.miniprogram(key, helpers.APPID, "wx2014", timestamp=1_795_392_000, nonce_str="N1")
    assert js["package"] == "prepay_id=wx2014" and js["signType"] == "RSA" and js["timeStamp"] == "1795392000"
    app = pay_params.app(key, helpers.APPID, helpers.MCHID, "wx2014")
    assert app["partnerid"] == helpers.MCHID and app["package"] == "Sign=WXPay"
    js2 = pay_params.jsapi_v2(APIV2, "MD5", helpers.APPID, "wx2014", timestamp=1_795_392_000, nonce_str="N1")
    assert js2["signType"] == "MD5" and len(js2["paySign"]) == 32
    assert pay_params.app_v2(APIV2, "HMAC-SHA256", helpers.APPID, helpers.MCHID, "wx2014")["sign"].isupper()
    assert pay_params.h5_redirect_url("https://wx.tenpay.com/pay?prepay_id=1", "https://a.example/r?x=1").endswith(
        "&redirect_url=https%3A%2F%2Fa.example%2Fr%3Fx%3D1"
    )
    url = pay_params.oauth2_authorize_url(helpers.APPID, "https://a.example/cb", "snsapi_userinfo", "S1")
    assert "scope=snsapi_userinfo" in url and url.endswith("#wechat_redirect")
    with pytest.raises(wp.InvalidArgumentError):
        pay_params.oauth2_authorize_url(helpers.APPID, "https://a.example/cb", "snsapi_everything")


def test_api_error_catalogue():
    info = api_error.lookup("SYSTEMERROR")
    assert info is not None and info.code == "SYSTEM_ERROR" and info.safe_to_resend
    assert api_error.lookup("no such code") is None
    assert len(api_error.catalogue()) > 10
    paying = api_error.lookup("USER_PAYING")
    assert paying is not None and paying.safe_to_resend is False
    assert isinstance(api_error.parse(400, b'{"code":"PARAM_ERROR","message":"m"}'), wp.ApiError)


def test_resource_bytes_and_versions():
    ct = resource.encrypt_bytes(helpers.APIV3_KEY, "abcdefghijkl", "ad", b"\x00\x01")
    assert resource.decrypt_bytes(helpers.APIV3_KEY, "abcdefghijkl", "ad", ct) == b"\x00\x01"
    assert resource.ALGORITHM == "AEAD_AES_256_GCM"
    assert wp.CORE_VERSION and wp.BACKEND and wp.__version__
