"""8 threads share one Signer / CallbackParser / Verifier and get identical results."""

import threading

import helpers
from wechatpay_core import resource

THREADS = 8
ROUNDS = 200


def run_in_threads(work):
    results = [None] * THREADS
    errors = []
    start = threading.Barrier(THREADS)

    def worker(index):
        try:
            start.wait()
            results[index] = work()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_one_signer_many_threads():
    signer = helpers.signer()
    expected = signer.sign_with("POST", "/v3/pay/transactions/jsapi", '{"a":1}', 1_795_392_123, "NONCE").authorization

    def work():
        return [signer.sign_with("POST", "/v3/pay/transactions/jsapi", '{"a":1}', 1_795_392_123, "NONCE").authorization for _ in range(ROUNDS)]

    for result in run_in_threads(work):
        assert result == [expected] * ROUNDS


def test_one_parser_many_threads():
    parser = helpers.parser()
    headers, body = helpers.callback()
    expected = parser.parse(headers, body).plaintext

    def work():
        return [parser.parse(headers, body).plaintext for _ in range(ROUNDS)]

    for result in run_in_threads(work):
        assert result == [expected] * ROUNDS


def test_one_verifier_and_decrypt_many_threads():
    verifier = helpers.verifier()
    headers, body = helpers.callback()
    ciphertext = resource.encrypt(helpers.APIV3_KEY, "abcdefghijkl", "ad", "明文" * 100)

    def work():
        out = []
        for _ in range(ROUNDS):
            verifier.verify(headers, body)
            out.append(resource.decrypt(helpers.APIV3_KEY, "abcdefghijkl", "ad", ciphertext))
        return out

    for result in run_in_threads(work):
        assert result == ["明文" * 100] * ROUNDS
