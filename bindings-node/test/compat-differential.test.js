'use strict'
// The differential test of wechatpay-core/compat against the real
// wechatpay-axios-plugin@0.9.6: thousands of generated inputs (seeded PRNG,
// deterministic) through every Rsa/Aes/Hash/Formatter/Transformer function of
// both, asserting the same values or the same error classes. The inputs
// avoid only the documented deviations, each of which has its own test in
// compat-deviations.test.js.
const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const { createSecretKey, createCipheriv, constants } = require('node:crypto')
const { plugin, compat, keys, prng, SEED, same, both, count } = require('./compat-fixtures.js')

const rnd = prng(SEED)
const perModule = {}
const counted = (name, fn) => () => {
  const before = count()
  fn()
  perModule[name] = count() - before
}

const privateForms = (lib) => [
  ['pkcs8 pem', keys.pkcs8],
  ['pkcs1 pem', keys.pkcs1],
  ['pkcs8 buffer', Buffer.from(keys.pkcs8)],
  ['KeyObject', lib.Rsa.from(keys.pkcs8, 'private')],
  ['fromPkcs1', lib.Rsa.fromPkcs1(keys.pkcs1.replace(/-----[^-]+-----|\s/g, ''))],
  ['fromPkcs8', lib.Rsa.fromPkcs8(keys.pkcs8.replace(/-----[^-]+-----|\s/g, ''))],
]
const publicForms = (lib) => [
  ['certificate pem', keys.merchantCert],
  ['spki pem', lib.Rsa.from(keys.merchantCert, 'public').export({ format: 'pem', type: 'spki' })],
  ['pkcs1 public pem', lib.Rsa.from(keys.merchantCert, 'public').export({ format: 'pem', type: 'pkcs1' })],
  ['private pem', keys.pkcs8],
  ['certificate buffer', Buffer.from(keys.merchantCert)],
  ['KeyObject', lib.Rsa.from(keys.merchantCert, 'public')],
  ['fromSpki', lib.Rsa.fromSpki(lib.Rsa.from(keys.merchantCert, 'public').export({ format: 'der', type: 'spki' }).toString('base64'))],
]
const BAD_KEYS = ['nope', '', undefined, null, 123, {}, Buffer.alloc(0), keys.pkcs8.slice(0, 200)]
const BAD_DATA = [123, null, undefined, {}, [], true]
const K32 = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex')
const K16 = K32.subarray(8, 24)

/** A tampered copy of a canonical base64 signature that stays canonical. */
function tamper(signature) {
  const i = rnd.int(signature.length - 4)
  const c = signature[i] === 'A' ? 'B' : 'A'
  return signature.slice(0, i) + c + signature.slice(i + 1)
}

test('Rsa: sign, verify, encrypt, decrypt, from* (PKCS#1, PKCS#8, SPKI, certificates, KeyObjects)', counted('Rsa', () => {
  const forms = { plugin: privateForms(plugin), compat: privateForms(compat) }
  const pubs = { plugin: publicForms(plugin), compat: publicForms(compat) }
  for (let i = 0; i < 400; i += 1) {
    const message = rnd.message()
    const f = rnd.int(forms.plugin.length)
    const signature = same(`sign #${i} (${forms.plugin[f][0]})`,
      () => plugin.Rsa.sign(message, forms.plugin[f][1]), () => compat.Rsa.sign(message, forms.compat[f][1]))
    const p = rnd.int(pubs.plugin.length)
    same(`verify #${i} (${pubs.plugin[p][0]})`,
      () => plugin.Rsa.verify(message, signature, pubs.plugin[p][1]), () => compat.Rsa.verify(message, signature, pubs.compat[p][1]))
    const bad = tamper(signature)
    both(`verify tampered #${i}`, (lib) => lib.Rsa.verify(message, bad, keys.merchantCert))
    both(`verify wrong key #${i}`, (lib) => lib.Rsa.verify(message, signature, keys.platformCert))
    both(`verify other message #${i}`, (lib) => lib.Rsa.verify(`${message}x`, signature, keys.merchantCert))
    both(`verify raw signature bytes #${i}`, (lib) => lib.Rsa.verify(message, Buffer.from(signature, 'base64'), keys.merchantCert))
  }
  for (const [name, pub, priv] of [['merchant', keys.merchantCert, keys.pkcs8], ['pubkey', keys.pubKey, keys.pubKeyPrivate], ['pkcs1', keys.merchantCert, keys.pkcs1]]) {
    for (let i = 0; i < 60; i += 1) {
      const plaintext = rnd.text(rnd.int(70))
      same(`encrypt by compat, decrypt by plugin (${name}) #${i}`,
        () => plaintext, () => plugin.Rsa.decrypt(compat.Rsa.encrypt(plaintext, pub), priv))
      same(`encrypt by plugin, decrypt by compat (${name}) #${i}`,
        () => plaintext, () => compat.Rsa.decrypt(plugin.Rsa.encrypt(plaintext, pub), priv))
      const ct = plugin.Rsa.encrypt(plaintext, pub)
      both(`decrypt with a wrong key (${name}) #${i}`, (lib) => lib.Rsa.decrypt(ct, keys.other))
      const raw = Buffer.from(ct, 'base64')
      raw[rnd.int(raw.length)] ^= 1 + rnd.int(255)
      both(`decrypt tampered (${name}) #${i}`, (lib) => lib.Rsa.decrypt(raw.toString('base64'), priv))
    }
  }
  for (const length of [0, 1, 100, 214, 215, 300]) {
    const plaintext = 'a'.repeat(length)
    if (length <= 214) same(`encrypt ${length} bytes`, () => plaintext, () => plugin.Rsa.decrypt(compat.Rsa.encrypt(plaintext, keys.merchantCert), keys.pkcs8))
    else both(`encrypt ${length} bytes (too long)`, (lib) => lib.Rsa.encrypt(plaintext, keys.merchantCert))
  }
  for (const padding of [undefined, constants.RSA_PKCS1_OAEP_PADDING, constants.RSA_PKCS1_PADDING, 0, '4']) {
    both(`encrypt padding ${padding}`, (lib) => typeof lib.Rsa.encrypt('x', keys.merchantCert, padding))
    both(`decrypt padding ${padding}`, (lib) => lib.Rsa.decrypt(plugin.Rsa.encrypt('x', keys.merchantCert), keys.pkcs8, padding))
  }
  BAD_KEYS.forEach((key, i) => {
    both(`sign with bad key #${i}`, (lib) => lib.Rsa.sign('m', key))
    both(`verify with bad key #${i}`, (lib) => lib.Rsa.verify('m', 'c2ln', key))
    both(`encrypt with bad key #${i}`, (lib) => lib.Rsa.encrypt('m', key))
    both(`decrypt with bad key #${i}`, (lib) => lib.Rsa.decrypt('c2ln', key))
  })
  both('sign with a public KeyObject', (lib) => lib.Rsa.sign('m', lib.Rsa.from(keys.merchantCert, 'public')))
  BAD_DATA.forEach((data, i) => {
    both(`sign bad message #${i}`, (lib) => lib.Rsa.sign(data, keys.pkcs8))
    both(`verify bad message #${i}`, (lib) => lib.Rsa.verify(data, 'c2ln', keys.merchantCert))
    both(`verify bad signature type #${i}`, (lib) => lib.Rsa.verify('m', data, keys.merchantCert))
    both(`encrypt bad plaintext #${i}`, (lib) => typeof lib.Rsa.encrypt(data, keys.merchantCert))
    both(`decrypt bad ciphertext #${i}`, (lib) => lib.Rsa.decrypt(data, keys.pkcs8))
  })
  for (const [label, thing, type] of [
    ['pkcs8 private', keys.pkcs8, 'private'], ['pkcs1 private', keys.pkcs1, 'private'],
    ['cert public', keys.merchantCert, 'public'], ['spki public', keys.pubKey, 'public'],
    ['private as public', keys.pkcs8, 'public'], ['file private', `file://${require('node:path').join(require('./conformance.js').vectorsDir(), 'keys/apiclient_key.pem')}`, 'private'],
    ['protocol private.pkcs1', `private.pkcs1://${keys.pkcs1.replace(/-----[^-]+-----|\s/g, '')}`, 'private'],
    ['protocol public.spki', `public.spki://${keys.pubKey.replace(/-----[^-]+-----|\s/g, '')}`, 'public'],
    ['protocol private.pkcs8 garbage', 'private.pkcs8://AAAA', 'private'], ['bad', 'nope', 'private'], ['undefined', undefined, 'public'],
  ]) {
    both(`from ${label}`, (lib) => lib.Rsa.from(thing, type))
  }
  for (const name of ['RSA_PKCS1_OAEP_PADDING', 'RSA_PKCS1_PADDING', 'KEY_TYPE_PUBLIC', 'KEY_TYPE_PRIVATE']) {
    both(`constant ${name}`, (lib) => lib.Rsa[name])
  }
  both('isKeyObject', (lib) => [lib.Rsa.isKeyObject(lib.Rsa.from(keys.pkcs8)), lib.Rsa.isKeyObject(keys.pkcs8), lib.Rsa.isKeyObject(createSecretKey(Buffer.alloc(8)))].join())
}))

const keyText = (n) => rnd.text(n).slice(0, n) // may be multi-byte: a wrong byte length, as a string key
const asciiKey = (n) => Array.from({ length: n }, () => String.fromCharCode(33 + rnd.int(94))).join('')
const keyForm = (n) => {
  const roll = rnd.int(3)
  if (roll === 0) return asciiKey(n)
  if (roll === 1) return rnd.bytes(n)
  return createSecretKey(rnd.bytes(n))
}
/** A plaintext whose UTF-8 length is not a multiple of 16 (ECB's standard padding is a deviation otherwise). */
function unaligned() {
  for (;;) {
    const m = rnd.message()
    if (Buffer.byteLength(m) % 16 !== 0) return m
  }
}

test('Aes: AesGcm, AesEcb, AesCbc (encrypt, decrypt, tampering, wrong keys, bad key/iv lengths)', counted('Aes', () => {
  for (let i = 0; i < 500; i += 1) {
    const key = keyForm(32)
    const iv = rnd.int(2) ? asciiKey(12) : rnd.bytes(12)
    const aad = rnd.int(3) ? rnd.text(rnd.int(40)) : ''
    const plaintext = rnd.message()
    const ct = both(`gcm encrypt #${i}`, (lib) => lib.Aes.AesGcm.encrypt(plaintext, key, iv, aad))
    both(`gcm decrypt #${i}`, (lib) => lib.Aes.AesGcm.decrypt(ct, key, iv, aad))
    both(`gcm decrypt, aad default #${i}`, (lib) => lib.Aes.AesGcm.decrypt(lib.Aes.AesGcm.encrypt(plaintext, key, iv), key, iv))
    const raw = Buffer.from(ct, 'base64')
    raw[rnd.int(raw.length)] ^= 1 + rnd.int(255)
    both(`gcm tampered #${i}`, (lib) => lib.Aes.AesGcm.decrypt(raw.toString('base64'), key, iv, aad))
    both(`gcm wrong key #${i}`, (lib) => lib.Aes.AesGcm.decrypt(ct, K32, iv, aad))
    both(`gcm wrong aad #${i}`, (lib) => lib.Aes.AesGcm.decrypt(ct, key, iv, `${aad}!`))

    const ecbKey = keyForm(32)
    const ecbText = unaligned()
    const ecb = both(`ecb encrypt #${i}`, (lib) => lib.Aes.AesEcb.encrypt(ecbText, ecbKey))
    both(`ecb decrypt #${i}`, (lib) => lib.Aes.AesEcb.decrypt(ecb, ecbKey))

    const cbcKey = keyForm(16)
    const cbcIv = rnd.int(2) ? asciiKey(16) : rnd.bytes(16)
    const cbcText = rnd.message()
    const cbc = both(`cbc encrypt #${i}`, (lib) => lib.Aes.AesCbc.encrypt(cbcText, cbcKey, cbcIv))
    both(`cbc decrypt #${i}`, (lib) => lib.Aes.AesCbc.decrypt(cbc, cbcKey, cbcIv))
  }
  for (const n of [0, 1, 15, 16, 17, 24, 31, 33, 64]) {
    const key = rnd.bytes(n)
    both(`gcm key of ${n} bytes`, (lib) => lib.Aes.AesGcm.encrypt('x', key, '123456789012'))
    both(`gcm decrypt key of ${n} bytes`, (lib) => lib.Aes.AesGcm.decrypt('AAAAAAAAAAAAAAAAAAAAAA==', key, '123456789012'))
    both(`ecb key of ${n} bytes`, (lib) => lib.Aes.AesEcb.encrypt('x', key))
    // (a right-length wrong key decrypts to garbage in the plugin: a deviation, tested on its own)
    if (n !== 32) both(`ecb decrypt key of ${n} bytes`, (lib) => lib.Aes.AesEcb.decrypt('AAAAAAAAAAAAAAAAAAAAAA==', key))
    both(`cbc key of ${n} bytes`, (lib) => lib.Aes.AesCbc.encrypt('x', key, K16))
    both(`cbc iv of ${n} bytes`, (lib) => lib.Aes.AesCbc.encrypt('x', K16, key))
    if (n !== 16) both(`cbc decrypt iv of ${n} bytes`, (lib) => lib.Aes.AesCbc.decrypt('AAAAAAAAAAAAAAAAAAAAAA==', K16, key))
  }
  both('gcm empty iv', (lib) => lib.Aes.AesGcm.encrypt('x', K32, ''))
  both('gcm multi-byte key string', (lib) => lib.Aes.AesGcm.encrypt('x', keyText(32), '123456789012'))
  for (const n of [1, 2, 3, 5, 6, 7, 9, 10, 11]) {
    // The plugin's own check of the tag length (kept): TypeError ERR_CRYPTO_INVALID_AUTH_TAG.
    const short = rnd.bytes(n).toString('base64')
    both(`gcm ${n}-byte input`, (lib) => lib.Aes.AesGcm.decrypt(short, K32, '123456789012'))
  }
  for (const n of [15, 17, 33]) {
    const bad = rnd.bytes(n).toString('base64')
    both(`ecb ${n}-byte ciphertext`, (lib) => lib.Aes.AesEcb.decrypt(bad, K32))
    both(`cbc ${n}-byte ciphertext`, (lib) => lib.Aes.AesCbc.decrypt(bad, K16, K16))
  }
  both('ecb empty ciphertext', (lib) => lib.Aes.AesEcb.decrypt('', K32))
  both('cbc empty ciphertext', (lib) => lib.Aes.AesCbc.decrypt('', K16, K16))
  BAD_DATA.forEach((data, i) => {
    both(`gcm bad plaintext #${i}`, (lib) => lib.Aes.AesGcm.encrypt(data, K32, '123456789012'))
    both(`gcm bad key #${i}`, (lib) => lib.Aes.AesGcm.encrypt('x', data, '123456789012'))
    both(`gcm bad iv #${i}`, (lib) => lib.Aes.AesGcm.encrypt('x', K32, data))
    both(`gcm bad aad #${i}`, (lib) => lib.Aes.AesGcm.encrypt('x', K32, '123456789012', data))
    both(`gcm bad ciphertext #${i}`, (lib) => lib.Aes.AesGcm.decrypt(data, K32, '123456789012'))
    // (an empty array is an empty, 16-byte-aligned plaintext: the ECB padding deviation)
    if (!Array.isArray(data)) both(`ecb bad plaintext #${i}`, (lib) => lib.Aes.AesEcb.encrypt(data, K32))
    both(`ecb bad key #${i}`, (lib) => lib.Aes.AesEcb.encrypt('x', data))
    both(`cbc bad plaintext #${i}`, (lib) => lib.Aes.AesCbc.encrypt(data, K16, K16))
    both(`cbc bad key #${i}`, (lib) => lib.Aes.AesCbc.decrypt('AAAAAAAAAAAAAAAAAAAAAA==', data, K16))
  })
  for (let i = 0; i < 100; i += 1) {
    const thing = rnd.message()
    const flag = rnd.int(2) === 0
    both(`pkcs7.padding #${i}`, (lib) => lib.Aes.pkcs7.padding(thing, flag))
    const padded = rnd.bytes(1 + rnd.int(48))
    both(`pkcs7.unpadding #${i}`, (lib) => lib.Aes.pkcs7.unpadding(padded))
  }
  both('BLOCK_SIZE', (lib) => lib.Aes.BLOCK_SIZE)
  // A ciphertext made by Node itself (the callback format) decrypts alike.
  const key = rnd.bytes(32)
  const cipher = createCipheriv('aes-256-gcm', key, '0123456789ab').setAAD(Buffer.from('transaction'))
  const made = Buffer.concat([cipher.update('{"a":1}'), cipher.final(), cipher.getAuthTag()]).toString('base64')
  both('gcm Node-made ciphertext', (lib) => lib.Aes.AesGcm.decrypt(made, key, '0123456789ab', 'transaction'))
}))

const randomParams = () => {
  const params = {}
  const n = rnd.int(8)
  for (let i = 0; i < n; i += 1) {
    const name = `${rnd.pick(['appid', 'mch_id', 'nonce_str', 'body', 'total_fee', 'sign', 'sign_type', 'attach', 'x'])}${rnd.int(3) || ''}`
    params[name] = rnd.pick(['', undefined, rnd.text(rnd.int(30)), rnd.int(100000), null])
  }
  return params
}

test('Hash: md5 (key, agency, KeyObjects), hmac (every algorithm), sha1, sha256, equals, sign, keyObjectFrom', counted('Hash', () => {
  for (let i = 0; i < 500; i += 1) {
    const thing = rnd.message()
    const key = rnd.pick(['', asciiKey(32), rnd.text(rnd.int(40)), rnd.bytes(32), createSecretKey(rnd.bytes(32)), undefined])
    both(`md5 #${i}`, (lib) => lib.Hash.md5(thing))
    both(`md5 with key #${i}`, (lib) => lib.Hash.md5(thing, key))
    const agency = rnd.pick([true, 1, '1000002', false])
    both(`md5 agency #${i}`, (lib) => lib.Hash.md5(thing, key, agency))
    both(`md5 of a KeyObject #${i}`, (lib) => lib.Hash.md5(createSecretKey(Buffer.from(`${thing}`.slice(0, 64) || 'x')), key))
    const alg = rnd.pick(['sha256', 'sha1', 'md5', 'sha384', 'sha512', 'SHA256', 'Sha512', undefined])
    if (key !== undefined) both(`hmac ${alg} #${i}`, (lib) => lib.Hash.hmac(thing, key, alg))
    both(`sha1 #${i}`, (lib) => lib.Hash.sha1(thing))
    both(`sha256 #${i}`, (lib) => lib.Hash.sha256(thing))
    const params = randomParams()
    const secret = asciiKey(32)
    both(`sign MD5 #${i}`, (lib) => lib.Hash.sign('MD5', params, secret))
    both(`sign HMAC-SHA256 #${i}`, (lib) => lib.Hash.sign('HMAC-SHA256', params, secret))
    const a = rnd.text(rnd.int(20))
    both(`equals #${i}`, (lib) => [lib.Hash.equals(a, a), lib.Hash.equals(a, `${a}x`), lib.Hash.equals(a), lib.Hash.equals(a, null)].join())
  }
  for (const alg of ['foo', '', 'sha-256', 'SHA2-512', 'RSA-SHA1', '1.2.840.113549.2.5', null, 123]) both(`hmac invalid digest ${alg}`, (lib) => lib.Hash.hmac('x', 'k', alg))
  BAD_DATA.forEach((data, i) => {
    both(`md5 bad input #${i}`, (lib) => lib.Hash.md5(data))
    both(`md5 bad key #${i}`, (lib) => lib.Hash.md5('x', data || 0))
    both(`hmac bad input #${i}`, (lib) => lib.Hash.hmac(data, 'k'))
    both(`hmac bad key #${i}`, (lib) => lib.Hash.hmac('x', data))
    both(`sha1 bad input #${i}`, (lib) => lib.Hash.sha1(data))
    both(`sha256 bad input #${i}`, (lib) => lib.Hash.sha256(data))
    both(`equals bad #${i}`, (lib) => lib.Hash.equals('x', data))
  })
  both('sign unknown type', (lib) => lib.Hash.sign('SHA1', { a: 1 }, 'k'))
  both('keyObjectFrom', (lib) => lib.Hash.keyObjectFrom('0123456789abcdef'))
  both('keyObjectFrom KeyObject', (lib) => lib.Hash.keyObjectFrom(createSecretKey(Buffer.from('k'))))
  both('constants', (lib) => [lib.Hash.ALGO_MD5, lib.Hash.ALGO_HMAC_SHA256].join())
  both('isKeyObject', (lib) => [lib.Hash.isKeyObject(createSecretKey(Buffer.from('k'))), lib.Hash.isKeyObject('k')].join())
}))

test('Formatter: every function', counted('Formatter', () => {
  for (let i = 0; i < 300; i += 1) {
    const [mchid, nonce, signature, timestamp, serial] = [rnd.text(10), rnd.text(32), rnd.text(40), rnd.int(2e9), rnd.text(40)]
    both(`authorization #${i}`, (lib) => lib.Formatter.authorization(mchid, nonce, signature, timestamp, serial))
    const body = rnd.pick([undefined, '', rnd.text(rnd.int(100))])
    const uri = `/v3/${rnd.text(5)}`
    both(`request #${i}`, (lib) => lib.Formatter.request('POST', uri, timestamp, nonce, body))
    both(`response #${i}`, (lib) => lib.Formatter.response(timestamp, nonce, body))
    const pieces = Array.from({ length: rnd.int(5) }, () => rnd.pick([rnd.text(5), rnd.int(100)]))
    both(`joinedByLineFeed #${i}`, (lib) => lib.Formatter.joinedByLineFeed(...pieces))
    const params = randomParams()
    both(`ksort #${i}`, (lib) => JSON.stringify(lib.Formatter.ksort(params)))
    both(`queryStringLike #${i}`, (lib) => lib.Formatter.queryStringLike(lib.Formatter.ksort(params)))
    const row = `\`${Array.from({ length: 1 + rnd.int(5) }, () => rnd.text(4)).join(',`')}`
    both(`castCsvLine #${i}`, (lib) => JSON.stringify(lib.Formatter.castCsvLine(row, ['a', 'b', 'c'])))
    const size = rnd.int(64)
    same(`nonce(${size}) #${i}`, () => [size, true].join(), () => {
      const n = compat.Formatter.nonce(size)
      return [n.length, /^[0-9A-Za-z]*$/.test(n)].join()
    })
  }
  const bill = '\ufeff交易时间,公众账号ID,商户号\r\n`2026-12-01 10:00:00,`wx1,`1900000109\r\n`2026-12-01 11:00:00,`wx2,`1900000109\r\n总交易单数,应结订单总金额\r\n`2,`0.02\r\n'
  both('castCsvBill', (lib) => JSON.stringify(lib.Formatter.castCsvBill(Buffer.from(bill))))
  both('timestamp is a number of seconds', (lib) => Number.isInteger(lib.Formatter.timestamp()) && lib.Formatter.timestamp() > 1.7e9)
  assert.equal(compat.Formatter.nonce().length, 32)
}))

/** A value that survives the plugin's trimming parser unchanged (the core keeps values exactly as written). */
const xmlValue = () => rnd.pick([rnd.text(1 + rnd.int(20)).trim() || 'v', String(rnd.int(1e6)), `${rnd.text(3).trim()}<&>"'x`, ''])

test('Transformer: toXml, toObject, the v2 signer and verifier', counted('Transformer', () => {
  for (let i = 0; i < 400; i += 1) {
    const flat = {}
    const n = rnd.int(10)
    for (let j = 0; j < n; j += 1) flat[`${rnd.pick(['return_code', 'appid', 'mch_id', 'nonce_str', 'sign', 'result_code', 'k'])}_${j}`] = xmlValue()
    const xml = both(`toXml flat #${i}`, (lib) => lib.Transformer.toXml(flat))
    both(`toObject #${i}`, (lib) => JSON.stringify(lib.Transformer.toObject(xml)))
    both(`toObject Buffer #${i}`, (lib) => JSON.stringify(lib.Transformer.toObject(Buffer.from(xml))))
    const nested = { a: flat, b: [rnd.text(3), null, undefined, ''], c: rnd.int(5), d: rnd.pick([true, false, null, undefined]), e: {} }
    both(`toXml nested #${i}`, (lib) => lib.Transformer.toXml(nested))
  }
  for (const thing of ['str', '', 5, null, undefined, Buffer.from('<xml/>'), [1, 2]]) {
    both(`toXml ${String(thing)}`, (lib) => lib.Transformer.toXml(thing))
  }
  for (const thing of ['', '   ', Buffer.alloc(0), undefined, '<xml></xml>', '<?xml version="1.0"?><xml><a>1</a></xml>']) {
    both(`toObject ${JSON.stringify(thing)}`, (lib) => JSON.stringify(lib.Transformer.toObject(thing)))
  }
  both('toObject as JSON on /appauth/getaccesstoken', (lib) => JSON.stringify(lib.Transformer.toObject.call({ url: '/appauth/getaccesstoken' }, '{"retcode":0}')))

  // The v2 signer and verifier, as axios calls them (this = the request config).
  const secret = asciiKey(32)
  const stub = (lib, fn) => {
    const { nonce } = lib.Formatter
    lib.Formatter.nonce = () => 'FIXEDNONCE0123456789'
    try {
      return fn()
    } finally {
      lib.Formatter.nonce = nonce
    }
  }
  for (let i = 0; i < 200; i += 1) {
    const data = { mch_id: '1900000109', out_trade_no: rnd.text(10), total_fee: rnd.int(1000), body: rnd.text(8) }
    if (rnd.int(2)) data.sign_type = rnd.pick(['MD5', 'HMAC-SHA256', 'RSA'])
    if (rnd.int(3) === 0) data.nonce_str = rnd.text(8)
    const config = { method: rnd.pick(['post', 'POST']), url: rnd.pick(['/pay/orderquery', '/papay/querycontract', 'pay/refundquery']), nonceless: rnd.int(2) === 1 }
    const signed = both(`v2 signer #${i}`, (lib) => stub(lib, () => JSON.stringify(new lib.Transformer('1900000109', secret).signer.call({ ...config }, { ...data }))))
    both(`v2 signer, mchid mismatch #${i}`, (lib) => stub(lib, () => new lib.Transformer('1900000100', secret).signer.call({ ...config }, { ...data })))
    const a = rnd.text(3)
    both(`v2 signer GET #${i}`, (lib) => stub(lib, () => {
      const cfg = { method: 'GET', url: '/pay/orderquery', params: { mch_id: '1900000109', a } }
      new lib.Transformer('1900000109', secret).signer.call(cfg, undefined)
      return cfg.params.toString()
    }))
    const response = JSON.parse(signed)
    response.return_code = rnd.pick(['SUCCESS', 'SUCCESS', 'FAIL'])
    if (rnd.int(4) === 0) response.sign = tamperHex(response.sign)
    both(`v2 verifier #${i}`, (lib) => {
      const out = new lib.Transformer('1900000109', secret).verifier.call({ url: config.url }, { ...response })
      return out instanceof Error ? `${out.constructor.name}:${out.code}:${out.message}` : JSON.stringify(out)
    })
  }
  both('v2 signer without data', (lib) => new lib.Transformer('1900000109', secret).signer.call({ method: 'post', url: '/pay/micropay' }, undefined))
  both('v2 signer with a string', (lib) => new lib.Transformer('1900000109', secret).signer.call({ method: 'post', url: '/pay/micropay' }, '<xml/>'))
}))

function tamperHex(sign) {
  const i = rnd.int(sign.length)
  return sign.slice(0, i) + (sign[i] === '0' ? '1' : '0') + sign.slice(i + 1)
}

after(() => {
  const total = count()
  // The summary line scripts/test-compat.sh prints.
  console.log(`compat differential: ${total} cases (${Object.entries(perModule).map(([k, v]) => `${k} ${v}`).join(', ')}), seed ${SEED}`)
  assert.ok(total >= 2000, `only ${total} differential cases`)
})
