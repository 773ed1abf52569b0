'use strict'
// What compat throws for an input the core refuses is the plugin's own error:
// the same class, message and code (and OpenSSL's `library`/`reason`), as a
// caller of wechatpay-axios-plugin@0.9.6 matches them (e.g. `err.code ===
// 'ERR_OSSL_RSA_OAEP_DECODING_ERROR'`). Only the documented deviations
// (compat-deviations.test.js) throw the core's kind instead.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { plugin, compat, keys } = require('./compat-fixtures.js')

/** The error `fn(lib)` throws (it must throw). */
function thrown(fn, lib) {
  try {
    fn(lib)
  } catch (err) {
    return err
  }
  return assert.fail(`${lib === plugin ? 'the plugin' : 'compat'} did not throw`)
}

/** Both libraries throw, and the errors are alike in everything a caller reads. */
function sameError(name, fn) {
  const expected = thrown(fn, plugin)
  const actual = thrown(fn, compat)
  const view = (err) => ({
    class: err.constructor.name,
    name: err.name,
    code: err.code,
    message: err.message,
    library: err.library,
    reason: err.reason,
  })
  assert.deepEqual(view(actual), view(expected), name)
  return actual
}

const b64 = (bytes) => Buffer.from(bytes).toString('base64')

test('Rsa.decrypt: a ciphertext the key cannot open throws the plugin\'s OpenSSL error', () => {
  const ct = plugin.Rsa.encrypt('张三', keys.merchantCert)
  const tampered = Buffer.from(ct, 'base64')
  tampered[10] ^= 0x55
  const cases = {
    empty: '',
    'three bytes': b64([1, 2, 3]),
    'one byte short of the modulus': b64(Buffer.alloc(255, 1)),
    'a modulus length of ones': b64(Buffer.alloc(256, 1)),
    'a value above the modulus': b64(Buffer.alloc(256, 0xff)),
    'longer than the modulus': b64(Buffer.alloc(257, 1)),
    tampered: tampered.toString('base64'),
  }
  for (const [name, ciphertext] of Object.entries(cases)) {
    const err = sameError(name, (lib) => lib.Rsa.decrypt(ciphertext, keys.pkcs8))
    assert.match(err.code, /^ERR_OSSL_RSA_/, name)
  }
  sameError('another private key', (lib) => lib.Rsa.decrypt(ct, keys.other))
  sameError('a PKCS#1 key', (lib) => lib.Rsa.decrypt(cases.empty, keys.pkcs1))
  sameError('a KeyObject', (lib) => lib.Rsa.decrypt(cases.tampered, lib.Rsa.from(keys.pkcs8)))
  // The base64 is still checked strictly first (deviation 3).
  assert.throws(() => compat.Rsa.decrypt(`${ct}\n`, keys.pkcs8), { code: 'BASE64' })
})

test('Rsa.encrypt: a plaintext too long for the key throws the plugin\'s OpenSSL error', () => {
  const err = sameError('215 bytes', (lib) => lib.Rsa.encrypt('x'.repeat(215), keys.merchantCert))
  assert.equal(err.code, 'ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE')
  assert.equal(compat.Rsa.decrypt(compat.Rsa.encrypt('x'.repeat(214), keys.merchantCert), keys.pkcs8), 'x'.repeat(214))
})

test('Rsa with a key that is not RSA, where the plugin throws too: the plugin\'s error', () => {
  const ed = crypto.generateKeyPairSync('ed25519')
  sameError('sign with Ed25519', (lib) => lib.Rsa.sign('m', ed.privateKey))
  sameError('verify with Ed25519', (lib) => lib.Rsa.verify('m', 'AAAA', ed.publicKey))
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  sameError('encrypt to an EC key', (lib) => lib.Rsa.encrypt('m', ec.publicKey))
  sameError('decrypt with an EC key', (lib) => lib.Rsa.decrypt('AAAA', ec.privateKey))
  // Where the plugin would sign with it (ECDSA), compat refuses it (deviation 8).
  assert.throws(() => compat.Rsa.sign('m', ec.privateKey), { code: 'KEY_FORMAT' })
})

test('AesGcm.decrypt: a tag mismatch throws Node\'s "Unsupported state or unable to authenticate data"', () => {
  const key = Buffer.alloc(32, 5)
  const ct = plugin.Aes.AesGcm.encrypt('{"out_trade_no":"1217752501201407033233368018"}', key, 'nonce0123456', 'transaction')
  const tampered = Buffer.from(ct, 'base64')
  tampered[0] ^= 1
  sameError('wrong key', (lib) => lib.Aes.AesGcm.decrypt(ct, Buffer.alloc(32, 6), 'nonce0123456', 'transaction'))
  sameError('wrong nonce', (lib) => lib.Aes.AesGcm.decrypt(ct, key, 'nonce0123457', 'transaction'))
  sameError('wrong associated_data', (lib) => lib.Aes.AesGcm.decrypt(ct, key, 'nonce0123456', 'certificate'))
  sameError('aad left out', (lib) => lib.Aes.AesGcm.decrypt(ct, key, 'nonce0123456'))
  sameError('tampered', (lib) => lib.Aes.AesGcm.decrypt(tampered.toString('base64'), key, 'nonce0123456', 'transaction'))
  const err = sameError('a bare 16-byte tag', (lib) => lib.Aes.AesGcm.decrypt(b64(Buffer.alloc(16)), key, 'nonce0123456'))
  assert.equal(err.message, 'Unsupported state or unable to authenticate data')
  assert.equal(compat.Aes.AesGcm.decrypt(ct, key, 'nonce0123456', 'transaction'), plugin.Aes.AesGcm.decrypt(ct, key, 'nonce0123456', 'transaction'))
})

test('AesEcb/AesCbc.decrypt: a ciphertext of no whole blocks throws Node\'s "wrong final block length"', () => {
  for (const n of [1, 3, 15, 17, 31, 33]) {
    const ciphertext = b64(Buffer.alloc(n, 7))
    const ecb = sameError(`ecb ${n} bytes`, (lib) => lib.Aes.AesEcb.decrypt(ciphertext, Buffer.alloc(32, 1)))
    assert.equal(ecb.code, 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH')
    sameError(`cbc ${n} bytes`, (lib) => lib.Aes.AesCbc.decrypt(ciphertext, Buffer.alloc(16, 1), Buffer.alloc(16, 2)))
  }
  // A bad padding is still refused with the core's kind (deviation 2: the plugin returns garbage there).
  assert.throws(() => compat.Aes.AesEcb.decrypt(b64(Buffer.alloc(16, 7)), Buffer.alloc(32, 1)), { code: 'DECRYPT_FAILED' })
})
