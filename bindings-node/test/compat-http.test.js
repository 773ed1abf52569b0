'use strict'
// The chained client of wechatpay-core/compat against the real
// wechatpay-axios-plugin@0.9.6, over HTTP on 127.0.0.1 against a gateway
// stand-in that signs its answers like WeChat Pay (test/compat-server.js):
// both clients must send the same request byte for byte (nonce and timestamp
// fixed the same way in both; only the User-Agent names the library), get the
// same answers, and refuse tampered, replayed, probe, unknown-serial and
// unsigned responses with the same AxiosError.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { AxiosError } = require('axios')
const wp = require('..')
const { plugin, compat, keys, secrets } = require('./compat-fixtures.js')
const { start, rawWithoutAgent, platformCert, merchantPublicKey } = require('./compat-server.js')

let server
const NONCE = 'CLIENTNONCE00000000000000000001'
const merchantSerial = wp.Certificate.fromPem(keys.merchantCert).serialNo
let fixedTime

before(async () => {
  server = await start()
  fixedTime = Math.floor(Date.now() / 1000)
  for (const lib of [plugin, compat]) {
    lib.Formatter.nonce = () => NONCE
    lib.Formatter.timestamp = () => fixedTime
  }
})
after(() => server.close())

function config(extra = {}) {
  return {
    mchid: secrets.mchid,
    serial: merchantSerial,
    privateKey: keys.pkcs8,
    certs: { [platformCert.serialNo]: keys.platformCert, [secrets.pub_key_id]: keys.pubKey },
    secret: secrets.apiv2_key,
    baseURL: server.baseURL,
    ...extra,
  }
}

const settle = (promise) => promise.then((res) => ({ res }), (err) => ({ err }))

function shape({ res, err }) {
  if (res) return { status: res.status, data: res.data }
  return {
    isAxiosError: err instanceof AxiosError,
    name: err.constructor.name,
    code: err.code,
    message: err.message,
    status: err.response && err.response.status,
    data: err.response && err.response.data,
  }
}

/**
 * Sends the same call through both clients; asserts the same request bytes
 * on the server and the same outcome; returns [pluginOutcome, compatOutcome, request].
 */
async function side(label, call, { setup = () => {}, extra } = {}) {
  const out = {}
  const requests = {}
  for (const [name, lib] of [['plugin', plugin], ['compat', compat]]) {
    setup(server.state)
    const client = new lib.Wechatpay(config(extra))
    const before = server.state.requests.length
    out[name] = await settle(call(client, lib))
    requests[name] = server.state.requests.slice(before)
  }
  assert.equal(requests.compat.length, requests.plugin.length, `${label}: number of requests`)
  requests.plugin.forEach((req, i) => {
    assert.equal(rawWithoutAgent(requests.compat[i]).toString('latin1'), rawWithoutAgent(req).toString('latin1'), `${label}: request bytes`)
    const agent = requests.compat[i].headers['user-agent']
    assert.match(agent, /^wechatpay-core-compat\/\d+\.\d+\.\d+ axios\//, `${label}: User-Agent`)
  })
  assert.deepEqual(shape(out.compat), shape(out.plugin), `${label}: outcome`)
  return [out.plugin, out.compat, requests.compat[0]]
}

const reset = (mode = 'ok', more = {}) => (state) => Object.assign(state, { mode, keyMode: 'certificate', status: 200, body: '{"code_url":"weixin://wxpay/bizpayurl?pr=compat"}', timestamp: undefined, tamper: false }, more)

const order = {
  appid: secrets.appid, mchid: secrets.mchid, description: 'Tee 微信', out_trade_no: 'ORDER-1',
  notify_url: 'https://shop.example/notify', amount: { total: 100 }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
}

test('v3 POST of an object: same bytes, signature valid for WeChat Pay, verified answer', async () => {
  const [, { res }, req] = await side('jsapi', (c) => c.v3.pay.transactions.jsapi.post(order), { setup: reset() })
  assert.equal(res.data.code_url, 'weixin://wxpay/bizpayurl?pr=compat')
  assert.equal(req.signatureValid, true, req.signatureError)
  assert.equal(req.url, '/v3/pay/transactions/jsapi')
  assert.equal(req.body.toString(), JSON.stringify(order))
})

test('v3 GET with a path parameter ($x$ and _x_), params, camelCase segments', async () => {
  const [, { res }, req] = await side('get by id', (c) => c.v3.pay.transactions.id._transaction_id_.get({ params: { mchid: secrets.mchid }, transaction_id: '4200000000202612010000000001' }), { setup: reset() })
  assert.equal(res.status, 200)
  assert.equal(req.url, `/v3/pay/transactions/id/4200000000202612010000000001?mchid=${secrets.mchid}`)
  assert.equal(req.signatureValid, true, req.signatureError)
  const [, , req2] = await side('camelCase', (c) => c.v3.marketing.busifavor.stocks.$stock_id$.useRule.patch({ a: 1 }, { stock_id: '9865000' }), { setup: reset() })
  assert.equal(req2.url, '/v3/marketing/busifavor/stocks/9865000/use-rule')
  assert.equal(req2.method, 'PATCH')
  await side('PascalCase + chain()', (c) => c.V3.Certificates.chain('x').get(), { setup: reset() })
  await side('request()', (c) => c.client.request('v3/refund/domestic/refunds/{out_refund_no}', 'get', undefined, { out_refund_no: 'R1' }), { setup: reset() })
})

test('v3 with a string body, no body, DELETE, PUT, a 204 answer', async () => {
  // What the plugin signs for a string is JSON.stringify(string): reproduced as it is.
  await side('string body', (c) => c.v3.pay.transactions.native.post('{"a": 1}'), { setup: reset() })
  await side('no body', (c) => c.v3.pay.transactions.outTradeNo.$out_trade_no$.close.post(undefined, { out_trade_no: 'O1' }), { setup: reset('ok', { status: 204, body: '' }) })
  const [, { res }] = await side('DELETE 204', (c) => c.v3.merchantService.complaints.$id$.delete({ id: 'C1' }), { setup: reset('ok', { status: 204, body: '' }) })
  assert.equal(res.status, 204)
  await side('PUT', (c) => c.v3.marketing.partnerships.put({ x: [1, 2] }), { setup: reset() })
})

test('the WeChat Pay public key mode (PUB_KEY_ID_… in certs)', async () => {
  const [, { res }] = await side('pubkey', (c) => c.v3.pay.transactions.native.post(order), { setup: reset('ok', { keyMode: 'publicKey' }) })
  assert.equal(res.status, 200)
})

test('refused answers: tampered, replayed, probe, unknown serial, unsigned (same AxiosError, response.data)', async () => {
  const codes = {
    tampered: 'EV3_RES_HEADER_SIGNATURE_DIGEST',
    probe: 'EV3_RES_HEADER_SIGNATURE_DIGEST',
    replayed: 'EV3_RES_HEADER_TIMESTAMP_OFFSET',
    unknownSerial: 'EV3_RES_HEADER_PLATFORM_SERIAL',
    unsigned: 'EV3_RES_HEADERS_INCOMPLATE',
  }
  for (const [mode, code] of Object.entries(codes)) {
    const [, { err }] = await side(mode, (c) => c.v3.pay.transactions.native.post(order), { setup: reset(mode) })
    assert.ok(err instanceof AxiosError, mode)
    assert.equal(err.code, code, mode)
    assert.equal(err.response.status, 200)
    assert.equal(typeof err.response.data, 'string', mode)
  }
  // An error status is not verified: the AxiosError carries the parsed error body.
  const [, { err }] = await side('400', (c) => c.v3.pay.transactions.native.post(order), { setup: reset('ok', { status: 400, body: '{"code":"PARAM_ERROR","message":"bad"}' }) })
  assert.equal(err.response.data.code, 'PARAM_ERROR')
})

test('a media upload: the signed meta, the multipart body as sent', async () => {
  const image = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
  const form = new compat.Multipart()
  const meta = { filename: 'a.png', sha256: compat.Hash.sha256(image) }
  form.append('file', image, 'a.png').append('meta', JSON.stringify(meta), 'meta.json')
  const body = form.getBuffer()
  const headers = form.getHeaders()
  const [, , req] = await side('upload', (c) => c.v3.merchant.media.upload.post(body, { meta, headers }), { setup: reset('ok', { body: '{"media_id":"M1"}' }) })
  const upload = wp.parseUpload(req.headers['content-type'], req.body)
  assert.equal(upload.sha256Matches, true)
  // An upload's signature covers the meta JSON, not the multipart body.
  wp.verifyRequest('POST', req.url, upload.meta, req.headers.authorization, merchantPublicKey)
  assert.equal(JSON.parse(upload.meta).filename, 'a.png')
  // compat's own Multipart instance as the body (streamed by axios).
  const form2 = new compat.FormData()
  form2.append('file', image, 'a.png').append('meta', JSON.stringify(meta), 'meta.json')
  reset('ok', { body: '{"media_id":"M2"}' })(server.state)
  const res = await new compat.Wechatpay(config()).v3.merchant.media.upload.post(form2, { meta, headers: form2.getHeaders() })
  assert.equal(res.data.media_id, 'M2')
  const sent = server.last()
  wp.verifyRequest('POST', sent.url, wp.parseUpload(sent.headers['content-type'], sent.body).meta, sent.headers.authorization, merchantPublicKey)
  assert.deepEqual(form2.toJSON(), meta)
})

test('v2: XML with MD5 and HMAC-SHA256 signs, verified answers, a tampered sign refused', async () => {
  const query = { appid: secrets.appid, mch_id: secrets.mchid, out_trade_no: 'ORDER-2' }
  const [, { res }, req] = await side('v2 MD5', (c) => c.v2.pay.orderquery.post({ ...query }), { setup: reset('v2') })
  assert.equal(res.data.prepay_id, 'wx2026')
  const sent = wp.v2.decodeXml(req.body)
  assert.equal(sent.nonce_str, NONCE)
  wp.v2.verify(sent, new wp.ApiV2Key(secrets.apiv2_key), 'MD5')
  const [, , req2] = await side('v2 HMAC', (c) => c.v2.pay.orderquery.post({ ...query, sign_type: 'HMAC-SHA256' }), { setup: reset('v2', { v2SignType: 'HMAC-SHA256' }) })
  wp.v2.verify(wp.v2.decodeXml(req2.body), new wp.ApiV2Key(secrets.apiv2_key), 'HMAC-SHA256')
  const [, { err }] = await side('v2 tampered', (c) => c.v2.pay.orderquery.post({ ...query }), { setup: reset('v2', { tamper: true }) })
  assert.equal(err.code, 'EV2_RES_SIGNATURE_NOT_EQUAL')
  await side('v2 mchid mismatch', (c) => c.v2.pay.orderquery.post({ ...query, mch_id: '1' }), { setup: reset('v2') })
})

test('v2 secapi: the merchant certificate goes into an https.Agent as in the plugin', () => {
  const merchant = { cert: keys.merchantCert, key: keys.pkcs8 }
  for (const lib of [plugin, compat]) {
    const trans = new lib.Transformer(secrets.mchid, lib.Hash.keyObjectFrom(secrets.apiv2_key))
    const cfg = { method: 'post', url: '/secapi/pay/refund', security: true, merchant: { ...merchant }, baseURL: 'https://api.mch.weixin.qq.com/' }
    trans.signer.call(cfg, { mch_id: secrets.mchid, out_refund_no: 'R1' })
    assert.equal(cfg.httpsAgent.constructor.name, 'Agent')
    assert.equal(cfg.httpsAgent.options.cert, keys.merchantCert)
    assert.equal(cfg.merchant, undefined)
  }
})

test('constructor assertions are the plugin\'s', () => {
  for (const bad of [{}, { mchid: '1' }, { mchid: '1', serial: 'S' }, { mchid: '1', serial: 'S', privateKey: keys.pkcs8 }, { mchid: '1', serial: 'S', privateKey: keys.pkcs8, certs: { S: keys.platformCert } }]) {
    const a = (() => { try { new plugin.Wechatpay(bad); return 'ok' } catch (e) { return `${e.constructor.name}:${e.message}` } })() // eslint-disable-line no-new
    const b = (() => { try { new compat.Wechatpay(bad); return 'ok' } catch (e) { return `${e.constructor.name}:${e.message}` } })() // eslint-disable-line no-new
    assert.equal(b, a)
  }
})

test('user interceptors and adapters keep working on the compat client', async () => {
  reset()(server.state)
  const client = new compat.Wechatpay(config())
  const seen = []
  client.client.v3.interceptors.request.use((cfg) => { seen.push(`req ${cfg.url}`); return cfg })
  client.client.v3.interceptors.response.use((res) => { seen.push(`res ${res.status}`); return res })
  const res = await client.v3.certificates.get()
  assert.equal(res.status, 200)
  assert.deepEqual(seen, ['req v3/certificates', 'res 200'])
})
