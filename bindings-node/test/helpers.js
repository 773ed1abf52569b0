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

const gateway = wp.ResponseSigner.fromCertificate(platformKey, platformCert)

let counter = 0
/**
 * A callback as WeChat Pay sends it, built with the core's gateway side
 * (CallbackEnvelope.seal + ResponseSigner): { headers, body }, signed now (or
 * at `timestamp`), header names lowercased as Node's IncomingMessage has them.
 * `probe` gives WeChat Pay's WECHATPAY/SIGNTEST/ probe headers; `serial` and
 * `signature` replace one header.
 */
function callback({ timestamp = Math.floor(Date.now() / 1000), serial, signature, probe = false, resource = transaction } = {}) {
  counter += 1
  const envelope = wp.CallbackEnvelope.transaction(`EV-${counter}`, wp.formatChina(timestamp), JSON.stringify(resource))
  const body = envelope.seal(apiv3Key, String(counter).padStart(12, '0'))
  const signed = probe ? gateway.probeAt(timestamp) : gateway.signAt(body, timestamp)
  const headers = Object.fromEntries(Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value]))
  if (serial !== undefined) headers['wechatpay-serial'] = serial
  if (signature !== undefined) headers['wechatpay-signature'] = signature
  return { headers, body }
}

module.exports = { gateway, wp, dir, file, secrets, cases, merchantKey, merchantCert, platformCert, platformKey, apiv3Key, trustStore, parser, transaction, callback }
