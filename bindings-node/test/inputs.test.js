'use strict'
// Headers in every shape Node users have, bodies as Buffer / Uint8Array / string.
const test = require('node:test')
const assert = require('node:assert')
const h = require('./helpers.js')

test('headers: plain object in any case, IncomingMessage-style, fetch Headers, Map, pairs', () => {
  const parser = h.parser()
  const cb = h.callback()
  const upper = Object.fromEntries(Object.entries(cb.headers).map(([k, v]) => [k.toUpperCase(), v]))
  const mixed = Object.fromEntries(Object.entries(cb.headers).map(([k, v]) => [k.replace(/(^|-)w/g, (m) => m.toUpperCase()), v]))
  const nullProto = Object.assign(Object.create(null), cb.headers, { 'content-type': 'application/json', 'x-forwarded-for': ['a', 'b'] })
  const shapes = [cb.headers, upper, mixed, nullProto, new Headers(cb.headers), new Map(Object.entries(cb.headers)), Object.entries(cb.headers)]
  for (const headers of shapes) {
    const event = parser.parse(headers, cb.body)
    assert.strictEqual(event.resource.out_trade_no, h.transaction.out_trade_no)
  }
})

test('a header given twice with different values is refused', () => {
  const cb = h.callback()
  const headers = { ...cb.headers, 'wechatpay-serial': [cb.headers['wechatpay-serial'], 'OTHER'] }
  assert.throws(() => h.parser().parse(headers, cb.body), { code: 'HEADER_INVALID' })
})

test('body: Buffer, Uint8Array and string are the same bytes', () => {
  const parser = h.parser()
  const cb = h.callback()
  const bytes = Buffer.from(cb.body, 'utf8')
  const a = parser.parse(cb.headers, cb.body)
  const b = parser.parse(cb.headers, bytes)
  const c = parser.parse(cb.headers, new Uint8Array(bytes))
  assert.deepStrictEqual(a, b)
  assert.deepStrictEqual(a, c)
  assert.strictEqual(a.resource.trade_state_desc, '支付成功')
})

test('a re-serialised body does not verify', () => {
  const cb = h.callback()
  const reserialised = JSON.stringify(JSON.parse(cb.body), null, 1)
  assert.throws(() => h.parser().parse(cb.headers, reserialised), { code: 'SIGNATURE_INVALID' })
})

test('certificate facts in JavaScript types', () => {
  const cert = h.platformCert
  assert.ok(cert.notBefore instanceof Date)
  assert.ok(cert.notAfter > cert.notBefore)
  assert.strictEqual(cert.isValidAt(cert.notBefore), true)
  assert.strictEqual(cert.isValidAt(new Date(cert.notAfter.getTime() + 1000)), false)
  assert.match(cert.serialNo, /^[0-9A-F]+$/)
  assert.ok(Buffer.isBuffer(cert.der))
  const node = new (require('node:crypto').X509Certificate)(cert.der)
  assert.strictEqual(node.serialNumber, cert.serialNo)
  assert.strictEqual(node.fingerprint256.replace(/:/g, ''), cert.sha256Fingerprint)
})

test('pay params: JSAPI for WeixinJSBridge and wx.requestPayment', () => {
  const params = h.wp.jsapi(h.merchantKey, h.secrets.appid, 'wx201410272009395522657a690389285100')
  assert.deepStrictEqual(Object.keys(params).sort(), ['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp'])
  assert.strictEqual(params.package, 'prepay_id=wx201410272009395522657a690389285100')
  const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`
  h.merchantCert.publicKey.verifySha256(message, Buffer.from(params.paySign, 'base64'))
  assert.throws(() => h.merchantCert.publicKey.verifySha256(message + 'x', Buffer.from(params.paySign, 'base64')), { code: 'SIGNATURE_INVALID' })
  const url = h.wp.oauth2AuthorizeUrl(h.secrets.appid, 'https://shop.example/cb?a=1', 'snsapi_base', 'st')
  assert.ok(url.startsWith('https://open.weixin.qq.com/connect/oauth2/authorize?appid='))
  assert.ok(url.endsWith('#wechat_redirect'))
})
