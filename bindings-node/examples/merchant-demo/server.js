#!/usr/bin/env node
// A merchant's shop on wechatpay-core: product page -> OAuth (openid) -> JSAPI order -> pay_params
// -> the bridge -> verified, decrypted callback -> a result page that queries the order.
// Also the mini-program path (wx.login -> jscode2session) and the H5 path (h5_url + redirect_url).
//
//   node server.js --sim http://127.0.0.1:8080 --keys ./wechatpay-sim-keys [--port 3000]
//
// Against the simulator only (wechatpay-sim): it plays WeChat's servers and WeChat's browser.
// Plain node:http, no framework; every protocol step is the wechatpay-core package.
'use strict'

const http = require('node:http')
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const wp = require('../..')

// ------------------------------------------------------------------ configuration

function options (argv) {
  const out = {
    sim: process.env.WECHATPAY_SIM_URL,
    keys: process.env.WECHATPAY_SIM_KEYS,
    port: Number(process.env.PORT || 3000),
    appSecret: process.env.WECHAT_APP_SECRET || 'simulatedappsecret00000000000000',
    publicUrl: process.env.PUBLIC_URL
  }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (flag === '--sim') out.sim = value
    else if (flag === '--keys') out.keys = value
    else if (flag === '--port') out.port = Number(value)
    else if (flag === '--app-secret') out.appSecret = value
    else if (flag === '--public-url') out.publicUrl = value
    else throw new Error(`unknown option ${flag} (--sim URL --keys DIR [--port N] [--app-secret S] [--public-url URL])`)
  }
  if (!out.sim || !out.keys) throw new Error('usage: server.js --sim http://127.0.0.1:PORT --keys KEYS_DIR [--port N]')
  out.sim = out.sim.replace(/\/$/, '')
  return out
}

const config = options(process.argv.slice(2))
const merchant = JSON.parse(fs.readFileSync(path.join(config.keys, 'merchant.json'), 'utf8'))
const key = wp.PrivateKey.fromPemFile(path.join(config.keys, 'apiclient_key.pem')) // parsed once
const signer = new wp.Signer(merchant.mchid, merchant.merchant_serial_no, key)
const store = new wp.TrustStore()
store.addCertificate(wp.Certificate.fromPemFile(path.join(config.keys, 'platform_cert.pem')))
store.addPublicKey(merchant.pub_key_id, wp.PublicKey.fromPemFile(path.join(config.keys, 'wechatpay_pub_key.pem')))
const verifier = new wp.Verifier(store)
const parser = new wp.CallbackParser(verifier, new wp.ApiV3Key(merchant.apiv3_key))
const helperFile = require.resolve('../../browser.js')
let publicUrl = config.publicUrl

const PRODUCT = { description: '纯棉T恤 Cotton tee', total: 1 }

// ------------------------------------------------------------------ state (in memory)

const sessions = new Map() // sid -> { openid, mpOpenid, state }
const callbacks = new Map() // out_trade_no -> what the verified callback said

function session (req, res) {
  const sid = /(?:^|;\s*)demo_sid=([A-Za-z0-9]+)/.exec(req.headers.cookie || '')?.[1]
  if (sid && sessions.has(sid)) return sessions.get(sid)
  const fresh = crypto.randomBytes(16).toString('hex')
  const s = {}
  sessions.set(fresh, s)
  res.setHeader('Set-Cookie', `demo_sid=${fresh}; Path=/; HttpOnly; SameSite=Lax`)
  return s
}

// ------------------------------------------------------------------ WeChat Pay API (signed, verified)

async function wechatpay (method, url, body) {
  const text = body === undefined ? '' : JSON.stringify(body)
  const { authorization } = await signer.signAsync(method, url, text)
  const res = await fetch(config.sim + url, {
    method,
    headers: {
      Authorization: authorization,
      Accept: 'application/json',
      'User-Agent': 'wechatpay-core-merchant-demo/0.1',
      ...(text ? { 'Content-Type': 'application/json' } : {})
    },
    body: text || undefined
  })
  const raw = Buffer.from(await res.arrayBuffer())
  await verifier.verifyAsync(res.headers, raw) // every answer, errors included, is signed
  const json = raw.length ? JSON.parse(raw.toString('utf8')) : {}
  if (!res.ok) {
    const err = new Error(`WeChat Pay answered ${res.status} ${json.code}: ${json.message}`)
    err.api = json
    throw err
  }
  return json
}

function orderBody (outTradeNo, extra) {
  return {
    appid: merchant.appid,
    mchid: merchant.mchid,
    description: PRODUCT.description,
    out_trade_no: outTradeNo,
    notify_url: `${publicUrl}/wechatpay/notify`,
    amount: { total: PRODUCT.total, currency: 'CNY' },
    ...extra
  }
}

function newOrderNo () {
  return `DEMO${Date.now()}${crypto.randomBytes(3).toString('hex')}`
}

async function queryOrder (outTradeNo) {
  return wechatpay('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${merchant.mchid}`)
}

// WeChat's servers (the simulator plays them too): code -> openid.
async function sns (pathAndQuery) {
  const res = await fetch(config.sim + pathAndQuery)
  return res.json()
}

// ------------------------------------------------------------------ pages

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
const yuan = (fen) => `¥${(fen / 100).toFixed(2)}`

function page (title, body, head = '') {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>
body{margin:0;font-family:-apple-system,'PingFang SC','WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;background:#f6f6f6;color:#111}
header{background:#1f2d3d;color:#fff;padding:14px 18px;font-size:18px;font-weight:600}
header small{font-weight:400;opacity:.8;margin-left:8px}
main{max-width:560px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:10px;padding:20px;margin:0 0 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 8px} .price{font-size:28px;font-weight:700;color:#e4393c;margin:8px 0}
.btn{display:block;width:100%;box-sizing:border-box;padding:12px;margin:10px 0 0;border:0;border-radius:8px;font-size:17px;text-align:center;text-decoration:none;cursor:pointer}
.green{background:#07c160;color:#fff}.blue{background:#1677ff;color:#fff}.grey{background:#e9e9e9;color:#111}
.state{font-size:24px;font-weight:700;margin:6px 0}.ok{color:#07a14f}.bad{color:#d4380d}.wait{color:#ad6800}
dl{margin:8px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:6px 12px;font-size:15px} dt{color:#666} dd{margin:0;overflow-wrap:anywhere}
.note{color:#777;font-size:13px;line-height:1.5}
</style>${head}</head><body><header>Demo Shop 演示商店<small>wechatpay-core merchant demo</small></header><main>${body}</main></body></html>`
}

function send (res, status, html, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(html)
}

function json (res, status, value) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(value))
}

function redirect (res, location) {
  res.writeHead(302, { Location: location })
  res.end()
}

function errorPage (res, zh, en, detail) {
  send(res, 200, page('出错了 Error', `<div class="card"><div class="state bad" id="state">${esc(zh)}</div>
<p>${esc(en)}</p>${detail ? `<p class="note" id="detail">${esc(detail)}</p>` : ''}
<a class="btn grey" href="/">返回商店 / Back to the shop</a></div>`))
}

const product = `<div class="card"><h1>${esc(PRODUCT.description)}</h1><div class="price">${yuan(PRODUCT.total)}</div>
<p class="note">100% cotton, one size. 一件纯棉T恤。</p></div>`

function home (res) {
  send(res, 200, page('Demo Shop', `${product}<div class="card">
<a class="btn green" id="jsapi" href="/shop/checkout">在微信中支付 / Pay in WeChat (JSAPI)</a>
<a class="btn green" id="mp" href="/mp/">小程序支付 / Pay in a mini-program</a>
<a class="btn blue" id="h5" href="/h5/">手机浏览器支付 / Pay in a phone browser (H5)</a>
<p class="note">WeChat's side (OAuth, the in-app bridge, the cashiers) is the local simulator at ${esc(config.sim)}.</p></div>`))
}

// The payment page: JSAPI (in WeChat's browser) or mini-program (kind = 'miniprogram').
function checkout (res, kind) {
  const bridge = kind === 'miniprogram' ? `${config.sim}/sim/jsbridge.js?env=miniprogram` : `${config.sim}/sim/jsbridge.js`
  const login = kind === 'miniprogram'
    ? `const login = await wx.login()
      const l = await fetch('/api/mp/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: login.code }) })
      if (!l.ok) throw new Error((await l.json()).error)`
    : ''
  send(res, 200, page('Checkout 结算', `${product}<div class="card">
<button class="btn green" id="pay">支付 ${yuan(PRODUCT.total)} / Pay</button>
<p class="note" id="status">${kind === 'miniprogram' ? 'Mini-program: wx.login, then wx.requestPayment.' : 'WeChat browser: WeixinJSBridge getBrandWCPayRequest.'}</p></div>
<script src="${esc(bridge)}"></script>
<script type="module">
import { requestPayment } from '/assets/wechatpay-browser.js'
const status = document.getElementById('status')
document.getElementById('pay').onclick = async () => {
  document.getElementById('pay').disabled = true
  try {
    ${login}
    const r = await fetch('/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: '${kind}' }) })
    const order = await r.json()
    if (!r.ok) throw new Error(order.error)
    let client, detail = ''
    try {
      client = await requestPayment(order.params)
    } catch (e) {
      client = 'fail'
      detail = e.code + ': ' + e.message
    }
    location.href = '/result?out_trade_no=' + encodeURIComponent(order.out_trade_no) + '&client=' + client + '&detail=' + encodeURIComponent(detail)
  } catch (e) {
    status.textContent = 'Error: ' + e.message
    status.id = 'error'
  }
}
</script>`))
}

async function result (res, url, check = true) {
  const no = url.searchParams.get('out_trade_no') || ''
  const client = url.searchParams.get('client')
  const detail = url.searchParams.get('detail')
  let order
  try {
    order = await queryOrder(no) // the truth: WeChat Pay's answer, verified
  } catch (e) {
    return errorPage(res, '查询失败', 'The order query failed.', e.message)
  }
  const state = order.trade_state
  const [label, cls] = {
    SUCCESS: ['支付成功 / Paid', 'ok'],
    NOTPAY: ['未支付 / Not paid', 'wait'],
    PAYERROR: ['支付失败 / Payment failed', 'bad'],
    CLOSED: ['已关闭 / Closed', 'bad']
  }[state] || [state, 'wait']
  const cb = callbacks.get(no)
  send(res, 200, page('Result 支付结果', `<div class="card"><div class="state ${cls}" id="state" data-state="${esc(state)}">${esc(label)}</div>
<dl><dt>订单号 Order</dt><dd id="order">${esc(no)}</dd>
<dt>金额 Amount</dt><dd>${yuan(order.amount.total)}</dd>
<dt>微信支付查询 WeChat Pay query</dt><dd>${esc(state)} (${esc(order.trade_state_desc || '')})</dd>
${client ? `<dt>页面返回 The page's client said</dt><dd id="client">${esc(client)}${detail ? ` — ${esc(detail)}` : ''} <span class="note">(never trusted)</span></dd>` : ''}
<dt>回调 Callback</dt><dd id="callback">${cb ? `verified and decrypted: ${esc(cb.eventType)}, ${esc(cb.tradeState)}` : 'not received (yet)'}</dd></dl>
<a class="btn grey" href="/">返回商店 / Back to the shop</a></div>`))
}

function h5Home (res) {
  send(res, 200, page('H5 Demo Shop', `${product}<div class="card">
<a class="btn green" id="pay" href="/h5/pay">微信支付 / Pay with WeChat Pay</a>
<p class="note">In a phone browser (not WeChat): the shop places an H5 order and sends you to the h5_url.</p></div>`))
}

function clientIp (req) {
  // Behind a reverse proxy the payer's address is in X-Forwarded-For (trust it only from your proxy).
  const forwarded = req.headers['x-forwarded-for']
  const ip = forwarded ? String(forwarded).split(',')[0].trim() : req.socket.remoteAddress || ''
  return ip.replace(/^::ffff:/, '')
}

async function h5Pay (req, res) {
  const no = newOrderNo()
  const answer = await wechatpay('POST', '/v3/pay/transactions/h5', orderBody(no, {
    scene_info: { payer_client_ip: clientIp(req), h5_info: { type: 'Wap' } }
  }))
  const back = `${publicUrl}/h5/return?out_trade_no=${encodeURIComponent(no)}`
  redirect(res, wp.h5RedirectUrl(answer.h5_url, back)) // &redirect_url=<URL-encoded>
}

async function h5Return (res, url) {
  if (url.searchParams.get('check') === '1') return result(res, url)
  const no = url.searchParams.get('out_trade_no') || ''
  // No automatic query: WeChat returns here on payment, on cancel or after a while, so ask the payer.
  send(res, 200, page('支付结果 Payment', `<div class="card"><div class="state wait" id="state">支付完成了吗？ / Did you finish paying?</div>
<p class="note">订单 Order <span id="order">${esc(no)}</span></p>
<form method="get" action="/h5/return"><input type="hidden" name="out_trade_no" value="${esc(no)}"><input type="hidden" name="check" value="1">
<button class="btn green" id="check">查询支付结果 / Check payment</button></form>
<a class="btn grey" href="/h5/">重新选择 / Start again</a></div>`))
}

// ------------------------------------------------------------------ API for the pages

async function readBody (req, limit = 1 << 20) {
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size > limit) throw new Error('body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

async function createOrder (req, res, s) {
  const { kind } = JSON.parse((await readBody(req)).toString('utf8') || '{}')
  const miniprogram = kind === 'miniprogram'
  const openid = miniprogram ? s.mpOpenid : s.openid
  if (!openid) return json(res, 401, { error: 'no openid in this session: sign in first' })
  const no = newOrderNo()
  const { prepay_id: prepayId } = await wechatpay('POST', '/v3/pay/transactions/jsapi', orderBody(no, { payer: { openid } }))
  const params = miniprogram ? wp.miniprogram(key, merchant.appid, prepayId) : wp.jsapi(key, merchant.appid, prepayId)
  if (miniprogram) delete params.appId // wx.requestPayment takes no appId (it is still signed)
  json(res, 200, { out_trade_no: no, params })
}

async function miniLogin (req, res, s) {
  const { code } = JSON.parse((await readBody(req)).toString('utf8') || '{}')
  const answer = await sns(`/sns/jscode2session?appid=${merchant.appid}&secret=${encodeURIComponent(config.appSecret)}&js_code=${encodeURIComponent(code || '')}&grant_type=authorization_code`)
  if (!answer.openid) return json(res, 400, { error: `jscode2session: ${answer.errcode} ${answer.errmsg}` })
  s.mpOpenid = answer.openid // session_key stays on the server (here: not kept at all)
  json(res, 200, { ok: true })
}

async function notify (req, res) {
  const raw = await readBody(req)
  try {
    const event = await parser.parseAsync(req.headers, raw) // signature, serial, window, then AES-GCM
    const r = event.resource
    callbacks.set(r.out_trade_no, { eventType: event.eventType, tradeState: r.trade_state, transactionId: r.transaction_id })
    const ack = wp.Acknowledgement.success()
    res.writeHead(ack.status, { 'Content-Type': 'application/json' })
    res.end(ack.body)
  } catch (e) {
    console.warn(`refused callback: ${e.code} ${e.message}`)
    const nack = wp.Acknowledgement.failure()
    res.writeHead(nack.status, { 'Content-Type': 'application/json' })
    res.end(nack.body)
  }
}

// ------------------------------------------------------------------ routes

async function oauthStart (res, s, returnTo) {
  s.state = crypto.randomBytes(8).toString('hex')
  s.returnTo = returnTo
  const url = wp.oauth2AuthorizeUrl(merchant.appid, `${publicUrl}/shop/oauth/callback`, 'snsapi_base', s.state)
  // The simulator serves WeChat's open.weixin.qq.com pages.
  redirect(res, url.replace('https://open.weixin.qq.com', config.sim))
}

async function oauthCallback (res, url, s) {
  const code = url.searchParams.get('code')
  if (!code) return errorPage(res, '未授权', 'WeChat returned no code (authorization refused).')
  if (!s.state || url.searchParams.get('state') !== s.state) {
    return errorPage(res, '登录状态无效', 'The state does not match this session (a forged or stale callback).')
  }
  const answer = await sns(`/sns/oauth2/access_token?appid=${merchant.appid}&secret=${encodeURIComponent(config.appSecret)}&code=${encodeURIComponent(code)}&grant_type=authorization_code`)
  if (!answer.openid) {
    return errorPage(res, '微信登录失败', 'The code could not be exchanged for an openid.', `errcode ${answer.errcode}: ${answer.errmsg}`)
  }
  s.openid = answer.openid
  redirect(res, s.returnTo || '/shop/checkout')
}

async function route (req, res) {
  const url = new URL(req.url, publicUrl)
  const s = session(req, res)
  const p = url.pathname
  if (req.method === 'GET' && p === '/') return home(res)
  if (req.method === 'GET' && p === '/health') return json(res, 200, { ok: true })
  if (req.method === 'GET' && p === '/assets/wechatpay-browser.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' })
    return res.end(fs.readFileSync(helperFile))
  }
  // /shop/ is the registered payment directory; /promo/ is not (WeChat refuses to pay there).
  if (req.method === 'GET' && (p === '/shop/checkout' || p === '/promo/checkout')) {
    return s.openid ? checkout(res, 'jsapi') : oauthStart(res, s, p)
  }
  if (req.method === 'GET' && p === '/shop/oauth/callback') return oauthCallback(res, url, s)
  if (req.method === 'GET' && p === '/mp/') return checkout(res, 'miniprogram')
  if (req.method === 'GET' && p === '/result') return result(res, url)
  if (req.method === 'GET' && p === '/h5/') return h5Home(res)
  if (req.method === 'GET' && p === '/h5/pay') return h5Pay(req, res)
  if (req.method === 'GET' && p === '/h5/return') return h5Return(res, url)
  if (req.method === 'POST' && p === '/api/orders') return createOrder(req, res, s)
  if (req.method === 'POST' && p === '/api/mp/login') return miniLogin(req, res, s)
  if (req.method === 'GET' && p.startsWith('/api/orders/')) {
    const no = decodeURIComponent(p.slice('/api/orders/'.length))
    const order = await queryOrder(no)
    return json(res, 200, { trade_state: order.trade_state, callback: callbacks.get(no) || null })
  }
  if (req.method === 'POST' && p === '/wechatpay/notify') return notify(req, res)
  send(res, 404, page('Not found', '<div class="card">404</div>'))
}

const server = http.createServer((req, res) => {
  route(req, res).catch((e) => {
    console.error(e)
    if (res.headersSent) res.end()
    else if (req.url.startsWith('/api/')) json(res, 502, { error: e.message })
    else errorPage(res, '系统错误', 'The shop failed.', e.message)
  })
})
server.listen(config.port, '127.0.0.1', () => {
  const { port } = server.address()
  publicUrl = publicUrl || `http://127.0.0.1:${port}`
  console.log(`merchant-demo listening on ${publicUrl}`)
})
