"""100,000 sign + verify + decrypt calls do not grow the process (RSS < 8 MiB)."""

import os
import threading

import helpers
from wechatpay_core import resource

CALLS = 100_000
THREADS = 2  # the GIL is released around RSA/AES, so two threads use two cores


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_no_growth_over_100k_calls():
    signer = helpers.signer()
    verifier = helpers.verifier()
    headers, body = helpers.callback()
    ciphertext = resource.encrypt(helpers.APIV3_KEY, "abcdefghijkl", "ad", "x" * 512)

    def work(n: int) -> None:
        for _ in range(n):
            signer.sign("POST", "/v3/pay/transactions/jsapi", body)
            verifier.verify(headers, body)
            resource.decrypt(helpers.APIV3_KEY, "abcdefghijkl", "ad", ciphertext)

    work(2_000)  # warm up allocator pools and caches
    before = rss_bytes()
    threads = [threading.Thread(target=work, args=(CALLS // THREADS,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    growth = rss_bytes() - before
    assert growth < 8 * 1024 * 1024, f"RSS grew by {growth / 1048576:.1f} MiB"
