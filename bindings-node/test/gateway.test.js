'use strict'
// WeChat Pay's side of the protocol (for test doubles of the gateway), round
// tripped through the merchant side: requests, responses, certificate downloads.
const test = require('node:test')
const assert = require('node:assert')
const h = require('./helpers.js')
const { wp } = h

test('a signed request verifies as WeChat Pay verifies it; a changed one does not', async () => {
  const signer = wp.Signer.fromCertificate(h.secrets.mchid, h.merchantKey, h.merchantCert)
  const now = wp.unixNow()
  const signed = signer.signAt('POST', '/v3/pay/transactions/jsapi', '{"a":1}', now)
  const seen = wp.verifyRequest('POST', '/v3/pay/transactions/jsapi', '{"a":1}', signed.authorization, h.merchantCert.publicKey, now)
  assert.deepStrictEqual(seen, wp.parseAuthorization(signed.authorization))
  assert.strictEqual(seen.serialNo, h.merchantCert.serialNo)
  assert.deepStrictEqual(await wp.verifyRequestAsync('POST', '/v3/pay/transactions/jsapi', '{"a":1}', signed.authorization, h.merchantCert.publicKey, now), seen)
  assert.throws(() => wp.verifyRequest('POST', '/v3/pay/transactions/jsapi', '{"a":2}', signed.authorization, h.merchantCert.publicKey, now), { code: 'SIGNATURE_INVALID' })
  assert.throws(() => wp.verifyRequest('POST', '/v3/pay/transactions/jsapi', '{"a":1}', signed.authorization, h.merchantCert.publicKey, now + 3600), { code: 'TIMESTAMP_OUT_OF_WINDOW' })
  assert.throws(() => wp.parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",mchid="2"'), { code: 'HEADER_INVALID' })
})

test('responses signed by the gateway verify; probes are refused', async () => {
  const verifier = new wp.Verifier(h.trustStore())
  const body = '{"prepay_id":"wx201410272009395522657a690389285100"}'
  verifier.verify(h.gateway.sign(body), body)
  await verifier.verifyAsync(await h.gateway.signAtAsync(body, wp.unixNow()), Buffer.from(body))
  assert.throws(() => verifier.verify(h.gateway.probeAt(wp.unixNow()), body), { code: 'SIGNATURE_PROBE' })
  const pinned = new wp.Verifier(h.trustStore(), { now: 1795392123 })
  pinned.verify(h.gateway.signWith(body, 1795392123, 'N1'), body)
  pinned.clock.advance(301)
  assert.throws(() => pinned.verify(h.gateway.signWith(body, 1795392123, 'N1'), body), { code: 'TIMESTAMP_OUT_OF_WINDOW' })
})

test('a /v3/certificates download decrypts and verifies; the trust store is shared', () => {
  const platform2 = wp.Certificate.fromPemFile(h.file('keys/platform2_cert.pem'))
  const body = wp.certificatesBody(h.apiv3Key, [h.platformCert, platform2])
  const verifier = new wp.Verifier(h.trustStore())
  const now = Math.floor(platform2.notBefore.getTime() / 1000) + 60
  const certificates = wp.downloadResponse(h.gateway.signAt(body, now), body, h.apiv3Key, verifier, now)
  assert.deepStrictEqual(certificates.map((c) => c.serialNo), [h.platformCert.serialNo, platform2.serialNo])
  assert.strictEqual(verifier.trustStore.has(platform2.serialNo), false)
  const store = verifier.trustStore // the same store: additions reach the verifier
  for (const cert of certificates) store.addCertificate(cert)
  assert.strictEqual(verifier.trustStore.has(platform2.serialNo), true)
  assert.throws(() => wp.downloadResponse(h.gateway.signAt(body, now), body, new wp.ApiV3Key('0'.repeat(32)), verifier, now), { code: 'DECRYPT_FAILED' })
})
