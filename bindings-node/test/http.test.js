'use strict'
// Callbacks over real HTTP on 127.0.0.1 into the express helper (and the Koa
// one): valid, tampered, probe, replay, unknown serial. Status and the exact
// acknowledgement each time, and the user's function runs only when valid.
const test = require('node:test')
const assert = require('node:assert')
const http = require('node:http')
const express = require('express')
const Koa = require('koa')
const h = require('./helpers.js')
const { notifyHandler } = require('../express.js')
const { notifyMiddleware } = require('../koa.js')

const SUCCESS = '{"code":"SUCCESS","message":"成功"}'
const FAIL = '{"code":"FAIL","message":"失败"}'

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server.address().port))
  })
}

async function post(port, path, { headers, body }) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

function scenarios() {
  const now = Math.floor(Date.now() / 1000)
  const valid = h.callback()
  return [
    { name: 'valid', cb: valid, status: 200, ack: SUCCESS, code: null },
    { name: 'tampered', cb: { ...valid, body: valid.body.replace('"summary":"支付成功"', '"summary":"支付失败"') }, status: 500, ack: FAIL, code: 'SIGNATURE_INVALID' },
    { name: 'probe', cb: h.callback({ probe: true }), status: 500, ack: FAIL, code: 'SIGNATURE_PROBE' },
    { name: 'replay', cb: h.callback({ timestamp: now - 600 }), status: 500, ack: FAIL, code: 'TIMESTAMP_OUT_OF_WINDOW' },
    { name: 'unknown serial', cb: h.callback({ serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' }), status: 500, ack: FAIL, code: 'SERIAL_UNKNOWN' },
  ]
}

async function exercise(port, path, seen) {
  for (const s of scenarios()) {
    seen.events.length = 0
    seen.errors.length = 0
    const reply = await post(port, path, s.cb)
    assert.strictEqual(reply.status, s.status, s.name)
    assert.strictEqual(reply.body, s.ack, s.name)
    assert.match(reply.type, /^application\/json/, s.name)
    if (s.code === null) {
      assert.strictEqual(seen.events.length, 1, `${s.name}: handler ran once`)
      assert.strictEqual(seen.events[0].resource.out_trade_no, h.transaction.out_trade_no)
      assert.deepStrictEqual(seen.errors, [])
    } else {
      assert.strictEqual(seen.events.length, 0, `${s.name}: handler must not run`)
      assert.deepStrictEqual(seen.errors, [s.code], s.name)
    }
  }
}

test('express: notifyHandler over real HTTP', async (t) => {
  const seen = { events: [], errors: [] }
  const app = express()
  app.use(express.json()) // a global JSON parser must not break the callback route
  app.post(
    '/wechatpay/notify',
    notifyHandler(h.parser(), (event) => { seen.events.push(event) }, { onError: (err) => seen.errors.push(err.code) }),
  )
  const failing = notifyHandler(h.parser(), () => { throw new Error('database down') }, { onError: (err) => seen.errors.push(err.message) })
  app.post('/failing', express.raw({ type: '*/*' }), failing)
  const server = http.createServer(app)
  const port = await listen(server)
  t.after(() => server.close())
  // express.json() above consumed the body of /wechatpay/notify? It runs
  // first for every route, so mount order matters: the test below shows the
  // refusal, then the right mounting.
  seen.errors.length = 0
  const refused = await post(port, '/wechatpay/notify', h.callback())
  assert.strictEqual(refused.status, 500)
  assert.strictEqual(refused.body, FAIL)
  assert.strictEqual(seen.errors[0], 'INVALID_ARGUMENT')

  const app2 = express()
  app2.post('/wechatpay/notify', notifyHandler(h.parser(), (event) => { seen.events.push(event) }, { onError: (err) => seen.errors.push(err.code) }))
  app2.post('/failing', express.raw({ type: '*/*' }), failing)
  app2.use(express.json())
  const server2 = http.createServer(app2)
  const port2 = await listen(server2)
  t.after(() => server2.close())
  await exercise(port2, '/wechatpay/notify', seen)

  seen.errors.length = 0
  const reply = await post(port2, '/failing', h.callback())
  assert.strictEqual(reply.status, 500)
  assert.strictEqual(reply.body, FAIL)
  assert.deepStrictEqual(seen.errors, ['database down'])
})

test('koa: notifyMiddleware over real HTTP', async (t) => {
  const seen = { events: [], errors: [] }
  const app = new Koa()
  const middleware = notifyMiddleware(h.parser(), (event) => { seen.events.push(event) }, { onError: (err) => seen.errors.push(err.code) })
  app.use(async (ctx, next) => (ctx.method === 'POST' && ctx.path === '/notify' ? middleware(ctx) : next()))
  const server = http.createServer(app.callback())
  const port = await listen(server)
  t.after(() => server.close())
  await exercise(port, '/notify', seen)
})
