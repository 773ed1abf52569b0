'use strict'
/* eslint max-classes-per-file: ["error", 4], no-bitwise: ["error", { "allow": ["~"] }] */
// Aes of wechatpay-axios-plugin 0.9.6 (MIT, TheNorthMemory), on the native
// core's `crypto` module: AES-256-GCM, AES-256-ECB and AES-128-CBC with
// PKCS#7. Following the standard where the plugin does not (docs/compat.md):
// ECB always pads, padding and base64 are checked strictly, GCM takes only
// 12-byte IVs and 16-byte tags.
const { createCipheriv, createDecipheriv, KeyObject } = require('node:crypto')

const native = require('./native')

const utf8 = 'utf8'
const base64 = 'base64'
const BLOCK_SIZE = 16
const GCM_IV = 12
const ALGO_AES_256_GCM = 'aes-256-gcm'
const ALGO_AES_256_ECB = 'aes-256-ecb'
const ALGO_AES_128_CBC = 'aes-128-CBC'

/** The PKCS#7 helpers of the plugin (pure byte shuffling, kept as they are). */
const PKCS7 = {
  padding(thing, optional = true) {
    const payload = Buffer.from(thing)
    const pad = BLOCK_SIZE - (payload.byteLength % BLOCK_SIZE)

    if (optional && pad === BLOCK_SIZE) {
      return payload
    }

    return Buffer.concat([payload, Buffer.alloc(pad, pad)])
  },

  unpadding(thing) {
    const byte = Buffer.alloc(1)
    const payload = Buffer.from(thing)
    payload.copy(byte, 0, payload.byteLength - 1)
    const pad = byte.readUInt8()
    const len = payload.length

    if (!~~Buffer.compare(Buffer.alloc(pad, pad), payload.subarray(len - pad, len))) {
      return payload.subarray(0, len - pad)
    }

    return payload
  },
}

/** Bytes of a CipherKey or IV as `createCipheriv` reads them (strings as UTF-8), or undefined. */
function bytesOf(thing, keyObjects = false) {
  if (typeof thing === 'string') return Buffer.from(thing, utf8)
  if (ArrayBuffer.isView(thing)) return native.viewBytes(thing)
  if (keyObjects && thing instanceof KeyObject && thing.type === 'secret') return thing.export()
  return undefined
}

function invalidIv(message) {
  return native.coded(TypeError, 'ERR_CRYPTO_INVALID_IV', message)
}

/**
 * The key and IV bytes for `algorithm`, or the very error `createCipheriv`
 * throws for them; an IV Node would take but the standard does not (a GCM IV
 * other than 12 bytes) is a TypeError of Node's invalid-IV kind.
 */
function keyAndIv(algorithm, keyLength, ivLength, key, iv, decipher = false) {
  const k = bytesOf(key, true)
  const v = ivLength === 0 ? null : bytesOf(iv)
  if (k && k.length === keyLength && (ivLength === 0 ? iv === null || iv === undefined || bytesOf(iv)?.length === 0 : v && v.length === ivLength)) {
    return [k, v]
  }
  ;(decipher ? createDecipheriv : createCipheriv)(algorithm, key, iv)
  throw invalidIv(`Invalid initialization vector: ${algorithm} takes a ${ivLength}-byte IV here (the standard's; see docs/compat.md)`)
}

/** What `cipher.update(thing, 'utf8')` encrypts, or its TypeError. */
function plaintextOf(thing, algorithm, key, iv) {
  if (typeof thing === 'string') return Buffer.from(thing, utf8)
  if (ArrayBuffer.isView(thing)) return native.viewBytes(thing)
  createCipheriv(algorithm, key, iv).update(thing, utf8)
  throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.')
}

const crypto = () => native.core.crypto

/** Aes encrypt/decrypt using `aes-256-gcm` algorithm with `AAD`. */
class AesGcm {
  static encrypt(plaintext, key, iv, aad = '') {
    const [k, v] = keyAndIv(ALGO_AES_256_GCM, 32, GCM_IV, key, iv)
    const a = Buffer.from(aad)
    const p = plaintextOf(plaintext, ALGO_AES_256_GCM, key, iv)
    return crypto().aes256GcmEncrypt(k, v, a, p).toString(base64)
  }

  static decrypt(ciphertext, key, iv, aad = '') {
    const buf = Buffer.from(ciphertext, base64)
    const [k, v] = keyAndIv(ALGO_AES_256_GCM, 32, GCM_IV, key, iv, true)
    native.strictBase64(ciphertext, buf)
    const tagLen = Math.min(buf.length, BLOCK_SIZE)
    if (tagLen > 16 || (tagLen < 12 && tagLen !== 8 && tagLen !== 4)) {
      throw native.coded(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${tagLen}`)
    }
    const a = Buffer.from(aad)
    return crypto().aes256GcmDecrypt(k, v, a, buf).toString(utf8)
  }
}

/** Aes encrypt/decrypt using `aes-256-ecb` algorithm with pkcs7padding. */
class AesEcb {
  static encrypt(plaintext, key) {
    const payload = Buffer.from(plaintext)
    const [k] = keyAndIv(ALGO_AES_256_ECB, 32, 0, key, null)
    return crypto().aes256EcbEncrypt(k, payload).toString(base64)
  }

  static decrypt(ciphertext, key) {
    const payload = Buffer.from(ciphertext, base64)
    const [k] = keyAndIv(ALGO_AES_256_ECB, 32, 0, key, null, true)
    native.strictBase64(ciphertext, payload)
    if (payload.length === 0) PKCS7.unpadding(payload) // the plugin's RangeError for an empty input
    return crypto().aes256EcbDecrypt(k, payload).toString(utf8)
  }
}

/** Aes encrypt/decrypt using `aes-128-cbc` algorithm with pkcs7padding. */
class AesCbc {
  static encrypt(plaintext, key, iv) {
    const payload = Buffer.from(plaintext)
    const [k, v] = keyAndIv(ALGO_AES_128_CBC, 16, 16, key, iv)
    return crypto().aes128CbcEncrypt(k, v, payload).toString(base64)
  }

  static decrypt(ciphertext, key, iv) {
    const payload = Buffer.from(ciphertext, base64)
    const [k, v] = keyAndIv(ALGO_AES_128_CBC, 16, 16, key, iv, true)
    native.strictBase64(ciphertext, payload)
    if (payload.length === 0) PKCS7.unpadding(payload)
    return crypto().aes128CbcDecrypt(k, v, payload).toString(utf8)
  }
}

/** Aes - Advanced Encryption Standard */
class Aes {
  static BLOCK_SIZE = BLOCK_SIZE

  static pkcs7 = PKCS7

  static AesGcm = AesGcm

  static AesEcb = AesEcb

  static AesCbc = AesCbc

  static get default() { return this }
}

module.exports = Aes
