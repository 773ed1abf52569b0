'use strict'
// Every signature, verification, cipher and hash of wechatpay-core/compat is
// the native core's: with node:crypto's computing functions counted (before
// compat is loaded), the valid operations of Rsa, Aes, Hash and the v2
// Transformer call none of them, and PEM keys are parsed natively once.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const nodeCrypto = require('node:crypto')

const COUNTED = ['createHash', 'createHmac', 'createSign', 'createVerify', 'createCipheriv', 'createDecipheriv',
  'publicEncrypt', 'privateDecrypt', 'privateEncrypt', 'publicDecrypt', 'sign', 'verify', 'timingSafeEqual',
  'createPrivateKey', 'createPublicKey']
const calls = Object.fromEntries(COUNTED.map((name) => [name, 0]))
for (const name of COUNTED) {
  const original = nodeCrypto[name]
  nodeCrypto[name] = function counted(...args) {
    calls[name] += 1
    return original.apply(this, args)
  }
}

const fs = require('node:fs')
const path = require('node:path')
const { vectorsDir } = require('./conformance.js')
const compat = require('../compat')

const pem = (name) => fs.readFileSync(path.join(vectorsDir(), 'keys', name), 'utf8')
const key = pem('apiclient_key.pem')
const pkcs1 = pem('apiclient_key_pkcs1.pem')
const cert = pem('apiclient_cert.pem')

test('valid Rsa/Aes/Hash/Transformer operations never compute with node:crypto', () => {
  const k32 = Buffer.alloc(32, 1)
  const k16 = Buffer.alloc(16, 2)
  for (let i = 0; i < 20; i += 1) {
    const message = `message ${i} 微信`
    const signature = compat.Rsa.sign(message, i % 2 ? key : pkcs1)
    assert.equal(compat.Rsa.verify(message, signature, cert), true)
    assert.equal(compat.Rsa.decrypt(compat.Rsa.encrypt(message, cert), key), message)
    const gcm = compat.Aes.AesGcm.encrypt(message, k32, '0123456789ab', 'aad')
    assert.equal(compat.Aes.AesGcm.decrypt(gcm, k32, '0123456789ab', 'aad'), message)
    assert.equal(compat.Aes.AesEcb.decrypt(compat.Aes.AesEcb.encrypt(message, k32), k32), message)
    assert.equal(compat.Aes.AesCbc.decrypt(compat.Aes.AesCbc.encrypt(message, k16, k16), k16, k16), message)
    compat.Hash.md5(message, 'key')
    compat.Hash.hmac(message, 'key')
    compat.Hash.sha1(message)
    compat.Hash.sha256(message)
    compat.Hash.equals(message, message)
    compat.Hash.sign('HMAC-SHA256', { a: message }, 'key')
    new compat.Transformer('1900000109', 'k'.repeat(32)).signer.call({ method: 'post', url: '/pay/orderquery' }, { mch_id: '1900000109' })
  }
  assert.deepEqual(Object.entries(calls).filter(([, n]) => n > 0), [])
  // The counters do see compat's calls: Rsa.from returns a Node KeyObject, as in the plugin.
  compat.Rsa.from(key)
  assert.equal(calls.createPrivateKey, 1)
})

test('a PEM key is parsed once: repeated signs hit the cache', () => {
  // Timing-free: the native parse is observed through the cache's identity.
  const native = require('../compat/lib/native.js')
  const first = native.privateKey(key)
  for (let i = 0; i < 100; i += 1) assert.equal(native.privateKey(key), first)
  assert.equal(native.privateKey(Buffer.from(key)), native.privateKey(Buffer.from(key)))
  const ko = compat.Rsa.from(key)
  assert.equal(native.privateKey(ko), native.privateKey(ko))
  // Bounded: 64 other keys later, the first one is parsed again (a new object).
  for (let i = 0; i < 64; i += 1) native.privateKey(`${key}\n${' '.repeat(i + 1)}`)
  assert.notEqual(native.privateKey(key), first)
})
