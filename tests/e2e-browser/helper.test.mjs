// wechatpay-core/browser (bindings-node/browser.js) against fake windows: the bridge-ready race,
// the timeout, outside WeChat, the mini-program form, and how each answer maps to ok / cancel / error.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { requestPayment, bridgeReady, WechatPayBrowserError, ErrorCodes } from '../../bindings-node/browser.js'

const PARAMS = { appId: 'wx1', timeStamp: '1700000000', nonceStr: 'n1', package: 'prepay_id=wx2', signType: 'RSA', paySign: 'c2ln' }
const WECHAT = 'Mozilla/5.0 MicroMessenger/8.0.50'

function fakeWindow ({ ua = WECHAT, answer = { err_msg: 'get_brand_wcpay_request:ok' } } = {}) {
  const listeners = new Map()
  const calls = []
  const win = {
    navigator: { userAgent: ua },
    document: {
      addEventListener: (name, fn) => listeners.set(name, fn),
      removeEventListener: (name) => listeners.delete(name)
    },
    calls,
    listeners,
    installBridge () {
      win.WeixinJSBridge = { invoke: (name, params, cb) => { calls.push([name, params]); cb(answer) } }
    },
    fireReady () { const fn = listeners.get('WeixinJSBridgeReady'); if (fn) fn() }
  }
  return win
}

test('bridge already there: invokes getBrandWCPayRequest with exactly the six fields', async () => {
  const win = fakeWindow()
  win.installBridge()
  assert.equal(await requestPayment({ ...PARAMS, extra: 'x' }, { window: win }), 'ok')
  assert.deepEqual(win.calls, [['getBrandWCPayRequest', PARAMS]])
})

test('bridge late: waits for WeixinJSBridgeReady, then pays', async () => {
  const win = fakeWindow({ answer: { err_msg: 'get_brand_wcpay_request:cancel' } })
  const pending = requestPayment(PARAMS, { window: win })
  assert.ok(win.listeners.has('WeixinJSBridgeReady'), 'listening for the event')
  win.installBridge()
  win.fireReady()
  assert.equal(await pending, 'cancel')
  assert.equal(win.listeners.has('WeixinJSBridgeReady'), false, 'the listener is removed')
})

test('an early event without the object is ignored until the bridge exists', async () => {
  const win = fakeWindow()
  const pending = requestPayment(PARAMS, { window: win })
  win.fireReady() // no WeixinJSBridge yet
  assert.equal(win.calls.length, 0)
  win.installBridge()
  win.fireReady()
  assert.equal(await pending, 'ok')
})

test('the bridge never comes: BRIDGE_TIMEOUT after the bounded wait', async () => {
  const win = fakeWindow()
  await assert.rejects(requestPayment(PARAMS, { window: win, timeout: 20 }), (e) =>
    e instanceof WechatPayBrowserError && e.code === ErrorCodes.BRIDGE_TIMEOUT && /20 ms/.test(e.message))
  assert.equal(win.listeners.has('WeixinJSBridgeReady'), false)
})

test('outside WeChat: NOT_IN_WECHAT at once (no wait)', async () => {
  const win = fakeWindow({ ua: 'Mozilla/5.0 Safari/604.1' })
  await assert.rejects(requestPayment(PARAMS, { window: win, timeout: 60000 }), (e) =>
    e.code === 'NOT_IN_WECHAT' && /H5 or Native/.test(e.message))
  await assert.rejects(bridgeReady({ window: win }), (e) => e.code === 'NOT_IN_WECHAT')
})

test('fail: PAYMENT_FAILED with WeChat\'s err_msg and err_desc', async () => {
  const win = fakeWindow({ answer: { err_msg: 'get_brand_wcpay_request:fail', err_desc: '支付验证签名失败' } })
  win.installBridge()
  await assert.rejects(requestPayment(PARAMS, { window: win }), (e) =>
    e.code === 'PAYMENT_FAILED' && e.errMsg === 'get_brand_wcpay_request:fail' && e.detail === '支付验证签名失败')
})

test('missing or non-string fields: INVALID_PARAMS before anything is invoked', async () => {
  const win = fakeWindow()
  win.installBridge()
  for (const bad of [null, 'x', { ...PARAMS, paySign: undefined }, { ...PARAMS, timeStamp: 1700000000 }]) {
    await assert.rejects(requestPayment(bad, { window: win }), (e) => e.code === 'INVALID_PARAMS')
  }
  assert.equal(win.calls.length, 0)
})

test('mini-program: wx.requestPayment without appId; ok, cancel and fail', async () => {
  for (const [errMsg, expected] of [['requestPayment:ok', 'ok'], ['requestPayment:fail cancel', 'cancel'], ['requestPayment:fail 支付验证签名失败', null]]) {
    const seen = []
    const win = {
      navigator: { userAgent: WECHAT + ' miniProgram' },
      __wxjs_environment: 'miniprogram',
      wx: { requestPayment: (o) => { seen.push(o); (errMsg.endsWith(':ok') ? o.success : o.fail)({ errMsg }) } }
    }
    const { appId, ...mini } = PARAMS
    const outcome = requestPayment(mini, { window: win })
    if (expected) assert.equal(await outcome, expected)
    else await assert.rejects(outcome, (e) => e.code === 'PAYMENT_FAILED' && e.detail === '支付验证签名失败')
    assert.deepEqual(Object.keys(seen[0]).filter((k) => typeof seen[0][k] === 'string'), ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign'])
  }
  await assert.rejects(requestPayment(PARAMS, { window: fakeWindow(), env: 'miniprogram' }), (e) => e.code === 'NOT_IN_WECHAT')
})
