'use strict'
// What the compat modules share: the native binding, bounded caches of parsed
// keys (keyed by content, so `Rsa.sign(msg, pem)` parses `pem` once), and the
// conversions of the plugin's input shapes (string / Buffer / TypedArray /
// DataView / KeyObject) to bytes.
//
// Where an input is of a shape the native core does not take, the Node
// function the plugin would have called is called instead, only so that it
// throws exactly the error the plugin throws (same class, message and code);
// no signature, hash or cipher is ever computed by Node here.
const { KeyObject, createPrivateKey, createPublicKey, createHash, createSign, createVerify } = require('node:crypto')

const core = require('../../lib/main.js')

const SHA256_RSA = 'sha256WithRSAEncryption'

/** A Map that forgets its least recently used entry beyond `max`. */
class Lru {
  constructor(max) {
    this.max = max
    this.map = new Map()
  }

  get(key) {
    const value = this.map.get(key)
    if (value !== undefined) {
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }

  set(key, value) {
    this.map.set(key, value)
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value)
    return value
  }

  clear() {
    this.map.clear()
  }
}

const CACHE_SIZE = 64
const privateCache = new Lru(CACHE_SIZE)
const publicCache = new Lru(CACHE_SIZE)
const privateByObject = new WeakMap()
const publicByObject = new WeakMap()

const isView = ArrayBuffer.isView

/** A Uint8Array over the bytes of a Buffer/TypedArray/DataView (no copy). */
function viewBytes(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/**
 * What `hash.update(thing)` / `sign.update(thing)` would hash: a string (its
 * UTF-8 bytes, converted by the binding) or the bytes of a view. Anything else
 * throws Node's own TypeError, raised by `raise(thing)`.
 */
function data(thing, raise) {
  if (typeof thing === 'string') return thing
  if (isView(thing)) return viewBytes(thing)
  raise(thing)
  throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.')
}

const hashData = (thing) => data(thing, (x) => createHash('sha256').update(x))
const signData = (thing) => data(thing, (x) => createSign(SHA256_RSA).update(x))

/** The cache key of a PEM given as a string or bytes (content, never identity). */
function contentKey(thing) {
  if (typeof thing === 'string') return `s${thing}`
  if (isView(thing)) return `b${Buffer.from(thing.buffer, thing.byteOffset, thing.byteLength).toString('latin1')}`
  return undefined
}

function firstOk(...attempts) {
  for (const attempt of attempts) {
    try {
      return attempt()
    } catch {}
  }
  return undefined
}

/**
 * A parsed key from `byObject` (KeyObjects) or `cache` (PEM content), else
 * parsed by `parseNative(pem)` (undefined when the core cannot read it) or
 * `parseNode(thing)` (Node's parsing, then DER to the core), and remembered.
 */
function cachedKey(thing, byObject, cache, parseNative, parseNode) {
  if (thing instanceof KeyObject) {
    const cached = byObject.get(thing)
    if (cached) return cached
  }
  const key = contentKey(thing)
  if (key !== undefined) {
    const cached = cache.get(key)
    if (cached) return cached
    const parsed = parseNative(isView(thing) ? viewBytes(thing) : thing)
    if (parsed) return cache.set(key, parsed)
  }
  const parsed = parseNode(thing)
  if (thing instanceof KeyObject) byObject.set(thing, parsed)
  else if (key !== undefined) cache.set(key, parsed)
  return parsed
}

/**
 * The native PrivateKey for a KeyLike (PEM string or bytes, private KeyObject,
 * or a `createPrivateKey` input object), parsed once and cached. Node's own
 * parsing serves for its errors (`raise` gives the plugin's error for a
 * missing or public key) and for the object forms, e.g. an encrypted PEM with
 * its passphrase; the key then goes to the core as PKCS#8 DER.
 */
function privateKey(thing, raise = (x) => createSign(SHA256_RSA).sign(x)) {
  return cachedKey(thing, privateByObject, privateCache, (pem) => firstOk(() => core.PrivateKey.fromPem(pem)), () => {
    if (!thing) raise(thing)
    const object = thing instanceof KeyObject ? thing : createPrivateKey(thing)
    if (object.type !== 'private') raise(thing)
    return core.PrivateKey.fromDer(object.export({ format: 'der', type: 'pkcs8' }))
  })
}

/**
 * The native PublicKey for what `crypto.verify` / `publicEncrypt` take: a
 * public key PEM (SPKI or PKCS#1), a certificate PEM, a private key PEM (its
 * public half), a KeyObject, or a `createPublicKey` input object.
 */
function publicKey(thing, raise) {
  const parseNative = (pem) => firstOk(
    () => core.PublicKey.fromPem(pem),
    () => core.Certificate.fromPem(pem).publicKey,
    () => core.PrivateKey.fromPem(pem).publicKey,
  )
  return cachedKey(thing, publicByObject, publicCache, parseNative, () => {
    if (!thing) raise(thing)
    const object = thing instanceof KeyObject ? thing : createPublicKey(thing)
    const spki = (object.type === 'private' ? createPublicKey(object) : object).export({ format: 'der', type: 'spki' })
    return core.PublicKey.fromSpkiDer(spki)
  })
}

const verifyKey = (thing) => publicKey(thing, (x) => createVerify(SHA256_RSA).verify(x, ''))

/** An Error (of the plugin's class) carrying a core-style `code`. */
function coded(ErrorClass, code, message) {
  const err = new ErrorClass(message)
  err.code = code
  return err
}

/**
 * Refuses what the plugin's `Buffer.from(text, 'base64')` decoded leniently
 * (`bytes`): only canonical standard base64 is taken, as by the core.
 */
function strictBase64(text, bytes) {
  if (typeof text === 'string' && bytes.toString('base64') !== text) {
    throw coded(Error, 'BASE64', 'the ciphertext is not canonical standard base64')
  }
}

module.exports = {
  core,
  Lru,
  data,
  hashData,
  signData,
  viewBytes,
  privateKey,
  publicKey,
  verifyKey,
  strictBase64,
  coded,
  /** Drops every cached key (tests; memory pressure). */
  clearKeyCaches() {
    privateCache.clear()
    publicCache.clear()
  },
}
