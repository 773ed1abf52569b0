'use strict'
// Every documented deviation of wechatpay-core/compat from
// wechatpay-axios-plugin@0.9.6 (docs/compat.md, "Deviations"), one test each:
// what the plugin does, and what compat does instead (the standard).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { plugin, compat, keys } = require('./compat-fixtures.js')

const KEY32 = Buffer.alloc(32, 7)
const KEY16 = Buffer.alloc(16, 9)
const IV16 = Buffer.alloc(16, 3)
const IV12 = '0123456789ab'

test('1. AesEcb pads 16-byte-aligned plaintexts with a full PKCS#7 block', () => {
  for (const plaintext of ['', '0123456789abcdef', 'x'.repeat(32)]) {
    const theirs = Buffer.from(plugin.Aes.AesEcb.encrypt(plaintext, KEY32), 'base64')
    const ours = Buffer.from(compat.Aes.AesEcb.encrypt(plaintext, KEY32), 'base64')
    assert.equal(theirs.length, Buffer.byteLength(plaintext)) // no padding block
    assert.equal(ours.length, Buffer.byteLength(plaintext) + 16)
    // Ours is standard: any AES-256-ECB/PKCS#7 implementation (here Node's) reads it.
    const decipher = crypto.createDecipheriv('aes-256-ecb', KEY32, null)
    assert.equal(Buffer.concat([decipher.update(ours), decipher.final()]).toString(), plaintext)
    assert.equal(compat.Aes.AesEcb.decrypt(ours.toString('base64'), KEY32), plaintext)
  }
  // Unaligned plaintexts are the same bytes in both (the differential covers them).
  assert.equal(compat.Aes.AesEcb.encrypt('abc', KEY32), plugin.Aes.AesEcb.encrypt('abc', KEY32))
})

test('2. AesEcb/AesCbc decryption checks the padding: a wrong key throws instead of returning garbage', () => {
  const ecb = plugin.Aes.AesEcb.encrypt('{"refund_id":"50000000382019052709732678859"}', KEY32)
  const cbc = plugin.Aes.AesCbc.encrypt('{"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE"}', KEY16, IV16)
  const wrong32 = Buffer.alloc(32, 8)
  const wrong16 = Buffer.alloc(16, 8)
  assert.equal(typeof plugin.Aes.AesEcb.decrypt(ecb, wrong32), 'string') // garbage, no error
  assert.equal(typeof plugin.Aes.AesCbc.decrypt(cbc, wrong16, IV16), 'string')
  assert.throws(() => compat.Aes.AesEcb.decrypt(ecb, wrong32), { name: 'Error', code: 'DECRYPT_FAILED' })
  assert.throws(() => compat.Aes.AesCbc.decrypt(cbc, wrong16, IV16), { name: 'Error', code: 'DECRYPT_FAILED' })
  // A ciphertext without valid padding (made without any): the plugin returns it as is.
  const raw = crypto.createCipheriv('aes-128-cbc', KEY16, IV16).setAutoPadding(false)
  const unpadded = Buffer.concat([raw.update(Buffer.alloc(16, 0)), raw.final()]).toString('base64')
  assert.equal(plugin.Aes.AesCbc.decrypt(unpadded, KEY16, IV16), '\0'.repeat(16))
  assert.throws(() => compat.Aes.AesCbc.decrypt(unpadded, KEY16, IV16), { code: 'DECRYPT_FAILED' })
})

test('3. base64 is decoded strictly (canonical standard base64 only)', () => {
  const gcm = plugin.Aes.AesGcm.encrypt('{"a":1}', KEY32, IV12, 'aad')
  const ecb = plugin.Aes.AesEcb.encrypt('abc', KEY32)
  const cbc = plugin.Aes.AesCbc.encrypt('abc', KEY16, IV16)
  const rsa = plugin.Rsa.encrypt('张三', keys.merchantCert)
  const signature = plugin.Rsa.sign('message', keys.pkcs8)
  for (const lenient of [(s) => `${s}\n`, (s) => s.replace(/=+$/, ''), (s) => ` ${s}`, (s) => s.replace(/\+/g, '-').replace(/\//g, '_')]) {
    if (lenient(gcm) !== gcm) {
      assert.equal(plugin.Aes.AesGcm.decrypt(lenient(gcm), KEY32, IV12, 'aad'), '{"a":1}')
      assert.throws(() => compat.Aes.AesGcm.decrypt(lenient(gcm), KEY32, IV12, 'aad'), { name: 'Error', code: 'BASE64' })
    }
    if (lenient(ecb) !== ecb) {
      assert.equal(plugin.Aes.AesEcb.decrypt(lenient(ecb), KEY32), 'abc')
      assert.throws(() => compat.Aes.AesEcb.decrypt(lenient(ecb), KEY32), { code: 'BASE64' })
    }
    if (lenient(cbc) !== cbc) {
      assert.equal(plugin.Aes.AesCbc.decrypt(lenient(cbc), KEY16, IV16), 'abc')
      assert.throws(() => compat.Aes.AesCbc.decrypt(lenient(cbc), KEY16, IV16), { code: 'BASE64' })
    }
    if (lenient(rsa) !== rsa) {
      assert.equal(plugin.Rsa.decrypt(lenient(rsa), keys.pkcs8), '张三')
      assert.throws(() => compat.Rsa.decrypt(lenient(rsa), keys.pkcs8), { code: 'BASE64' })
    }
    if (lenient(signature) !== signature) {
      assert.equal(plugin.Rsa.verify('message', lenient(signature), keys.merchantCert), true)
      assert.equal(compat.Rsa.verify('message', lenient(signature), keys.merchantCert), false)
    }
  }
})

test('4. AesGcm takes 12-byte IVs only', () => {
  for (const iv of ['123', '0123456789abcdef', Buffer.alloc(1), Buffer.alloc(64)]) {
    const ct = plugin.Aes.AesGcm.encrypt('x', KEY32, iv)
    assert.equal(plugin.Aes.AesGcm.decrypt(ct, KEY32, iv), 'x')
    assert.throws(() => compat.Aes.AesGcm.encrypt('x', KEY32, iv), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_IV' })
    assert.throws(() => compat.Aes.AesGcm.decrypt(ct, KEY32, iv), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_IV' })
  }
})

test('5. AesGcm takes 16-byte tags only (a shorter input is not a truncated tag)', () => {
  for (const tagLength of [4, 8, 12, 13, 14, 15]) {
    const cipher = crypto.createCipheriv('aes-256-gcm', KEY32, IV12, { authTagLength: tagLength })
    cipher.final()
    const forged = cipher.getAuthTag().toString('base64') // an empty plaintext under a short tag
    // The plugin passes the short tag to Node and lets Node decide: Node
    // versions that take truncated tags decrypt it to '', Node 20.20 throws
    // a TypeError or an Error depending on the length.
    try {
      assert.equal(plugin.Aes.AesGcm.decrypt(forged, KEY32, IV12), '')
    } catch (err) {
      assert.ok(err.constructor === Error || err.constructor === TypeError, err)
    }
    assert.throws(() => compat.Aes.AesGcm.decrypt(forged, KEY32, IV12), { name: 'Error', code: 'CIPHERTEXT_LENGTH' })
  }
})

test('6. Transformer.toObject reads one flat <xml> exactly: no trimming, no DOCTYPE/entities, no nesting or duplicates', () => {
  assert.deepEqual(plugin.Transformer.toObject('<xml><a> x </a></xml>'), { a: 'x' })
  assert.deepEqual(compat.Transformer.toObject('<xml><a> x </a></xml>'), { a: ' x ' })
  const bomb = '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml><k>&a;</k></xml>'
  assert.deepEqual(plugin.Transformer.toObject(bomb), { k: 'aaaaaaaaaa' })
  assert.throws(() => compat.Transformer.toObject(bomb), { code: 'XML' })
  assert.deepEqual(plugin.Transformer.toObject('<xml><a><b>1</b></a></xml>'), { a: { b: '1' } })
  assert.throws(() => compat.Transformer.toObject('<xml><a><b>1</b></a></xml>'), { code: 'XML' })
  assert.deepEqual(plugin.Transformer.toObject('<xml><a>1</a><a>2</a></xml>'), { a: ['1', '2'] })
  assert.throws(() => compat.Transformer.toObject('<xml><a>1</a><a>2</a></xml>'), { code: 'XML' })
  assert.deepEqual(plugin.Transformer.toObject('<xml><a>1</a></xml><b>2</b>'), { a: '1' })
  assert.throws(() => compat.Transformer.toObject('<xml><a>1</a></xml><b>2</b>'), { code: 'XML' })
  // Not markup at all (a CSV bill): no object in either.
  assert.equal(plugin.Transformer.toObject('交易时间,商户号'), undefined)
  assert.equal(compat.Transformer.toObject('交易时间,商户号'), undefined)
})

test('7. Hash.hmac computes md5, sha1, sha256, sha384, sha512 (and their OpenSSL aliases) only', () => {
  for (const algorithm of ['sha224', 'sha3-256', 'sha512-256', 'ripemd160']) {
    assert.match(plugin.Hash.hmac('x', 'k', algorithm), /^[0-9a-f]+$/)
    assert.throws(() => compat.Hash.hmac('x', 'k', algorithm), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_DIGEST' })
  }
})

test('8. Rsa takes RSA keys only', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const signature = plugin.Rsa.sign('m', privateKey) // ECDSA under the name sha256WithRSAEncryption
  assert.equal(plugin.Rsa.verify('m', signature, publicKey), true)
  assert.throws(() => compat.Rsa.sign('m', privateKey), { code: 'KEY_FORMAT' })
  assert.throws(() => compat.Rsa.verify('m', signature, publicKey), { code: 'KEY_FORMAT' })
})

test('9. The User-Agent names wechatpay-core-compat', () => {
  assert.match(plugin.Decorator.defaults.headers['User-Agent'], /^wechatpay-axios-plugin\/0\.9\.6 axios\//)
  assert.match(compat.Decorator.defaults.headers['User-Agent'], /^wechatpay-core-compat\/\d+\.\d+\.\d+ axios\//)
})

test('10. an Authorization that WeChat Pay could not parse is not sent (mchid, serial, nonce checked)', async () => {
  const sent = []
  const config = () => ({
    mchid: '1900000109',
    serial: 'SERIAL WITH "QUOTES"',
    privateKey: keys.pkcs8,
    certs: { PLATFORM: keys.platformCert },
    // An adapter that records instead of sending.
    adapter: async (cfg) => {
      sent.push(cfg.headers.Authorization)
      return { data: '{}', status: 599, statusText: 'not sent', headers: {}, config: cfg, request: {} }
    },
    baseURL: 'http://127.0.0.1:9/',
  })
  await new plugin.Wechatpay(config()).v3.certificates.get().catch(() => {})
  assert.match(sent[0], /serial_no="SERIAL WITH "QUOTES""/)
  await assert.rejects(new compat.Wechatpay(config()).v3.certificates.get(), { code: 'INVALID_ARGUMENT' })
  assert.equal(sent.length, 1)
})
