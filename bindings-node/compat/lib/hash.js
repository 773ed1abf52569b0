'use strict'
// Hash of wechatpay-axios-plugin 0.9.6 (MIT, TheNorthMemory), on the native
// core: MD5/SHA-1/SHA-256 and HMAC are the core's `crypto::digest`/`hmac`.
const { createHash, createHmac, createSecretKey, KeyObject } = require('node:crypto')

const { queryStringLike, ksort } = require('./formatter')
const native = require('./native')

const ALGO_MD5 = 'MD5'
const ALGO_HMAC_SHA256 = 'HMAC-SHA256'
const hex = 'hex'
// Node's digest names the core computes; any other name Node knows (sha224,
// sha3-256, …) is refused (see docs/compat.md).
// Every name (and OID) OpenSSL resolves to one of them is taken alike.
const ALIASES = {
  MD5: ['md5', 'rsa-md5', 'md5withrsaencryption', 'ssl3-md5', '1.2.840.113549.2.5'],
  SHA1: ['sha1', 'sha-1', 'rsa-sha1', 'rsa-sha1-2', 'sha1withrsaencryption', 'ssl3-sha1', '1.3.14.3.2.26'],
  SHA256: ['sha256', 'sha-256', 'sha2-256', 'rsa-sha256', 'sha256withrsaencryption', '2.16.840.1.101.3.4.2.1'],
  SHA384: ['sha384', 'sha-384', 'sha2-384', 'rsa-sha384', 'sha384withrsaencryption', '2.16.840.1.101.3.4.2.2'],
  SHA512: ['sha512', 'sha-512', 'sha2-512', 'rsa-sha512', 'sha512withrsaencryption', '2.16.840.1.101.3.4.2.3'],
}
const DIGESTS = Object.fromEntries(Object.entries(ALIASES).flatMap(([name, aliases]) => aliases.map((alias) => [alias, name])))

function isSymmetricKeyObject(thing) {
  return (thing instanceof KeyObject) && thing.type === 'secret'
}

const exported = (thing) => (thing instanceof KeyObject ? thing.export() : thing)

/** The bytes `hash.update(a).update(b)…` would hash, with Node's TypeError for a bad piece. */
function joined(pieces, raise) {
  const parts = pieces.map((piece) => native.data(piece, raise))
  if (parts.length === 1) return parts[0]
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)))
}

const md5Raise = (x) => createHash('md5').update(x)

/** The core's name of a Node digest name, or Node's (or our) TypeError. */
function digestName(algorithm, key) {
  const name = typeof algorithm === 'string' ? DIGESTS[algorithm.toLowerCase()] : undefined
  if (name) return name
  createHmac(algorithm, key) // Node's own error for a name it does not know either
  const err = new TypeError(`Invalid digest: ${algorithm} (wechatpay-core computes md5, sha1, sha256, sha384, sha512)`)
  err.code = 'ERR_CRYPTO_INVALID_DIGEST'
  throw err
}

/** HMAC key bytes as `createHmac` takes them (string as UTF-8, views, secret KeyObjects). */
function hmacKey(key, algorithm) {
  if (typeof key === 'string') return key
  if (ArrayBuffer.isView(key)) return native.viewBytes(key)
  if (isSymmetricKeyObject(key)) return key.export()
  createHmac(algorithm, key) // Node's TypeError
  throw new TypeError('The "key" argument must be of type string or an instance of Buffer, TypedArray, DataView, or KeyObject.')
}

/** Crypto hash functions utils. */
class Hash {
  static ALGO_MD5 = ALGO_MD5

  static ALGO_HMAC_SHA256 = ALGO_HMAC_SHA256

  static isKeyObject = isSymmetricKeyObject

  static keyObjectFrom(thing) { return isSymmetricKeyObject(thing) ? thing : createSecretKey(Buffer.from(thing)) }

  /**
   * MD5 of `thing`, followed by `&key=KEY` (or `&secret=KEY` for an agency)
   * when a `key` is given.
   */
  static md5(thing, key = '', agency = false) {
    const pieces = [exported(thing), key ? (agency ? '&secret=' : '&key=') : '', exported(key)] // eslint-disable-line no-nested-ternary
    return native.core.crypto.digest('MD5', joined(pieces, md5Raise)).toString(hex)
  }

  /** HMAC (`algorithm`, default sha256) of `thing` + `&key=` + `key`, keyed with `key`. */
  static hmac(thing, key, algorithm = 'sha256') {
    const name = digestName(algorithm, key)
    const secret = hmacKey(key, algorithm)
    const message = joined([thing, '&key=', exported(key)], (x) => createHmac(algorithm, secret).update(x))
    return native.core.crypto.hmac(name, secret, message).toString(hex)
  }

  static sha1(thing) {
    return native.core.crypto.digest('SHA1', native.hashData(thing)).toString(hex)
  }

  static sha256(thing) {
    return native.core.crypto.digest('SHA256', native.hashData(thing)).toString(hex)
  }

  /** Constant-time equality of two strings/buffers (false for a missing `user`). */
  static equals(known, user) {
    const a = Buffer.from(known)
    const b = (user === undefined || user === null) ? undefined : Buffer.from(user)
    return Buffer.isBuffer(b) && a.length === b.length && native.core.crypto.constantTimeEqual(a, b)
  }

  /** The APIv2 sign (uppercase hex) of `data` with `key`, `type` MD5 or HMAC-SHA256. */
  static sign(type, data, key) {
    return {
      [ALGO_MD5]: this.md5,
      [ALGO_HMAC_SHA256]: this.hmac,
    }[type](queryStringLike(ksort(data)), key).toUpperCase()
  }

  static get default() { return this }
}

module.exports = Hash
