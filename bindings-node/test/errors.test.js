'use strict'
// Every error code the core can raise, each from real bad input, thrown as an
// Error whose `code` is the core kind and whose message names the cause.
const test = require('node:test')
const assert = require('node:assert')
const fs = require('node:fs')
const h = require('./helpers.js')
const { wp } = h

const nonce12 = '0123456789ab'
const signedBy = (key, timestamp, nonce, body) => key.signSha256(`${timestamp}\n${nonce}\n${body}\n`)

// code -> a function that must throw it.
const producers = {
  KEY_FORMAT: () => wp.PrivateKey.fromPem('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n'),
  CERTIFICATE_FORMAT: () => wp.Certificate.fromDer(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])),
  PKCS12: () => wp.PrivateKey.fromPkcs12(fs.readFileSync(h.file('keys/apiclient_cert.p12')), 'not-the-password'),
  SECRET_LENGTH: () => new wp.ApiV3Key('too short'),
  HEADER_MISSING: () => h.parser().parse({ 'content-type': 'application/json' }, '{}'),
  HEADER_INVALID: () => {
    const cb = h.callback()
    h.parser().parse({ ...cb.headers, 'wechatpay-timestamp': 'yesterday' }, cb.body)
  },
  SIGNATURE_TYPE_UNSUPPORTED: () => {
    const cb = h.callback()
    h.parser().parse({ ...cb.headers, 'wechatpay-signature-type': 'WECHATPAY2-SM2-WITH-SM3' }, cb.body)
  },
  SIGNATURE_PROBE: () => {
    const cb = h.callback({ probe: true })
    h.parser().parse(cb.headers, cb.body)
  },
  SIGNATURE_MALFORMED: () => {
    const cb = h.callback({ signature: 'not*base64' })
    h.parser().parse(cb.headers, cb.body)
  },
  SIGNATURE_INVALID: () => {
    const cb = h.callback()
    h.parser().parse(cb.headers, cb.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" '))
  },
  SERIAL_UNKNOWN: () => {
    const cb = h.callback({ serial: '0123456789ABCDEF0123456789ABCDEF01234567' })
    h.parser().parse(cb.headers, cb.body)
  },
  CERTIFICATE_NOT_VALID: () => {
    const later = Math.floor(h.platformCert.notAfter.getTime() / 1000) + 86400
    const cb = h.callback({ timestamp: later })
    new wp.CallbackParser(new wp.Verifier(h.trustStore(), { now: later }), h.apiv3Key).parse(cb.headers, cb.body)
  },
  TIMESTAMP_OUT_OF_WINDOW: () => {
    const cb = h.callback({ timestamp: Math.floor(Date.now() / 1000) - 3600 })
    h.parser().parse(cb.headers, cb.body)
  },
  BASE64: () => wp.decryptResource(h.apiv3Key, nonce12, '', 'not base64 at all'),
  NONCE_LENGTH: () => wp.decryptResource(h.apiv3Key, 'short', '', 'AAAAAAAAAAAAAAAAAAAAAA=='),
  CIPHERTEXT_LENGTH: () => wp.decryptResource(h.apiv3Key, nonce12, '', 'AAAA'),
  DECRYPT_FAILED: () => {
    const sealed = wp.encryptResource(h.apiv3Key, nonce12, 'transaction', '{}')
    wp.decryptResource(new wp.ApiV3Key('0'.repeat(32)), nonce12, 'transaction', sealed)
  },
  PLAINTEXT_TOO_LONG: () => wp.SensitiveEncryptor.fromCertificate(h.platformCert).encrypt('x'.repeat(300)),
  ALGORITHM_UNSUPPORTED: () => {
    const body = JSON.parse(h.callback().body)
    body.resource.algorithm = 'AEAD_SM4_GCM'
    wp.decryptEvent(JSON.stringify(body), h.apiv3Key)
  },
  NOT_UTF8: () => wp.v2.decodeXml(Buffer.from('<xml><k>\xff</k></xml>', 'latin1')),
  JSON: () => {
    // A correctly signed body that is not a callback document.
    const ts = Math.floor(Date.now() / 1000)
    const body = '{"id": "EV-1", "resource": 42}'
    h.parser().parse(
      { 'Wechatpay-Timestamp': String(ts), 'Wechatpay-Nonce': 'n1', 'Wechatpay-Serial': h.platformCert.serialNo, 'Wechatpay-Signature': signedBy(h.platformKey, ts, 'n1', body) },
      body,
    )
  },
  XML: () => wp.v2.decodeXml('<!DOCTYPE xml [<!ENTITY a "b">]><xml><k>&a;</k></xml>'),
  BILL_HASH_MISMATCH: () => wp.verifyBill('交易时间,公众账号ID\r\n', 'SHA1', '0'.repeat(40), false),
  BILL_FORMAT: () => wp.verifyBill('this is not gzip', 'SHA1', '0'.repeat(40), true),
  INVALID_ARGUMENT: () => new wp.Signer(h.secrets.mchid, h.merchantCert.serialNo, h.merchantKey).signWith('get', '/v3/x', '', 1, 'n'),
  MULTIPART_FORMAT: () => wp.parseUpload('multipart/form-data; boundary=B0UND', Buffer.from('--B0UND\r\nno headers, no end')),
  IO: () => wp.PrivateKey.fromPemFile('/nonexistent/apiclient_key.pem'),
}

// Kinds no input can cause: BACKEND is the OS random generator or the crypto
// library failing; API_ERROR wraps a WeChat Pay error answer, which only an
// HTTP client (not this module) turns into an error.
const unreachable = new Set(['BACKEND', 'API_ERROR'])

test('ErrorCode lists every core kind once, in SCREAMING_SNAKE_CASE', () => {
  const codes = wp.errorCodes()
  assert.strictEqual(new Set(codes).size, codes.length)
  for (const code of codes) assert.match(code, /^[A-Z0-9_]+$/)
  const dts = fs.readFileSync(require.resolve('../index.d.ts'), 'utf8')
  const union = dts.slice(dts.indexOf('export type ErrorCode ='))
  for (const code of codes) assert.ok(union.includes(`| '${code}'`), `index.d.ts lacks ${code}`)
})

test('every reachable code is produced from real bad input', () => {
  const codes = wp.errorCodes()
  const covered = Object.keys(producers)
  assert.deepStrictEqual(
    codes.filter((code) => !unreachable.has(code)).sort(),
    covered.sort(),
    'every core kind needs a producer here (or a reason to be unreachable)',
  )
  for (const code of covered) {
    assert.throws(producers[code], (err) => {
      assert.ok(err instanceof Error, `${code}: not an Error`)
      assert.strictEqual(err.code, code, `${code}: got ${err.code}: ${err.message}`)
      assert.ok(err.message.length > 10, `${code}: message says nothing`)
      assert.ok(!err.message.includes(h.secrets.apiv3_key), `${code}: message leaks the APIv3 key`)
      return true
    })
  }
})

test('bad argument types are INVALID_ARGUMENT errors, not crashes', () => {
  const verifier = new wp.Verifier(h.trustStore())
  for (const headers of [null, 42, 'wechatpay-serial: x', [['a']], { 'wechatpay-nonce': { x: 1 } }]) {
    assert.throws(() => verifier.verify(headers, ''), (err) => err.code === 'INVALID_ARGUMENT' || err.code === 'HEADER_MISSING' || err instanceof TypeError)
  }
  assert.throws(() => wp.oauth2AuthorizeUrl('wx1', 'https://a.example/cb', 'snsapi_all'), { code: 'INVALID_ARGUMENT' })
})

test('secrets never print', () => {
  assert.strictEqual(String(h.merchantKey), 'PrivateKey([redacted])')
  assert.strictEqual(String(h.apiv3Key), 'ApiV3Key([redacted])')
  assert.strictEqual(String(new wp.ApiV2Key(h.secrets.apiv2_key)), 'ApiV2Key([redacted])')
  assert.ok(!require('node:util').inspect(h.apiv3Key).includes(h.secrets.apiv3_key))
})

test('a JS value of the wrong type is INVALID_ARGUMENT (napi-rs argument checks included)', async () => {
  const cases = [
    () => new wp.ApiV3Key(42),
    () => wp.PrivateKey.fromPem(42),
    () => wp.decryptResource(null, 'a', 'b', 'c'),
    () => new wp.Signer('1900000001', 'SERIAL', 'not a key'),
    () => wp.v2.sign({ a: '1' }, 'not a key', 'MD5'),
    () => h.merchantKey.signSha256(42),
    () => h.parser().parse(h.callback().headers, 42),
  ]
  for (const fn of cases) assert.throws(fn, (err) => err instanceof Error && err.code === 'INVALID_ARGUMENT' && /invalid argument/.test(err.message))
  const key = new wp.ApiV3Key('0'.repeat(32))
  assert.ok(key instanceof wp.ApiV3Key)
})
