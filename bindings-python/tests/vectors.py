"""Runs every case of every shared vector file through the Python binding.

Mirrors core/tests/conformance.rs: an unknown file, an unknown case field or an
unknown kind/scheme is a failure, never a skip. As a script it prints exactly
``python: N passed, M failed`` and exits 1 if M > 0::

    python bindings-python/tests/vectors.py [DIR]
"""

from __future__ import annotations

import base64
import binascii
import datetime
import gzip as _gzip  # noqa: F401  (documented: bills are gunzipped by the core, not here)
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import wechatpay_core as wp
from wechatpay_core import bill, pay_params, resource, v2

REPO_ROOT = Path(__file__).resolve().parents[2]


def vectors_dir() -> Path:
    env = os.environ.get("WECHATPAY_VECTORS")
    return Path(env) if env else (REPO_ROOT / ".." / "shared" / "vectors").resolve()


class CaseFailure(Exception):
    """A case did not behave as its vector says."""


def ensure(condition: bool, message: str) -> None:
    if not condition:
        raise CaseFailure(message)


def s(case: Dict[str, Any], field: str) -> str:
    value = case.get(field)
    if not isinstance(value, str):
        raise CaseFailure(f"field `{field}` missing or not a string")
    return value


def opt_s(case: Dict[str, Any], field: str) -> Optional[str]:
    value = case.get(field)
    if value is None or isinstance(value, str):
        return value
    raise CaseFailure(f"field `{field}` is not a string or null")


def valid(case: Dict[str, Any]) -> bool:
    value = case.get("valid")
    if not isinstance(value, bool):
        raise CaseFailure("field `valid` missing")
    return value


def headers(case: Dict[str, Any]) -> Dict[str, str]:
    value = case.get("headers")
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CaseFailure("field `headers` missing or not an object of strings")
    return value


def unix(text: str) -> int:
    if not text.isdigit():
        raise CaseFailure(f"`{text}` is not Unix seconds")
    return int(text)


def rfc3339(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise CaseFailure(f"`{text}` is not YYYY-MM-DDTHH:MM:SSZ") from None


def b64(text: str) -> Optional[bytes]:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def verifies(key: wp.PublicKey, message: bytes, signature: Optional[bytes]) -> bool:
    """Whether `signature` verifies over `message` (the binding raises when it does not)."""
    if signature is None:
        return False
    try:
        key.verify_sha256(message, signature)
        return True
    except wp.VerificationError:
        return False


def message_of(h: Dict[str, str], body: str) -> bytes:
    """Independent of the binding: the verification message of vectors/README.md."""
    lower = {k.lower(): v for k, v in h.items()}
    return f"{lower.get('wechatpay-timestamp', '')}\n{lower.get('wechatpay-nonce', '')}\n{body}\n".encode()


COMMON = ["name", "valid", "reason", "note", "peer_results"]
KNOWN_FIELDS: Dict[str, List[str]] = {
    "request_sign.json": [
        "mchid", "serial_no", "key_file", "cert_file", "method", "url", "timestamp", "nonce_str", "body",
        "message", "signature", "authorization",
    ],
    "response_verify.json": ["headers", "body", "message", "key_file"],
    "notification_decrypt.json": ["apiv3_key", "nonce", "associated_data", "ciphertext", "plaintext"],
    "notification_full.json": [
        "now", "max_clock_skew_seconds", "headers", "body", "key_file", "apiv3_key", "signature_valid",
        "resource_plaintext", "resource",
    ],
    "pay_params.json": [
        "kind", "appid", "mchid", "prepay_id", "timestamp", "nonce_str", "key_file", "cert_file", "message",
        "expected",
    ],
    "oaep.json": ["public_key_file", "private_key_file", "produced_by", "scheme", "ciphertext", "plaintext"],
    "v2_sign.json": ["params", "key", "sign_type", "string_to_sign", "expected_sign", "source"],
    "v2_refund_req_info.json": ["apiv2_key", "aes_key", "req_info", "expected_xml"],
    "cert_info.json": [
        "file", "serial_no", "serial_openssl_cli", "serial_node_x509", "serial_python_hex",
        "serial_der_content_hex", "serial_decimal", "not_before", "not_after", "reference_time",
        "expired_at_reference", "not_yet_valid_at_reference", "subject", "issuer", "sha256_fingerprint",
        "spki_sha256", "private_key_file", "kind", "pub_key_id", "password", "legacy_pbe", "encryption", "mac",
        "cert_serial_no", "matches_key_file", "matches_cert_file", "friendly_name",
    ],
    "bill_hash.json": ["bill_text", "bill_gzip", "hash_type", "hash_value", "sha1", "sha256", "gzip_sha1", "parsed"],
}


class Suite:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        store = json.loads((directory / "keys" / "trust_store.json").read_text(encoding="utf-8"))
        self.trust = wp.TrustStore()
        for cert in store["certificates"]:
            certificate = wp.Certificate.from_file(self.path(s(cert, "file")))
            ensure(certificate.serial_no == s(cert, "serial_no"), "trust store serial mismatch")
            self.trust.add_certificate(certificate)
        for key in store["public_keys"]:
            self.trust.add_public_key(s(key, "id"), wp.PublicKey.from_file(self.path(s(key, "file"))))

    def path(self, relative: str) -> Path:
        return self.dir / relative

    def private_key(self, case: Dict[str, Any], field: str) -> wp.PrivateKey:
        return wp.PrivateKey.from_file(self.path(s(case, field)))

    def public_key(self, case: Dict[str, Any], field: str) -> wp.PublicKey:
        return wp.PublicKey.from_file(self.path(s(case, field)))

    def runner(self, file: str) -> Optional[Callable[[Dict[str, Any]], None]]:
        return {
            "request_sign.json": self.request_sign,
            "response_verify.json": self.response_verify,
            "notification_decrypt.json": self.notification_decrypt,
            "notification_full.json": self.notification_full,
            "pay_params.json": self.pay_params,
            "oaep.json": self.oaep,
            "v2_sign.json": self.v2_sign,
            "v2_refund_req_info.json": self.v2_refund,
            "cert_info.json": self.cert_info,
            "bill_hash.json": self.bill_hash,
        }.get(file)

    # -- one method per file ---------------------------------------------------------------

    def request_sign(self, case: Dict[str, Any]) -> None:
        key = self.private_key(case, "key_file")
        cert = self.public_key(case, "cert_file")
        signer = wp.Signer(s(case, "mchid"), s(case, "serial_no"), key)
        signed = signer.sign_with(
            s(case, "method"), s(case, "url"), s(case, "body"), unix(s(case, "timestamp")), s(case, "nonce_str")
        )
        expected_sig = s(case, "signature")
        raw = b64(expected_sig)
        ok = verifies(cert, s(case, "message").encode(), raw)
        if valid(case):
            ensure(signed.message == s(case, "message"), "message differs")
            ensure(signed.signature == expected_sig, "signature differs")
            ensure(signed.authorization == s(case, "authorization"), f"authorization differs: {signed.authorization}")
            ensure(ok, "the merchant certificate does not verify the signature")
        else:
            ensure(signed.signature != expected_sig, "our signature equals the wrong one")
            ensure(not ok, "the wrong signature verifies over the message")

    def response_verify(self, case: Dict[str, Any]) -> None:
        h = headers(case)
        body = s(case, "body")
        ensure(message_of(h, body) == s(case, "message").encode(), "message differs")
        serial = {k.lower(): v for k, v in h.items()}.get("wechatpay-serial", "")
        found = self.trust.get(serial)
        key_file = opt_s(case, "key_file")
        if key_file is None:
            ensure(found is None, "trust-store lookup disagrees with key_file")
        else:
            ensure(found is not None, "trust-store lookup disagrees with key_file")
            expected = wp.PublicKey.from_file(self.path(key_file))
            found_key = found.public_key if isinstance(found, wp.Certificate) else found
            ensure(found_key == expected, "trust store gives another key than key_file")
        # No clock check in this file: "now" is the signed timestamp.
        ts = {k.lower(): v for k, v in h.items()}.get("wechatpay-timestamp", "0")
        now = int(ts) if ts.isdigit() else 0
        verifier = wp.Verifier(self.trust)
        try:
            verifier.verify(h, body.encode(), now=now)
            accepted, why = True, ""
        except wp.WeChatPayError as error:
            ensure(isinstance(error.kind, str) and wp.ERRORS_BY_KIND[error.kind] is type(error), "bad error class")
            accepted, why = False, f"{error.kind}: {error}"
        if valid(case):
            ensure(accepted, f"rejected: {why}")
        else:
            ensure(not accepted, "accepted")

    def notification_decrypt(self, case: Dict[str, Any]) -> None:
        try:
            key = wp.ApiV3Key(s(case, "apiv3_key"))
            plaintext: Optional[str] = resource.decrypt(
                key, case.get("nonce") or "", case.get("associated_data") or "", case.get("ciphertext") or ""
            )
        except wp.WeChatPayError:
            plaintext = None
        if valid(case):
            ensure(plaintext is not None and plaintext == opt_s(case, "plaintext"), f"decryption gave {plaintext!r}")
        else:
            ensure(plaintext is None, "decrypted an invalid case")

    def notification_full(self, case: Dict[str, Any]) -> None:
        window = case.get("max_clock_skew_seconds")
        ensure(isinstance(window, int), "max_clock_skew_seconds")
        verifier = wp.Verifier(self.trust, replay_window=window)
        parser = wp.CallbackParser(verifier, wp.ApiV3Key(s(case, "apiv3_key")))
        h = headers(case)
        body = s(case, "body")
        signature_valid = case.get("signature_valid")
        ensure(isinstance(signature_valid, bool), "signature_valid")
        key_file = opt_s(case, "key_file")
        if key_file is not None:
            key = wp.PublicKey.from_file(self.path(key_file))
            sig = b64({k.lower(): v for k, v in h.items()}.get("wechatpay-signature", "")) or b""
            ensure(verifies(key, message_of(h, body), sig) == signature_valid, "signature_valid differs")
        try:
            event: Optional[wp.CallbackEvent] = parser.parse(h, body.encode(), now=unix(s(case, "now")))
            why = ""
        except wp.WeChatPayError as error:
            event, why = None, f"{error.kind}: {error}"
        if valid(case):
            ensure(event is not None, f"rejected: {why}")
            assert event is not None
            ensure(event.plaintext == opt_s(case, "resource_plaintext"), "plaintext differs")
            ensure(event.resource == case.get("resource"), "parsed resource differs")
        else:
            ensure(event is None, "accepted")

    def pay_params(self, case: Dict[str, Any]) -> None:
        key = self.private_key(case, "key_file")
        cert = self.public_key(case, "cert_file")
        appid, prepay_id, nonce = s(case, "appid"), s(case, "prepay_id"), s(case, "nonce_str")
        timestamp = unix(s(case, "timestamp"))
        expected = case.get("expected")
        ensure(isinstance(expected, dict), "expected")
        assert isinstance(expected, dict)
        kind = s(case, "kind")
        if kind == "jsapi":
            ours: Dict[str, str] = pay_params.jsapi(key, appid, prepay_id, timestamp=timestamp, nonce_str=nonce)
            sign_field = "paySign"
        elif kind == "miniprogram":
            ours = pay_params.miniprogram(key, appid, prepay_id, timestamp=timestamp, nonce_str=nonce)
            sign_field = "paySign"
        elif kind == "app":
            ours = pay_params.app(key, appid, s(case, "mchid"), prepay_id, timestamp=timestamp, nonce_str=nonce)
            sign_field = "sign"
        else:
            raise CaseFailure(f"unknown pay_params kind `{kind}`")
        ensure(json.loads(json.dumps(ours)) == ours, "parameters are not JSON-ready")
        ok = verifies(cert, s(case, "message").encode(), b64(s(expected, sign_field)))
        if valid(case):
            ensure(ours == expected, f"parameters differ: {ours}")
            ensure(ok, "certificate does not verify the expected sign over message")
        else:
            ensure(ours[sign_field] != expected[sign_field], "our sign equals the wrong one")
            ensure(not ok, "the wrong sign verifies")

    def oaep(self, case: Dict[str, Any]) -> None:
        scheme = s(case, "scheme")
        ensure(scheme in ("oaep-sha1", "oaep-sha256", "pkcs1v15"), f"unknown oaep scheme `{scheme}`")
        decryptor = wp.SensitiveDecryptor(self.private_key(case, "private_key_file"))
        try:
            result: Optional[str] = decryptor.decrypt(s(case, "ciphertext"))
        except wp.WeChatPayError:
            result = None
        if valid(case):
            plaintext = s(case, "plaintext")
            ensure(result == plaintext, f"decryption gave {result!r}")
            encryptor = wp.SensitiveEncryptor.from_public_key("PUB_KEY_ID_TEST", self.public_key(case, "public_key_file"))
            ours = encryptor.encrypt(plaintext)
            ensure(decryptor.decrypt(ours) == plaintext, "round trip failed")
        else:
            ensure(result is None, f"decrypted an invalid ciphertext to {result!r}")

    def v2_sign(self, case: Dict[str, Any]) -> None:
        params = case.get("params")
        ensure(isinstance(params, dict) and all(isinstance(v, str) for v in params.values()), "params")
        assert isinstance(params, dict)
        key = wp.ApiV2Key(s(case, "key"))
        sign_type = s(case, "sign_type")
        ensure(v2.string_to_sign(params, key) == s(case, "string_to_sign"), "string_to_sign differs")
        ensure(v2.sign(params, key, sign_type) == s(case, "expected_sign"), "sign differs")
        if "sign" in params:
            try:
                v2.verify(params, key, sign_type)
                verdict = True
            except wp.WeChatPayError:
                verdict = False
            ensure(verdict == valid(case), f"verify gave {verdict}")
        else:
            ensure(valid(case), "a case without `sign` must be valid")

    def v2_refund(self, case: Dict[str, Any]) -> None:
        key_text = s(case, "apiv2_key")
        ensure(hashlib.md5(key_text.encode()).hexdigest() == s(case, "aes_key"), "aes_key is not md5(apiv2_key)")
        key = wp.ApiV2Key(key_text)
        try:
            xml: Optional[str] = v2.decrypt_req_info(s(case, "req_info"), key)
        except wp.WeChatPayError:
            xml = None
        if valid(case):
            ensure(xml is not None and xml == opt_s(case, "expected_xml"), f"decryption gave {xml!r}")
            fields = v2.decrypt_req_info_params(s(case, "req_info"), key)
            ensure(bool(fields), "decrypted XML has no fields")
        else:
            ensure(xml is None, "decrypted an invalid req_info")

    def cert_info(self, case: Dict[str, Any]) -> None:
        kind = opt_s(case, "kind")
        if kind is None:
            cert = wp.Certificate.from_file(self.path(s(case, "file")))
            ensure(cert.serial_no == s(case, "serial_no"), f"serial {cert.serial_no}")
            ensure(cert.serial_no == s(case, "serial_openssl_cli"), "openssl serial")
            ensure(cert.not_before == rfc3339(s(case, "not_before")), "not_before")
            ensure(cert.not_after == rfc3339(s(case, "not_after")), "not_after")
            ensure(cert.not_before.tzinfo is not None, "not_before is not aware")
            ensure(cert.subject == s(case, "subject"), f"subject {cert.subject}")
            ensure(cert.issuer == s(case, "issuer"), f"issuer {cert.issuer}")
            ensure(cert.fingerprint_sha256 == s(case, "sha256_fingerprint"), "fingerprint")
            ensure(cert.public_key.spki_sha256 == s(case, "spki_sha256"), "spki_sha256")
            reference = rfc3339(s(case, "reference_time"))
            expired, not_yet = case.get("expired_at_reference"), case.get("not_yet_valid_at_reference")
            ensure(isinstance(expired, bool) and isinstance(not_yet, bool), "validity flags")
            ensure(cert.is_valid_at(reference) == (not expired and not not_yet), "validity at reference")
            private_file = opt_s(case, "private_key_file")
            if private_file is not None:
                ensure(wp.PrivateKey.from_file(self.path(private_file)).matches(cert.public_key), "key mismatch")
        elif kind == "public_key":
            key = wp.PublicKey.from_file(self.path(s(case, "file")))
            ensure(key.spki_sha256 == s(case, "spki_sha256"), "spki_sha256")
            ensure(self.private_key(case, "private_key_file").matches(key), "private key does not match")
            ensure(self.trust.get(s(case, "pub_key_id")) is not None, "pub_key_id not in trust store")
        elif kind == "pkcs12":
            data = self.path(s(case, "file")).read_bytes()
            key, cert = wp.PrivateKey.from_pkcs12(data, s(case, "password"))
            ensure(cert.serial_no == s(case, "cert_serial_no"), "p12 certificate serial")
            file_key = self.private_key(case, "matches_key_file")
            ensure(key.sign_sha256(b"p12") == file_key.sign_sha256(b"p12"), "p12 key differs from key file")
            ensure(cert == wp.Certificate.from_file(self.path(s(case, "matches_cert_file"))), "p12 cert differs")
            try:
                wp.PrivateKey.from_pkcs12(data, "not-the-password")
                raise CaseFailure("a wrong password was accepted")
            except wp.WeChatPayError as error:
                ensure(error.kind == "PKCS12" and isinstance(error, wp.Pkcs12Error), "wrong password: not PKCS12")
        else:
            raise CaseFailure(f"unknown cert_info kind `{kind}`")

    def bill_hash(self, case: Dict[str, Any]) -> None:
        hash_type = s(case, "hash_type")
        compressed = b64(s(case, "bill_gzip"))
        ensure(compressed is not None, "bill_gzip is not base64")
        assert compressed is not None
        text = s(case, "bill_text")
        bill.verify_bill(text.encode(), "SHA1", s(case, "sha1"), gzip=False)
        bill.verify_bill(text.encode(), "SHA256", s(case, "sha256"), gzip=False)
        bill.verify_bill(compressed, "SHA1", s(case, "gzip_sha1"), gzip=False)
        verifier = bill.BillVerifier(hash_type, s(case, "hash_value"), gzip=True)
        try:
            for at in range(0, len(compressed), 1000):
                verifier.update(compressed[at : at + 1000])
            verifier.finish()
            streamed = True
        except wp.WeChatPayError:
            streamed = False
        ensure(streamed == valid(case), f"streamed verification gave {streamed}")
        if "parsed" in case:
            ensure(bill.parse_bill(text) == case["parsed"], "parsed bill differs")


def cases(directory: Path) -> Iterator[Tuple[str, str, Callable[[], None]]]:
    """Every (file, case name, check) of the suite; a check raises on failure."""
    suite = Suite(directory)
    manifest: Dict[str, Any] = {}
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    files = sorted(p.name for p in directory.iterdir() if p.name.endswith(".json") and p.name != "manifest.json")
    for file in files:
        fields = KNOWN_FIELDS.get(file)
        run = suite.runner(file)
        if fields is None or run is None:
            yield file, "*", _fail("unknown vector file")
            continue
        try:
            loaded = json.loads((directory / file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            yield file, "*", _fail(f"not readable JSON: {error}")
            continue
        if not isinstance(loaded, list):
            yield file, "*", _fail("not a JSON array")
            continue
        announced = manifest.get("files", {}).get(file, {}).get("cases") if isinstance(manifest, dict) else None
        if isinstance(announced, int) and announced != len(loaded):
            yield file, "*", _fail(f"manifest says {announced} cases, file has {len(loaded)}")
        for case in loaded:
            name = case.get("name") if isinstance(case, dict) else None
            name = name if isinstance(name, str) else "<unnamed>"
            yield file, name, _check(case, fields, run)


def _fail(why: str) -> Callable[[], None]:
    def check() -> None:
        raise CaseFailure(why)

    return check


def _check(case: Any, fields: List[str], run: Callable[[Dict[str, Any]], None]) -> Callable[[], None]:
    def check() -> None:
        ensure(isinstance(case, dict), "case is not an object")
        unknown = [k for k in case if k not in COMMON and k not in fields]
        ensure(not unknown, f"unknown case fields {unknown}")
        is_valid = case.get("valid", True)
        ensure(str(case.get("name", "")).startswith("neg_") != bool(is_valid), "name prefix `neg_` disagrees with `valid`")
        run(case)

    return check


def main(argv: List[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else vectors_dir()
    passed = failed = 0
    try:
        checks = list(cases(directory))
    except Exception as error:  # noqa: BLE001 - a suite that cannot load counts as one failure
        print(f"FAIL * *: cannot load the vectors at {directory}: {type(error).__name__}: {error}")
        print("python: 0 passed, 1 failed")
        return 1
    for file, name, check in checks:
        try:
            check()
            passed += 1
        except Exception as error:  # noqa: BLE001 - any exception is this case's failure
            failed += 1
            print(f"FAIL {file} {name}: {type(error).__name__}: {error}")
    print(f"python: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
