'use strict'
// wechatpay-core/axios over HTTP on 127.0.0.1: attach(instance, { signer,
// verifier }) signs the exact bytes sent (checked by the gateway stand-in
// with the core's verifyRequest) and verifies answers with the native
// Verifier, rejecting with the core's typed errors.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const axios = require('axios')
const wp = require('..')
const { attach } = require('../axios')
const { start, secrets, platformCert, merchantPublicKey, file } = require('./compat-server.js')

let server
const merchantKey = wp.PrivateKey.fromPemFile(file('apiclient_key.pem'))
const signer = wp.Signer.fromCertificate(secrets.mchid, merchantKey, wp.Certificate.fromPemFile(file('apiclient_cert.pem')))

function store({ certificate = true, publicKey = false } = {}) {
  const trust = new wp.TrustStore()
  if (certificate) trust.addCertificate(platformCert)
  if (publicKey) trust.addPublicKey(secrets.pub_key_id, wp.PublicKey.fromPemFile(file('wechatpay_pub_key.pem')))
  return trust
}

function client(options = {}) {
  return attach(axios.create({ baseURL: server.baseURL }), { signer, verifier: new wp.Verifier(store(options)) })
}

const reset = (mode = 'ok', more = {}) => Object.assign(server.state, {
  mode, keyMode: 'certificate', status: 200, body: '{"code_url":"weixin://wxpay/bizpayurl?pr=compat"}', timestamp: undefined,
}, more)

before(async () => { server = await start() })
after(() => server.close())

test('signs the exact bytes sent (object, string with spaces, GET with params) and verifies the answer', async () => {
  reset()
  const api = client()
  const res = await api.post('/v3/pay/transactions/native', { amount: { total: 1 }, description: '微信' })
  assert.equal(res.data.code_url, 'weixin://wxpay/bizpayurl?pr=compat')
  assert.equal(server.last().signatureValid, true, server.last().signatureError)
  await api.post('/v3/pay/transactions/native', '  {"a": 1}  ', { headers: { 'Content-Type': 'application/json' } })
  assert.equal(server.last().signatureValid, true, server.last().signatureError)
  await api.get('/v3/pay/transactions/id/42', { params: { mchid: secrets.mchid, q: 'a b/中' } })
  const sent = server.last()
  assert.match(sent.url, /^\/v3\/pay\/transactions\/id\/42\?mchid=1900000109&q=/)
  assert.equal(sent.signatureValid, true, sent.signatureError)
  assert.equal(wp.parseAuthorization(sent.headers.authorization).mchid, secrets.mchid)
})

test('204 and the WeChat Pay public key mode', async () => {
  reset('ok', { status: 204, body: '' })
  const res = await client().post('/v3/pay/transactions/out-trade-no/O1/close', { mchid: secrets.mchid })
  assert.equal(res.status, 204)
  reset('ok', { keyMode: 'publicKey' })
  assert.equal((await client({ certificate: false, publicKey: true }).get('/v3/certificates')).status, 200)
})

test('refusals carry the core codes: tampered, replayed, probe, unknown serial, unsigned', async () => {
  const codes = {
    tampered: 'SIGNATURE_INVALID',
    replayed: 'TIMESTAMP_OUT_OF_WINDOW',
    probe: 'SIGNATURE_PROBE',
    unknownSerial: 'SERIAL_UNKNOWN',
    unsigned: 'HEADER_MISSING',
  }
  for (const [mode, code] of Object.entries(codes)) {
    reset(mode)
    await assert.rejects(client().get('/v3/certificates'), (err) => {
      assert.equal(err.code, code, mode)
      assert.equal(err.response.status, 200)
      assert.equal(typeof err.response.data, 'string')
      return true
    })
  }
  // The key of the other mode is not trusted.
  reset('ok', { keyMode: 'publicKey' })
  await assert.rejects(client().get('/v3/certificates'), { code: 'SERIAL_UNKNOWN' })
})

test('error statuses are not verified (axios rejects them as usual); downloads are not verified', async () => {
  reset('unsigned', { status: 400, body: '{"code":"PARAM_ERROR","message":"bad"}' })
  await assert.rejects(client().get('/v3/certificates'), (err) => {
    assert.ok(axios.isAxiosError(err))
    assert.equal(err.response.data.code, 'PARAM_ERROR')
    return true
  })
  reset('unsigned', { body: 'bill,text' })
  assert.equal((await client().get('/v3/billdownload/file', { params: { token: 't' } })).data, 'bill,text')
})

test('user interceptors and adapters keep working; media uploads sign config.meta', async () => {
  reset()
  const seen = []
  const instance = axios.create({ baseURL: server.baseURL })
  instance.interceptors.request.use((cfg) => { seen.push('user request'); return cfg })
  instance.interceptors.response.use((res) => { seen.push(`user response ${res.status}`); return res })
  attach(instance, { signer, verifier: new wp.Verifier(store()) })
  const http = axios.getAdapter('http')
  const res = await instance.get('/v3/certificates', { adapter: (cfg) => { seen.push('user adapter'); return http(cfg) } })
  assert.equal(res.status, 200)
  assert.deepEqual(seen, ['user request', 'user adapter', 'user response 200'])

  const upload = new wp.MediaUpload('a.png', Buffer.from('89504e47', 'hex'), 'BOUNDARY123')
  reset('ok', { body: '{"media_id":"M1"}' })
  await instance.post('/v3/merchant/media/upload', upload.body, { meta: upload.meta, headers: { 'Content-Type': upload.contentType } })
  const sent = server.last()
  wp.verifyRequest('POST', sent.url, upload.meta, sent.headers.authorization, merchantPublicKey)
  assert.equal(sent.body.equals(upload.body), true)
})

test('attach checks its arguments', () => {
  assert.throws(() => attach({}, { signer, verifier: new wp.Verifier(store()) }), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => attach(axios.create(), { verifier: new wp.Verifier(store()) }), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => attach(axios.create(), { signer }), { code: 'INVALID_ARGUMENT' })
})
