'use strict'
// Fixtures for the tests: the shared test keys, and fresh callbacks signed
// with the (test-only) platform private key, as WeChat Pay would send them.
const fs = require('node:fs')
const path = require('node:path')
const wp = require('..')
const { vectorsDir } = require('./conformance.js')

const dir = vectorsDir()
const file = (relative) => path.join(dir, relative)
const secrets = JSON.parse(fs.readFileSync(file('keys/secrets.json'), 'utf8'))
const cases = (name) => JSON.parse(fs.readFileSync(file(name), 'utf8'))

const merchantKey = wp.PrivateKey.fromPemFile(file('keys/apiclient_key.pem'))
const merchantCert = wp.Certificate.fromPemFile(file('keys/apiclient_cert.pem'))
const platformCert = wp.Certificate.fromPemFile(file('keys/platform_cert.pem'))
const platformKey = wp.PrivateKey.fromPemFile(file('keys/platform_key.pem'))
const apiv3Key = new wp.ApiV3Key(secrets.apiv3_key)

function trustStore() {
  const store = new wp.TrustStore()
  store.addCertificate(platformCert)
  return store
}

/** A parser on the real clock with the platform certificate trusted. */
function parser() {
  return new wp.CallbackParser(new wp.Verifier(trustStore()), apiv3Key)
}

const transaction = {
  mchid: secrets.mchid,
  appid: secrets.appid,
  out_trade_no: 'ORDER-20261201-0001',
  transaction_id: '4200000000202612010000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
}

let counter = 0
/**
 * A callback as WeChat Pay sends it: { headers, body } signed now (or at
 * `timestamp`), encrypted with the APIv3 key. Options tweak one thing.
 */
function callback({ timestamp = Math.floor(Date.now() / 1000), serial = platformCert.serialNo, signature, resource = transaction } = {}) {
  counter += 1
  const nonce = `nonce${String(counter).padStart(27, '0')}`
  const gcmNonce = String(counter).padStart(12, '0')
  const ciphertext = wp.encryptResource(apiv3Key, gcmNonce, 'transaction', JSON.stringify(resource))
  const body = JSON.stringify({
    id: `EV-${counter}`,
    create_time: '2026-12-01T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce: gcmNonce },
  })
  const sig = signature ?? platformKey.signSha256(`${timestamp}\n${nonce}\n${body}\n`)
  return {
    headers: {
      'wechatpay-timestamp': String(timestamp),
      'wechatpay-nonce': nonce,
      'wechatpay-serial': serial,
      'wechatpay-signature': sig,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  }
}

module.exports = { wp, dir, file, secrets, cases, merchantKey, merchantCert, platformCert, platformKey, apiv3Key, trustStore, parser, transaction, callback }
