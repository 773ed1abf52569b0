"""Writes the inputs every harness reads (one file, so that all runtimes measure the same bytes).

    python bench/fixtures.py OUT_DIR [--bill-mib N]

Responses and callbacks are signed with the vectors' platform key (as WeChat Pay would) at one
fixed time, `now`; every verifier of ours is given that `now` (a replay window of 300 s applies).
The bill (N MiB of CSV, gzip) is cached: regenerated only when its size changes.
"""

import gzip
import hashlib
import json
import os
import sys
import time

import wechatpay_core as wp
from wechatpay_core import resource

KEYS = os.path.join(os.environ.get("WECHATPAY_VECTORS", "/work/shared/vectors"), "keys")
SIZES = [1024, 16384, 262144, 1048576]  # the callback scale rows (resource plaintext bytes)
GCM_SIZES = [1024, 65536]


def key_path(name: str) -> str:
    return os.path.join(KEYS, name)


def transaction(n: int, pad_to: int = 0) -> str:
    doc = {
        "mchid": "1900000109",
        "appid": "wxd678efh567hg6787",
        "out_trade_no": "1217752501201407033233368018",
        "transaction_id": "4200000000000000000000%06d" % n,
        "trade_type": "JSAPI",
        "trade_state": "SUCCESS",
        "trade_state_desc": "支付成功",
        "bank_type": "CMC",
        "attach": "",
        "success_time": "2026-11-30T10:00:01+08:00",
        "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        "amount": {"total": 100, "payer_total": 100, "currency": "CNY", "payer_currency": "CNY"},
        "promotion_detail": [],
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    if pad_to:
        filler = pad_to - len(text.encode())
        doc["attach"] = "x" * max(filler, 0)
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text


def bill(path: str, mib: int) -> dict:
    meta = path + ".json"
    if os.path.exists(meta) and os.path.exists(path):
        with open(meta) as f:
            info = json.load(f)
        if info.get("mib") == mib:
            return info
    header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率\r\n"
    sha1 = hashlib.sha1()
    size = 0
    target = mib << 20
    with gzip.open(path + ".tmp", "wb", compresslevel=6) as out:
        chunk = [header]
        n = 0
        while size < target:
            rows = []
            for _ in range(2000):
                n += 1
                rows.append(
                    "`2026-11-30 10:%02d:%02d,`wxd678efh567hg6787,`1900000109,`0,`,`42000000%014d,`ORDER%012d,"
                    "`oUpF8uMuAJO_M2pxb1Q9zNjWe%03d,`JSAPI,`SUCCESS,`CMC,`CNY,`%d.%02d,`0.00,`0,`0,`0.00,`0.00,`,`,"
                    "`商品%d,`,`0.%02d,`0.60%%\r\n"
                    % (n // 60 % 60, n % 60, n, n * 7, n % 1000, n % 997, n % 100, n % 50, n % 100)
                )
            data = ("".join(chunk) + "".join(rows)).encode()
            chunk = []
            out.write(data)
            sha1.update(data)
            size += len(data)
    os.replace(path + ".tmp", path)
    info = {"mib": mib, "path": path, "hash_type": "SHA1", "hash_value": sha1.hexdigest(), "plain_bytes": size,
            "gzip_bytes": os.path.getsize(path)}
    with open(meta, "w") as f:
        json.dump(info, f)
    return info


def main() -> None:
    out_dir = os.path.abspath(sys.argv[1])
    mib = int(sys.argv[sys.argv.index("--bill-mib") + 1]) if "--bill-mib" in sys.argv else 100
    os.makedirs(out_dir, exist_ok=True)
    with open(key_path("secrets.json")) as f:
        secrets = json.load(f)
    now = int(time.time())
    apiv3 = wp.ApiV3Key(secrets["apiv3_key"])
    merchant_cert = wp.Certificate.from_file(key_path("apiclient_cert.pem"))
    platform_cert = wp.Certificate.from_file(key_path("platform_cert.pem"))
    gateway = wp.ResponseSigner.from_certificate(wp.PrivateKey.from_file(key_path("platform_key.pem")), platform_cert)

    def signed(body: str) -> dict:
        return {"headers": gateway.sign_at(body.encode(), now), "body": body}

    callbacks = {"typical": signed(wp.CallbackEnvelope.transaction("EV-typical", "2026-11-30T10:00:01+08:00",
                                                                   transaction(0)).seal(apiv3))}
    callbacks["typical"]["plaintext_bytes"] = len(transaction(0).encode())
    for size in SIZES:
        body = wp.CallbackEnvelope.transaction("EV-%d" % size, "2026-11-30T10:00:01+08:00",
                                               transaction(size, size)).seal(apiv3)
        callbacks[str(size)] = signed(body)
        callbacks[str(size)]["plaintext_bytes"] = size
    gcm = {}
    for size in GCM_SIZES:
        plain = transaction(size, size)  # JSON, as every APIv3 resource is
        nonce = "%012d" % size
        gcm[str(size)] = {"nonce": nonce, "associated_data": "transaction",
                          "ciphertext": resource.encrypt(apiv3, nonce, "transaction", plain), "plaintext_bytes": size}
    oaep_plain = "张三 13800138000 6222021234567890"
    merchant_encryptor = wp.SensitiveEncryptor.from_certificate(merchant_cert)
    fixtures = {
        "now": now,
        "keys": KEYS,
        "mchid": secrets["mchid"],
        "appid": secrets["appid"],
        "apiv3_key": secrets["apiv3_key"],
        "merchant_serial": merchant_cert.serial_no,
        "platform_serial": platform_cert.serial_no,
        "request": {
            "method": "POST",
            "url": "/v3/pay/transactions/jsapi",
            "body": json.dumps({"appid": secrets["appid"], "mchid": secrets["mchid"], "description": "Image形象店-深圳腾大-QQ公仔",
                                "out_trade_no": "1217752501201407033233368018",
                                "notify_url": "https://www.weixin.qq.com/wxpay/pay.php",
                                "amount": {"total": 100, "currency": "CNY"},
                                "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}},
                               ensure_ascii=False, separators=(",", ":")),
        },
        "response": signed(json.dumps({"prepay_id": "wx201410272009395522657a690389285100"}, separators=(",", ":"))),
        "callbacks": callbacks,
        "prepay_id": "wx201410272009395522657a690389285100",
        "gcm": gcm,
        # to the platform certificate (what a merchant sends) and to the merchant's own (what it decrypts)
        "oaep": {"plaintext": oaep_plain, "ciphertext_to_merchant": merchant_encryptor.encrypt(oaep_plain)},
        "bill": bill(os.path.join(out_dir, "bill-%dmib.csv.gz" % mib), mib),
    }
    with open(os.path.join(out_dir, "fixtures.json"), "w") as f:
        json.dump(fixtures, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
