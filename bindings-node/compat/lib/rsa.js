'use strict'
// Rsa of wechatpay-axios-plugin 0.9.6 (MIT, TheNorthMemory), on the native core:
// sign/verify are the core's SHA256withRSA, encrypt/decrypt its RSA-OAEP-SHA1;
// keys are parsed once (natively) and cached by content.
const {
  KeyObject, createPrivateKey, createPublicKey, createVerify, privateDecrypt, publicEncrypt,
  constants: { RSA_PKCS1_PADDING, RSA_PKCS1_OAEP_PADDING },
} = require('node:crypto')
const { readFileSync } = require('node:fs')

const { isString } = require('./utils')
const native = require('./native')

const utf8 = 'utf8'
const base64 = 'base64'
const KEY_TYPE_PUBLIC = 'public'
const KEY_TYPE_PRIVATE = 'private'
const RULES = {
  /** -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY----- */
  'private.pkcs1': ['der', 'pkcs1', 16],
  /** -----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY----- */
  'private.pkcs8': ['der', 'pkcs8', 16],
  /** -----BEGIN RSA PUBLIC KEY----- ... -----BEGIN RSA PUBLIC KEY----- */
  'public.pkcs1': ['der', 'pkcs1', 15],
  /** -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY----- */
  'public.spki': ['der', 'spki', 14],
}
function paddingModeLimitedCheck(code) {
  if (code !== RSA_PKCS1_OAEP_PADDING) {
    throw new RangeError(`Doesn't supported the padding mode(${code}), here's only support RSA_PKCS1_OAEP_PADDING.`)
  }
}

const encryptKey = (thing, bytes) => native.publicKey(thing, (x) => publicEncrypt({ key: x, oaepHash: 'sha1' }, bytes))

/** Provides some methods for the RSA `sha256WithRSAEncryption` with `RSA_PKCS1_OAEP_PADDING`. */
class Rsa {
  static RSA_PKCS1_OAEP_PADDING = RSA_PKCS1_OAEP_PADDING

  /** @deprecated see CVE-2023-46809 */
  static RSA_PKCS1_PADDING = RSA_PKCS1_PADDING

  static KEY_TYPE_PUBLIC = KEY_TYPE_PUBLIC

  static KEY_TYPE_PRIVATE = KEY_TYPE_PRIVATE

  static isKeyObject(thing) {
    return (thing instanceof KeyObject) && [KEY_TYPE_PUBLIC, KEY_TYPE_PRIVATE].includes(thing.type)
  }

  static fromPkcs8(str) { return this.from(`${KEY_TYPE_PRIVATE}.pkcs8://${str}`, KEY_TYPE_PRIVATE) }

  static fromPkcs1(str, type = KEY_TYPE_PRIVATE) {
    return this.from(`${type === KEY_TYPE_PUBLIC ? KEY_TYPE_PUBLIC : KEY_TYPE_PRIVATE}.pkcs1://${str}`, type)
  }

  static fromSpki(str) { return this.from(`${KEY_TYPE_PUBLIC}.spki://${str}`, KEY_TYPE_PUBLIC) }

  /**
   * Loads a key from a KeyLike or a protocol-like string (`file://…`,
   * `private.pkcs1://…`, `private.pkcs8://…`, `public.pkcs1://…`,
   * `public.spki://…`) into a KeyObject, as the plugin does.
   */
  static from(thing, type = KEY_TYPE_PRIVATE) {
    if (this.isKeyObject(thing) && thing.type === type) { return thing }

    let input = thing
    let protocol = type
    if (isString(thing)) {
      if (thing.startsWith('file://')) {
        input = readFileSync(thing.slice(7))
      } else if (
        (thing.startsWith(KEY_TYPE_PRIVATE) || thing.startsWith(KEY_TYPE_PUBLIC))
        && [11, 12, 13].includes(thing.indexOf('://'))
      ) {
        protocol = thing.slice(0, thing.indexOf('://'))
        const [format, kind, offset] = RULES[protocol] || []
        if (format && kind && offset) {
          input = { key: Buffer.from(thing.slice(offset), base64), format, type: kind }
        }
      }
    }

    return (protocol.startsWith(KEY_TYPE_PRIVATE) || type === KEY_TYPE_PRIVATE ? createPrivateKey : createPublicKey)(input)
  }

  /** RSA-OAEP (SHA-1, MGF1-SHA-1) encryption, base64 (the core's). */
  static encrypt(plaintext, publicKey, padding = RSA_PKCS1_OAEP_PADDING) {
    paddingModeLimitedCheck(padding)
    const bytes = Buffer.from(plaintext, utf8)
    return native.core.crypto.rsaOaepSha1Encrypt(encryptKey(publicKey, bytes), bytes).toString(base64)
  }

  /** RSA-OAEP (SHA-1) decryption of base64 (strictly decoded), as UTF-8 text (the core's). */
  static decrypt(ciphertext, privateKey, padding = RSA_PKCS1_OAEP_PADDING) {
    paddingModeLimitedCheck(padding)
    const raw = Buffer.from(ciphertext, base64)
    const key = native.privateKey(privateKey, (x) => privateDecrypt({ key: x, oaepHash: 'sha1', padding }, raw))
    native.strictBase64(ciphertext, raw)
    return native.core.crypto.rsaOaepSha1Decrypt(key, raw).toString(utf8)
  }

  /** SHA256withRSA signature of `message`, base64 (the core's). */
  static sign(message, privateKey) {
    const bytes = native.signData(message)
    return native.privateKey(privateKey).signSha256(bytes)
  }

  /**
   * Whether `signature` (base64, strictly decoded; or the raw bytes) is a
   * SHA256withRSA signature of `message` under `publicKey` (the core's check).
   */
  static verify(message, signature, publicKey) {
    const bytes = native.signData(message)
    const key = native.verifyKey(publicKey)
    try {
      if (isString(signature)) key.verifySha256Base64(bytes, signature)
      else if (ArrayBuffer.isView(signature)) key.verifySha256(bytes, native.viewBytes(signature))
      else {
        // Node's TypeError for a signature of another type.
        createVerify('sha256WithRSAEncryption').verify(createPublicKey(key.toPem()), signature, base64)
        return false
      }
      return true
    } catch (err) {
      if (err && ['SIGNATURE_INVALID', 'SIGNATURE_MALFORMED', 'BASE64'].includes(err.code)) return false
      throw err
    }
  }

  static get default() { return this }
}

module.exports = Rsa
