'use strict'
// Shared by the compat tests: the two libraries side by side, the test keys,
// a seeded PRNG (deterministic inputs) and an outcome comparison.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { KeyObject } = require('node:crypto')
const { vectorsDir } = require('./conformance.js')

const plugin = require('wechatpay-axios-plugin')
const compat = require('../compat')

const dir = path.join(vectorsDir(), 'keys')
const pem = (name) => fs.readFileSync(path.join(dir, name), 'utf8')
const secrets = JSON.parse(pem('secrets.json'))

const keys = {
  pkcs8: pem('apiclient_key.pem'),
  pkcs1: pem('apiclient_key_pkcs1.pem'),
  merchantCert: pem('apiclient_cert.pem'),
  other: pem('other_key.pem'),
  platformKey: pem('platform_key.pem'),
  platformCert: pem('platform_cert.pem'),
  pubKey: pem('wechatpay_pub_key.pem'),
  pubKeyPrivate: pem('wechatpay_pub_key_private.pem'),
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n) => Math.floor(next() * n)
  const pick = (list) => list[int(list.length)]
  const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)))
  const ALPHABETS = [
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r',
    '微信支付商户号订单金额张三李四',
    '😀🎉💰🧧',
    'éüßøå',
    '\ud800\udfffx', // lone surrogates (UTF-8: EF BF BD each)
  ]
  const text = (n) => {
    let out = ''
    for (let i = 0; i < n; i += 1) {
      const alphabet = [...pick(ALPHABETS)]
      out += pick(alphabet)
    }
    return out
  }
  /** A message: empty, short, Unicode, or (rarely) large. */
  const message = () => {
    const roll = next()
    if (roll < 0.05) return ''
    if (roll < 0.08) return text(20000 + int(50000))
    if (roll < 0.2) return bytes(int(300))
    return text(int(200))
  }
  return { next, int, pick, bytes, text, message }
}

const SEED = Number(process.env.COMPAT_SEED || 20261201)

let cases = 0

function outcome(fn) {
  try {
    return { value: fn() }
  } catch (error) {
    return { error }
  }
}

function normal(value) {
  if (value instanceof KeyObject) {
    return value.type === 'secret'
      ? `secret:${value.export().toString('hex')}`
      : `${value.type}:${value.export({ format: 'der', type: value.type === 'private' ? 'pkcs8' : 'spki' }).toString('hex')}`
  }
  if (Buffer.isBuffer(value)) return `buffer:${value.toString('hex')}`
  return value
}

/**
 * Runs `viaPlugin` and `viaCompat` and asserts the same outcome: equal values,
 * or errors of the same class (and the same Node `code` whenever compat's
 * error carries a Node `ERR_…` code).
 */
function same(label, viaPlugin, viaCompat) {
  cases += 1
  const a = outcome(viaPlugin)
  const b = outcome(viaCompat)
  if ('value' in a) {
    if ('error' in b) assert.fail(`${label}: the plugin returned ${String(a.value).slice(0, 80)}, compat threw ${b.error && b.error.stack}`)
    assert.deepStrictEqual(normal(b.value), normal(a.value), label)
    return a.value
  }
  if (!('error' in b)) assert.fail(`${label}: the plugin threw ${a.error}, compat returned ${String(b.value).slice(0, 80)}`)
  assert.equal(b.error.constructor.name, a.error.constructor.name, `${label}: ${a.error} vs ${b.error}`)
  if (typeof b.error.code === 'string' && b.error.code.startsWith('ERR_')) {
    assert.equal(b.error.code, a.error.code, `${label}: ${a.error} vs ${b.error}`)
  }
  return undefined
}

/** Both sides: `fn(lib)` for the plugin and for compat. */
function both(label, fn) {
  return same(label, () => fn(plugin), () => fn(compat))
}

module.exports = { plugin, compat, keys, secrets, prng, SEED, same, both, outcome, count: () => cases }
