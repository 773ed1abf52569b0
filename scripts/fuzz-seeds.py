#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the shared vectors.

    python3 scripts/fuzz-seeds.py [OUT_DIR]

OUT_DIR defaults to core/fuzz/corpus (gitignored: generated, never committed);
each target gets OUT_DIR/<target>/seed-<name>. Vectors come from
$WECHATPAY_VECTORS, default ../shared/vectors beside the repository.

Only the standard library is needed, except for the /v3/certificates seeds
and the signed HTTP messages made here, which need Python `cryptography`
(AES-GCM, RSA); without it those seeds are skipped with a note.

The message format of callback, response_verify and certificates_body is the
one core/fuzz/src/lib.rs reads: `Name: value` lines, an empty line, the body.
The differential layout is documented at
core/src/backend/differential.rs (`compare`).
"""

import base64
import hashlib
import json
import os
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = Path(os.environ.get("WECHATPAY_VECTORS", ROOT.parent / "shared" / "vectors"))
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "core" / "fuzz" / "corpus"

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    HAVE_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_CRYPTOGRAPHY = False

counts = {}


def seed(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = OUT / target
    directory.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    (directory / f"seed-{safe}").write_bytes(data)
    counts[target] = counts.get(target, 0) + 1


def load(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def key_bytes(name):
    return (VECTORS / "keys" / name).read_bytes()


def message(headers, body, crlf=False):
    eol = "\r\n" if crlf else "\n"
    head = "".join(f"{name}: {value}{eol}" for name, value in headers.items())
    body = body.encode("utf-8") if isinstance(body, str) else body
    return head.encode("utf-8") + eol.encode() + body


def pem_blocks(data):
    text = data.decode("ascii", "replace")
    for match in re.finditer(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", text, re.S):
        yield match.group(1), base64.b64decode("".join(match.group(2).split()))


secrets = load("keys/secrets.json")
APIV3_KEY = secrets["apiv3_key"].encode()
APIV2_KEY = secrets["apiv2_key"]

# --- callback / response_verify -------------------------------------------
notifications = load("notification_full.json")
responses = load("response_verify.json")
for case in notifications:
    data = message(case["headers"], case["body"])
    seed("callback", case["name"], data)
    seed("response_verify", "notification_" + case["name"], data)
seed("callback", "crlf_" + notifications[0]["name"], message(notifications[0]["headers"], notifications[0]["body"], True))
for case in responses:
    data = message(case["headers"], case["body"])
    seed("response_verify", case["name"], data)
    seed("callback", "response_" + case["name"], data)
cgi = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in responses[0]["headers"].items()}
seed("response_verify", "cgi_names", message(cgi, responses[0]["body"]))
probe = dict(responses[0]["headers"], **{"Wechatpay-Signature": "WECHATPAY/SIGNTEST/abc"})
seed("response_verify", "probe", message(probe, responses[0]["body"]))

# --- key_pem / pkcs12 -------------------------------------------------------
for path in sorted((VECTORS / "keys").iterdir()):
    if path.suffix == ".pem":
        raw = path.read_bytes()
        seed("key_pem", path.stem + "_pem", raw)
        for index, (label, der) in enumerate(pem_blocks(raw)):
            seed("key_pem", f"{path.stem}_{index}_der", der)
    elif path.suffix == ".p12":
        seed("pkcs12", path.stem, path.read_bytes())
seed("key_pem", "empty_armour", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")
if HAVE_CRYPTOGRAPHY:
    public = serialization.load_pem_public_key(key_bytes("wechatpay_pub_key.pem"))
    pkcs1 = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    seed("key_pem", "pkcs1_public_der", pkcs1)
    seed("key_pem", "pkcs1_public_pem", public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1))

# --- v2_xml / v2_refund -----------------------------------------------------
def xml_of(params, cdata=False):
    def value(v):
        return f"<![CDATA[{v}]]>" if cdata else v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return "<xml>" + "".join(f"<{k}>{value(v)}</{k}>" for k, v in params.items()) + "</xml>"


for case in load("v2_sign.json"):
    params = dict(case["params"])
    if "sign" not in params:
        params["sign"] = case["expected_sign"]
    seed("v2_xml", case["name"], xml_of(params))
    seed("v2_xml", case["name"] + "_cdata", xml_of(params, cdata=True))
refunds = load("v2_refund_req_info.json")
for case in refunds:
    if case["expected_xml"]:
        seed("v2_xml", "req_info_" + case["name"], case["expected_xml"])
    seed("v2_refund", case["name"], case["req_info"])
for name, text in {
    "declaration_comment": '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><xml>\n  <a>1 &lt; 2</a>\n  <b/>\n</xml>\n',
    "char_refs_cr": "<xml><a>x&#xD;y&#10;z&#x1F600;</a><b><![CDATA[]]]]><![CDATA[>]]></b></xml>",
    "doctype_bomb": '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml><k>&a;</k></xml>',
    "nested": "<xml><a><b>1</b></a></xml>",
    "duplicate": "<xml><k>1</k><k>2</k></xml>",
    "success_ack": "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>",
}.items():
    seed("v2_xml", name, text)

# --- bill_csv -----------------------------------------------------------------
for case in load("bill_hash.json"):
    seed("bill_csv", case["name"] + "_text", case["bill_text"])
    seed("bill_csv", case["name"] + "_gzip", base64.b64decode(case["bill_gzip"]))

# --- api_error ----------------------------------------------------------------
for name, body in {
    "param_error": {"code": "PARAM_ERROR", "message": "参数错误", "detail": {"field": "/amount/currency", "value": "XYZ", "issue": "Currency code is invalid", "location": "body"}},
    "system_error": {"code": "SYSTEM_ERROR", "message": "系统繁忙,请稍后重试"},
    "sign_error": {"code": "SIGN_ERROR", "message": "签名错误", "detail": None},
    "frequency_limited": {"code": "FREQUENCY_LIMITED", "message": "频率超限", "extra": [1, 2.5, True]},
    "v2_code": {"code": "SYSTEMERROR", "message": ""},
    "unknown": {"code": "SOMETHING_NEW", "message": "x", "detail": [1]},
}.items():
    seed("api_error", name, json.dumps(body, ensure_ascii=False))
seed("api_error", "html", "<html><body>502 Bad Gateway</body></html>")
seed("api_error", "empty_code", '{"code":"","message":"m"}')

# --- differential -------------------------------------------------------------
verify_cases = [(0, c["message"], c["signature"]) for c in load("request_sign.json") if c["key_file"] == "keys/apiclient_key.pem"]
verify_cases += [(1, c["message"], c["headers"]["Wechatpay-Signature"]) for c in responses if c.get("key_file") == "keys/platform_cert.pem"]
for index, (which, text, signature) in enumerate(verify_cases[:16]):
    msg = text.encode("utf-8")
    if len(msg) > 4096:  # keep seeds small; libFuzzer's -max_len follows the largest
        continue
    try:
        sig = base64.b64decode(signature, validate=True)
    except ValueError:
        continue
    seed("differential", f"op0_verify_{index}", bytes([0, which]) + struct.pack(">H", len(msg)) + msg + sig)
for mode in range(6):
    seed("differential", f"op1_sign_mode{mode}", bytes([1, mode, 200]) + b"GET\n/v3/certificates\n1554208460\nnonce\n\n")
    seed("differential", f"op3_oaep_mode{mode}", bytes([3, mode, 17]) + "张三".encode())
    seed("differential", f"op5_gcm_mode{mode}", bytes([5]) + APIV3_KEY + b"fdasflkja484" + bytes([11]) + b"transaction" + bytes([mode, 3]) + b'{"a":1}')
for case in load("oaep.json"):
    if case["private_key_file"] == "keys/apiclient_key.pem":
        seed("differential", "op2_" + case["name"], bytes([2]) + base64.b64decode(case["ciphertext"]))
for case in load("notification_decrypt.json"):
    key, nonce, aad = (case[k].encode() for k in ("apiv3_key", "nonce", "associated_data"))
    if len(key) == 32 and len(nonce) == 12 and len(aad) < 256:
        try:
            sealed = base64.b64decode(case["ciphertext"], validate=True)
        except ValueError:
            continue
        seed("differential", "op4_" + case["name"], bytes([4]) + key + nonce + bytes([len(aad)]) + aad + sealed)
ecb_key = hashlib.md5(APIV2_KEY.encode()).hexdigest().encode()
for case in refunds[:4]:
    try:
        seed("differential", "op6_" + case["name"], bytes([6]) + ecb_key + base64.b64decode(case["req_info"], validate=True))
    except ValueError:
        pass
seed("differential", "op7_two_blocks", bytes([7]) + ecb_key + b"0123456789abcdef" * 2)
seed("differential", "op7_partial", bytes([7]) + ecb_key + b"0123456789")
for name in ("apiclient_cert", "platform_cert", "wechatpay_pub_key"):
    for label, der in pem_blocks(key_bytes(name + ".pem")):
        if label == "PUBLIC KEY":
            seed("differential", f"op8_{name}", bytes([8]) + der)
        elif label == "CERTIFICATE" and HAVE_CRYPTOGRAPHY:
            from cryptography import x509

            spki = x509.load_der_x509_certificate(der).public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            seed("differential", f"op8_{name}", bytes([8]) + spki)
for name in ("apiclient_key", "platform_key"):
    for label, der in pem_blocks(key_bytes(name + ".pem")):
        seed("differential", f"op9_{name}", bytes([9]) + der)

# --- certificates_body (needs cryptography) ---------------------------------------
if HAVE_CRYPTOGRAPHY:
    certs = {c["file"]: c for c in load("cert_info.json") if "serial_no" in c}

    def entry(cert_file, nonce):
        info = certs[cert_file]
        sealed = AESGCM(APIV3_KEY).encrypt(nonce, key_bytes(cert_file[len("keys/"):]), b"certificate")
        return {
            "serial_no": info["serial_no"],
            "effective_time": info["not_before"],
            "expire_time": info["not_after"],
            "encrypt_certificate": {
                "algorithm": "AEAD_AES_256_GCM",
                "nonce": nonce.decode(),
                "associated_data": "certificate",
                "ciphertext": base64.b64encode(sealed).decode(),
            },
        }

    def signed(body, key_file, serial, timestamp="1795392000", nonce="593BEC0C930BF1AFEB40B4A08C8FB242"):
        key = serialization.load_pem_private_key(key_bytes(key_file), password=None)
        text = f"{timestamp}\n{nonce}\n{body}\n".encode()
        signature = base64.b64encode(key.sign(text, padding.PKCS1v15(), hashes.SHA256())).decode()
        headers = {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Serial": serial,
            "Wechatpay-Signature": signature,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
            "Request-ID": "08F78BB5AF0610D302839A2F0E0F",
        }
        return message(headers, body)

    platform = certs["keys/platform_cert.pem"]["serial_no"]
    one = json.dumps({"data": [entry("keys/platform_cert.pem", b"a1b2c3d4e5f6")]}, separators=(",", ":"))
    two = json.dumps(
        {"data": [entry("keys/platform_cert.pem", b"a1b2c3d4e5f6"), entry("keys/platform2_cert.pem", b"0123456789ab")]},
        separators=(",", ":"),
    )
    seed("certificates_body", "one_certificate", signed(one, "platform_key.pem", platform))
    seed("certificates_body", "two_certificates", signed(two, "platform_key.pem", platform))
    seed("certificates_body", "signed_by_platform2", signed(two, "platform2_key.pem", certs["keys/platform2_cert.pem"]["serial_no"]))
    seed("certificates_body", "public_key_mode_empty", signed('{"data":[]}', "wechatpay_pub_key_private.pem", secrets["pub_key_id"]))
    seed("certificates_body", "unsigned_body_only", b"\n\n" + one.encode())
    # Signed responses and callbacks for the other targets: a fresh body each.
    seed("response_verify", "signed_pub_key_mode", signed('{"code":"SUCCESS"}', "wechatpay_pub_key_private.pem", secrets["pub_key_id"]))
    seed("callback", "signed_certificates_body", signed(one, "platform_key.pem", platform))
else:
    print("fuzz-seeds: Python `cryptography` is missing: certificates_body gets no signed seeds", file=sys.stderr)
    seed("certificates_body", "empty_list", b'Wechatpay-Timestamp: 1795392000\n\n{"data":[]}')

# WeChat Pay's side: merchant requests as the gateway receives them.
for case in load("request_sign.json"):
    request = {":method": case["method"], ":path": case["url"], "Authorization": case["authorization"]}
    seed("request_verify", case["name"], message(request, case["body"]))
seed("request_verify", "no_authorization", message({":method": "GET", ":path": "/v3/certificates"}, ""))

# Media uploads in the layout of the core's MediaUpload.
def upload(filename, file, boundary="B0UND"):
    meta = json.dumps({"filename": filename, "sha256": hashlib.sha256(file).hexdigest()}, separators=(",", ":"), ensure_ascii=False)
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"meta\";\r\nContent-Type: application/json\r\n\r\n{meta}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    ).encode() + file + f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}\n".encode() + body

seed("multipart", "hello", upload("filea.jpg", b"hello"))
seed("multipart", "binary", upload("b.png", bytes(range(256)), "x-Boundary_1"))
seed("multipart", "unicode_name", upload("照片.jpg", b"\xff\xd8\xff"))

for target in sorted(counts):
    print(f"fuzz-seeds: {target}: {counts[target]} seeds in {OUT / target}")
