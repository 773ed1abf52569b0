"""Python harness: wechatpay_core (bindings-python) against wechatpayv3, hashlib + gzip, in one process,
alternating A B A B per round. Prints one JSON line per row (see bench/node/bench.js for the protocol).

    BENCH_FIXTURES=fixtures.json BENCH_ROUNDS=5 BENCH_SAMPLE_MS=300 python bench/python/bench.py
"""

import json
import os
import statistics
import sys
import threading
import time
import zlib
import hashlib

import wechatpay_core as wp
from wechatpay_core import bill, pay_params, resource

fx = json.load(open(os.environ["BENCH_FIXTURES"], encoding="utf-8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SAMPLE_MS = float(os.environ.get("BENCH_SAMPLE_MS", "300"))
SLICES = int(os.environ.get("BENCH_SLICES", "6"))
ONLY = set(os.environ["BENCH_ONLY"].split(",")) if os.environ.get("BENCH_ONLY") else None


def emit(row):
    sys.stdout.write(json.dumps({"runtime": "python", **row}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


# BENCH_CORES=n: only the all-cores row for n CPUs (bench/run.sh runs it under taskset); otherwise the rest
CORES = int(os.environ.get("BENCH_CORES", "0"))


def want(op):
    if (CORES > 0) != op.startswith("cores:"):
        return False
    return ONLY is None or op.split(":")[0] in ONLY


def batch_for(fn):
    t0 = time.perf_counter_ns()
    fn()
    dt = time.perf_counter_ns() - t0
    return max(1, min(10000, int(1e6 / max(dt, 1))))


def sample(fn, ms, batch):
    t0 = time.perf_counter()
    end = t0 + ms / 1000
    n = 0
    while True:
        for _ in range(batch):
            fn()
        n += batch
        t = time.perf_counter()
        if t >= end:
            return n / (t - t0)


def sample_threads(fn, ms, threads):
    """Total ops/s of `threads` threads each running fn in a loop for ms."""
    counts = [0] * threads
    start = threading.Barrier(threads + 1)
    stop = [0.0]

    def work(i):
        start.wait()
        n = 0
        while time.perf_counter() < stop[0]:
            fn()
            n += 1
        counts[i] = n

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    t0 = time.perf_counter()
    stop[0] = t0 + ms / 1000
    start.wait()
    for t in pool:
        t.join()
    return sum(counts) / (time.perf_counter() - t0)


def measure(c, ms):
    if c.get("threads"):
        return sample_threads(c["fn"], ms, c["threads"])
    return sample(c["fn"], ms, c["batch"])


def pair(op, contestants, **extra):
    """contestants[0] is ours; each is {name, fn} or {name, reason}. A round gives each SAMPLE_MS in SLICES
    slices taken in turn (A B, B A, ...) so that load from elsewhere hits both alike; its value is the median slice."""
    if not want(op):
        return
    ready, reasons = [], {}
    for c in contestants:
        if c.get("reason"):
            reasons[c["name"]] = c["reason"]
            continue
        try:
            for _ in range(3):
                c["fn"]()  # warm-up, and every contestant must succeed on the fixture
            c["batch"] = batch_for(c["fn"])
            measure(c, SAMPLE_MS / 3)
            ready.append(c)
        except Exception as err:  # a peer that fails on the fixture is reported, not timed
            reasons[c["name"]] = "failed on the fixture: %s: %s" % (type(err).__name__, err)
    rounds = {c["name"]: [] for c in ready}
    for r in range(ROUNDS):
        slices = {c["name"]: [] for c in ready}
        for s in range(SLICES):
            for c in (ready if (r * SLICES + s) % 2 == 0 else ready[::-1]):
                slices[c["name"]].append(measure(c, SAMPLE_MS / SLICES))
        for c in ready:
            rounds[c["name"]].append(statistics.median(slices[c["name"]]))
    emit({"op": op, "ours": contestants[0]["name"], "rounds": rounds, "reasons": reasons,
          "peers": [c["name"] for c in contestants[1:]], **extra})


def K(name):
    return os.path.join(fx["keys"], name)


key_pem = open(K("apiclient_key.pem"), encoding="utf-8").read()
platform_pem = open(K("platform_cert.pem"), encoding="utf-8").read()
req = fx["request"]
resp_headers, resp_body = fx["response"]["headers"], fx["response"]["body"].encode()
callbacks = {k: (v["headers"], v["body"].encode(), v["plaintext_bytes"]) for k, v in fx["callbacks"].items()}

# ours: objects built once
key = wp.PrivateKey.from_pem(key_pem)
signer = wp.Signer(fx["mchid"], fx["merchant_serial"], key)
store = wp.TrustStore()
store.add_certificate(wp.Certificate.from_pem(platform_pem))
verifier = wp.Verifier(store, clock=wp.Clock.manual(fx["now"]))
apiv3 = wp.ApiV3Key(fx["apiv3_key"])
parser = wp.CallbackParser(verifier, apiv3)
encryptor = wp.SensitiveEncryptor.from_certificate(wp.Certificate.from_pem(platform_pem))
decryptor = wp.SensitiveDecryptor(key)

# wechatpayv3: its WeChatPay object with the platform certificate in cert_dir (no network)
peer = {}
try:
    import wechatpayv3
    from wechatpayv3 import WeChatPay, WeChatPayType, utils

    certdir = os.path.join(os.path.dirname(os.environ["BENCH_FIXTURES"]), "wechatpayv3-certs")
    os.makedirs(certdir, exist_ok=True)
    with open(os.path.join(certdir, fx["platform_serial"] + ".pem"), "w", encoding="utf-8") as f:
        f.write(platform_pem)
    wxpay = WeChatPay(wechatpay_type=WeChatPayType.JSAPI, mchid=fx["mchid"], private_key=key_pem,
                      cert_serial_no=fx["merchant_serial"], appid=fx["appid"], apiv3_key=fx["apiv3_key"],
                      cert_dir=certdir)
    v3_key = utils.load_private_key(key_pem)
    v3_platform = utils.load_certificate(platform_pem)
    certs = wxpay._core._certificates
    peer_name = "wechatpayv3 %s" % getattr(wechatpayv3, "__version__", "?")

    def v3_verify():
        h = resp_headers
        # what wechatpayv3 does for a response: find the certificate by serial, rsa_verify
        serial = h["Wechatpay-Serial"]
        cert = next(c for c in certs if c.serial_number == int(serial, 16))
        if not utils.rsa_verify(h["Wechatpay-Timestamp"], h["Wechatpay-Nonce"], resp_body.decode(),
                                h["Wechatpay-Signature"], cert.public_key()):
            raise ValueError("signature")

    def v3_callback(cb):
        headers, body, _ = cb

        def run():
            out = wxpay.callback(headers, body)
            if not out:
                raise ValueError("callback refused")
            return out
        return run

    def v3_jsapi():
        timestamp = str(int(time.time()))
        nonce_str = "".join(str(__import__("uuid").uuid4()).split("-")).upper()
        package = "prepay_id=" + fx["prepay_id"]
        sign = wxpay.sign([fx["appid"], timestamp, nonce_str, package])
        return {"appId": fx["appid"], "timeStamp": timestamp, "nonceStr": nonce_str, "package": package,
                "signType": "RSA", "paySign": sign}

    def v3_gcm(g):
        def run():
            if utils.aes_decrypt(g["nonce"], g["ciphertext"], g["associated_data"], fx["apiv3_key"]) is None:
                raise ValueError("decrypt")
        return run

    peer = {
        "sign": lambda: utils.build_authorization(req["url"], req["method"], fx["mchid"], fx["merchant_serial"], v3_key,
                                                  data=req["body"]),
        "verify": v3_verify,
        "callback": v3_callback,
        "jsapi": v3_jsapi,
        "oaep_encrypt": lambda: utils.rsa_encrypt(fx["oaep"]["plaintext"], v3_platform.public_key()),
        "oaep_decrypt": lambda: utils.rsa_decrypt(fx["oaep"]["ciphertext_to_merchant"], v3_key),
        "gcm": v3_gcm,
        "key_load": lambda: utils.load_private_key(key_pem),
    }
except Exception as err:  # reported on every row
    peer_name = "wechatpayv3"
    peer_reason = "wechatpayv3 not usable: %s: %s" % (type(err).__name__, err)


def theirs(what, *args):
    if what not in peer:
        return {"name": peer_name, "reason": peer_reason}
    return {"name": peer_name, "fn": peer[what](*args) if args else peer[what]}


def main():
    pair("sign", [{"name": "wechatpay_core Signer.sign", "fn": lambda: signer.sign(req["method"], req["url"], req["body"]).authorization},
                  theirs("sign")])
    pair("verify", [{"name": "wechatpay_core Verifier.verify", "fn": lambda: verifier.verify(resp_headers, resp_body)},
                    theirs("verify")])
    h, b, n = callbacks["typical"]
    pair("callback", [{"name": "wechatpay_core CallbackParser.parse", "fn": lambda: parser.parse(h, b).resource},
                      theirs("callback", callbacks["typical"])], bytes=n)
    pair("jsapi", [{"name": "wechatpay_core pay_params.jsapi", "fn": lambda: pay_params.jsapi(key, fx["appid"], fx["prepay_id"])},
                   theirs("jsapi")])
    pair("oaep_encrypt", [{"name": "wechatpay_core SensitiveEncryptor.encrypt", "fn": lambda: encryptor.encrypt(fx["oaep"]["plaintext"])},
                          theirs("oaep_encrypt")])
    pair("oaep_decrypt", [{"name": "wechatpay_core SensitiveDecryptor.decrypt",
                           "fn": lambda: decryptor.decrypt(fx["oaep"]["ciphertext_to_merchant"])}, theirs("oaep_decrypt")])
    for size, g in fx["gcm"].items():
        pair("gcm_decrypt:%s" % size, [
            {"name": "wechatpay_core resource.decrypt",
             "fn": lambda g=g: resource.decrypt(apiv3, g["nonce"], g["associated_data"], g["ciphertext"])},
            theirs("gcm", g)], bytes=int(size))
    pair("key_load", [{"name": "wechatpay_core PrivateKey.from_pem", "fn": lambda: wp.PrivateKey.from_pem(key_pem)},
                      theirs("key_load")])

    if want("bill"):
        gz = open(fx["bill"]["path"], "rb").read()
        chunk = 1 << 20

        def ours_bill():
            v = bill.BillVerifier(fx["bill"]["hash_type"], fx["bill"]["hash_value"], gzip=True)
            for i in range(0, len(gz), chunk):
                v.update(gz[i:i + chunk])
            v.finish()

        def hashlib_bill():
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            h = hashlib.sha1()
            for i in range(0, len(gz), chunk):
                h.update(d.decompress(gz[i:i + chunk]))
            h.update(d.flush())
            if h.hexdigest() != fx["bill"]["hash_value"]:
                raise ValueError("bill hash")

        pair("bill", [{"name": "wechatpay_core bill.BillVerifier", "fn": ours_bill},
                      {"name": "hashlib + zlib (CPython %s)" % sys.version.split()[0], "fn": hashlib_bill}],
             bytes=fx["bill"]["plain_bytes"])

    for size, cb in callbacks.items():
        if size == "typical":
            continue
        pair("callback_scale:%s" % size, [
            {"name": "wechatpay_core CallbackParser.parse", "fn": lambda cb=cb: parser.parse(cb[0], cb[1]).resource},
            theirs("callback", cb)], bytes=cb[2])

    if CORES:
        mine = {"name": "wechatpay_core CallbackParser.parse (%d thread%s, GIL released)" % (CORES, "s" if CORES > 1 else ""),
                "fn": lambda: parser.parse(h, b), "threads": CORES}
        other = theirs("callback", callbacks["typical"])
        if "fn" in other:
            other["threads"] = CORES
            other["name"] += " (%d thread%s)" % (CORES, "s" if CORES > 1 else "")
        pair("cores:%d" % CORES, [mine, other], cores=CORES)

main()
