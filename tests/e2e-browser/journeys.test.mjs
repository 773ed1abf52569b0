// The payer's journeys in headless Chromium: JSAPI (official account), mini-program and H5,
// through the merchant demo (bindings-node/examples/merchant-demo) and wechatpay-sim.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { PHONE_UA, WECHAT_UA, newPage, shot, startAll, until } from './harness.mjs'

let env
before(async () => { env = await startAll() })
after(async () => { if (env) await env.stop() })

const cashier = (page) => page.frameLocator('iframe[data-wechatpay-sim="cashier"]')

/** Product page -> OAuth (silent, snsapi_base) -> back on the checkout page with an openid. */
async function signIn (page, path = '/shop/checkout') {
  await page.goto(env.demoUrl + '/')
  if (path === '/shop/checkout') await page.click('#jsapi')
  else await page.goto(env.demoUrl + path)
  await page.waitForURL(env.demoUrl + path)
  await page.locator('#pay').waitFor()
}

async function result (page) {
  await page.waitForURL(/\/result\?/)
  const state = await page.locator('#state').getAttribute('data-state')
  const client = (await page.locator('#client').textContent()).trim()
  const order = (await page.locator('#order').textContent()).trim()
  return { state, client, order }
}

/** Pay button -> the cashier -> the payer's `action`; checks the result page and closes. */
async function chooseInCashier (page, action, expected) {
  await page.click('#pay')
  await cashier(page).locator(`#${action}`).click()
  const r = await result(page)
  assert.equal(r.state, expected.state)
  assert.match(r.client, expected.client)
  await shot(page, expected.name)
  await page.context().close()
}

async function demoOrder (no) {
  return (await fetch(`${env.demoUrl}/api/orders/${encodeURIComponent(no)}`)).json()
}

describe('JSAPI in the WeChat browser', () => {
  test('paid: OAuth, order, bridge, cashier; the callback is verified and the result page queries the order', async () => {
    const page = await newPage(env, WECHAT_UA)
    await signIn(page)
    await page.click('#pay')
    await cashier(page).locator('#amount').waitFor()
    assert.equal((await cashier(page).locator('#amount').textContent()).trim(), '¥0.01')
    await shot(page, 'jsapi-cashier')
    await cashier(page).locator('#pay').click()
    const r = await result(page)
    assert.equal(r.state, 'SUCCESS')
    assert.match(r.client, /^ok/)
    const seen = await until(async () => (await demoOrder(r.order)).callback, 10000, 'the verified callback')
    assert.deepEqual([seen.eventType, seen.tradeState], ['TRANSACTION.SUCCESS', 'SUCCESS'])
    await page.reload()
    assert.match(await page.locator('#callback').textContent(), /verified and decrypted: TRANSACTION\.SUCCESS/)
    await shot(page, 'jsapi-paid')
    await page.context().close()
  })

  for (const [name, action, state, client, what] of [
    ['jsapi-cancelled', 'cancel', 'NOTPAY', /^cancel/, 'cancelled: the payer closes the cashier; the order stays NOTPAY'],
    ['jsapi-failed', 'fail', 'PAYERROR', /^fail — PAYMENT_FAILED: WeChat Pay failed: get_brand_wcpay_request:fail/,
      'failed: the payment fails in the cashier; the helper rejects with PAYMENT_FAILED']
  ]) {
    test(what, async () => {
      const page = await newPage(env, WECHAT_UA)
      await signIn(page)
      await chooseInCashier(page, action, { state, client, name })
    })
  }

  test('wrong paySign: the bridge refuses (支付验证签名失败) and nothing is paid', async () => {
    const page = await newPage(env, WECHAT_UA)
    await signIn(page)
    await page.route('**/api/orders', async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      const sig = body.params.paySign
      body.params.paySign = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
      await route.fulfill({ response, json: body })
    })
    await page.click('#pay')
    await assertRefusal(page, '支付验证签名失败', 'jsapi-wrong-paysign-cashier')
    const r = await result(page)
    assert.equal(r.state, 'NOTPAY')
    assert.match(r.client, /^fail — PAYMENT_FAILED: .*支付验证签名失败/)
    await shot(page, 'jsapi-wrong-paysign')
    await page.context().close()
  })

  test('unregistered payment directory: 当前页面的URL未注册', async () => {
    const page = await newPage(env, WECHAT_UA)
    await signIn(page, '/promo/checkout')
    await page.click('#pay')
    await assertRefusal(page, `当前页面的URL未注册：${env.demoUrl}/promo/checkout`, 'jsapi-unregistered-directory')
    const r = await result(page)
    assert.equal(r.state, 'NOTPAY')
    await page.context().close()
  })
})

async function assertRefusal (page, message, name) {
  const frame = cashier(page)
  await frame.locator('#message').waitFor()
  assert.equal((await frame.locator('#message').textContent()).trim(), message)
  await shot(page, name)
  await frame.locator('#ack').click()
}

describe('OAuth2 web authorization', () => {
  const authorize = (appid, redirect, scope) =>
    `${env.simUrl}/connect/oauth2/authorize?appid=${appid}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=${scope}&state=s1#wechat_redirect`
  let appid
  before(() => { appid = env.merchant.appid })

  async function errorPage (url, name) {
    const page = await newPage(env, WECHAT_UA)
    await page.goto(url)
    const message = (await page.locator('#message').textContent()).trim()
    const code = await page.locator('.code').count() ? (await page.locator('.code').textContent()).trim() : ''
    await shot(page, name)
    await page.context().close()
    return { message, code }
  }

  test('redirect_uri on another domain: 10003', async () => {
    const r = await errorPage(authorize(appid, 'https://evil.example/cb', 'snsapi_base'), 'oauth-domain-mismatch')
    assert.equal(r.message, 'redirect_uri域名与后台配置不一致')
    assert.match(r.code, /10003/)
  })

  test('a scope the account does not have: 10005', async () => {
    const r = await errorPage(authorize(appid, `${env.demoUrl}/shop/oauth/callback`, 'snsapi_login'), 'oauth-scope')
    assert.equal(r.message, '此公众号并没有这些scope的权限')
    assert.match(r.code, /10005/)
  })

  test('parameters out of order are refused', async () => {
    const url = `${env.simUrl}/connect/oauth2/authorize?redirect_uri=${encodeURIComponent(env.demoUrl + '/cb')}&appid=${appid}&response_type=code&scope=snsapi_base#wechat_redirect`
    const r = await errorPage(url, 'oauth-parameter-order')
    assert.equal(r.message, '参数错误')
  })

  test('without #wechat_redirect the page goes nowhere', async () => {
    const url = authorize(appid, `${env.demoUrl}/shop/oauth/callback`, 'snsapi_base').replace('#wechat_redirect', '')
    const r = await errorPage(url, 'oauth-missing-fragment')
    assert.equal(r.message, '链接缺少 #wechat_redirect')
  })

  test('snsapi_userinfo: the payer denies consent; the shop gets only the state', async () => {
    const page = await newPage(env, WECHAT_UA)
    await page.goto(authorize(appid, `${env.demoUrl}/shop/oauth/callback`, 'snsapi_userinfo'))
    await page.click('#deny')
    await page.waitForURL(`${env.demoUrl}/shop/oauth/callback?state=s1`)
    assert.equal((await page.locator('#state').textContent()).trim(), '未授权')
    await shot(page, 'oauth-consent-denied')
    await page.context().close()
  })

  test('outside WeChat the authorize page asks for the WeChat client', async () => {
    const page = await newPage(env, PHONE_UA)
    await page.goto(env.demoUrl + '/shop/checkout')
    assert.equal((await page.locator('#message').textContent()).trim(), '请在微信客户端打开链接')
    await shot(page, 'oauth-outside-wechat')
    await page.context().close()
  })

  test('a reused code: the second exchange gets 40163 (code been used)', async () => {
    const page = await newPage(env, WECHAT_UA)
    let callback
    page.on('request', (req) => { if (req.url().includes('/shop/oauth/callback?code=')) callback = req.url() })
    await signIn(page)
    assert.ok(callback, 'the OAuth callback was seen')
    await page.goto(callback)
    assert.equal((await page.locator('#state').textContent()).trim(), '微信登录失败')
    assert.match(await page.locator('#detail').textContent(), /^errcode 40163: code been used/)
    await shot(page, 'oauth-reused-code')
    await page.context().close()
  })
})

describe('mini-program wx.requestPayment', () => {
  for (const [action, state, client, name] of [
    ['pay', 'SUCCESS', /^ok/, 'miniprogram-paid'],
    ['cancel', 'NOTPAY', /^cancel/, 'miniprogram-cancelled']
  ]) {
    test(`${action}: wx.login -> jscode2session -> order -> requestPayment`, async () => {
      const page = await newPage(env, WECHAT_UA + ' miniProgram')
      await page.goto(env.demoUrl + '/mp/')
      await chooseInCashier(page, action, { state, client, name })
    })
  }
})

describe('H5 in a phone browser', () => {
  /** The product page -> the shop places the order and redirects to h5_url (with the Referer). */
  async function toCashier (page) {
    await page.goto(env.demoUrl + '/h5/')
    await page.click('#pay')
    await page.waitForURL(/\/cgi-bin\/mmpayweb-bin\/checkmweb\?/)
  }

  /** The return page's "check payment" button: the shop queries the order. */
  async function checkPayment (page, name) {
    await page.click('#check')
    await page.waitForURL(/check=1/)
    const state = await page.locator('#state').getAttribute('data-state')
    await shot(page, name)
    return state
  }

  async function h5Message (page, name) {
    const message = (await page.locator('#message').textContent()).trim()
    await shot(page, name)
    return message
  }

  test('paid: the cashier pays, WeChat returns to redirect_url; the payer checks, the shop queries', async () => {
    const page = await newPage(env, PHONE_UA)
    await toCashier(page)
    assert.equal((await page.locator('#amount').textContent()).trim(), '¥0.01')
    await page.click('#pay')
    await page.waitForURL(/\/h5\/return\?out_trade_no=/)
    // No automatic query: the return page waits for the payer.
    assert.equal(await page.locator('#state').textContent(), '支付完成了吗？ / Did you finish paying?')
    assert.equal(await checkPayment(page, 'h5-paid'), 'SUCCESS')
    await page.context().close()
  })

  test('expired: the h5_url is opened more than 5 minutes after the order', async () => {
    const page = await newPage(env, PHONE_UA)
    // Five minutes and a second pass on WeChat's clock (the API's replay window keeps the real one).
    await page.route(`${env.demoUrl}/h5/pay`, async (route) => {
      await fetch(`${env.simUrl}/sim/web-clock?advance=301`, { method: 'POST' })
      await route.fallback()
    })
    try {
      await toCashier(page)
      assert.equal(await h5Message(page, 'h5-expired'), '支付请求已失效，请重新发起支付')
    } finally {
      await fetch(`${env.simUrl}/sim/web-clock?advance=-301`, { method: 'POST' })
    }
    await page.context().close()
  })

  test('wrong IP: the order carries another payer_client_ip than the payer\'s', async () => {
    const page = await newPage(env, PHONE_UA)
    // A misconfigured proxy: the shop trusts an X-Forwarded-For that is not the payer's address.
    await page.route(`${env.demoUrl}/h5/pay`, (route) =>
      route.fallback({ headers: { ...route.request().headers(), 'x-forwarded-for': '203.0.113.7' } }))
    await toCashier(page)
    assert.equal(await h5Message(page, 'h5-wrong-ip'), '网络环境未能通过安全验证，请稍后再试')
    await page.context().close()
  })

  test('missing Referer: the h5_url typed or pasted instead of reached from the shop', async () => {
    const res = await fetch(`${env.demoUrl}/h5/pay`, { redirect: 'manual' })
    const h5 = res.headers.get('location')
    assert.match(h5, /^http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/mmpayweb-bin\/checkmweb\?prepay_id=wx.*&redirect_url=http%3A%2F%2F127\.0\.0\.1/)
    const page = await newPage(env, PHONE_UA)
    await page.goto(h5)
    assert.equal(await h5Message(page, 'h5-missing-referer'), '商家参数格式有误，请联系商家解决')
    await page.context().close()
  })

  test('abandoned: the payer leaves the cashier; the return page\'s check finds it unpaid', async () => {
    const page = await newPage(env, PHONE_UA)
    await toCashier(page)
    const back = new URL(page.url()).searchParams.get('redirect_url')
    await page.goto(back) // leaves without paying (WeChat also returns here after a while)
    assert.equal(await checkPayment(page, 'h5-abandoned'), 'NOTPAY')
    await page.context().close()
  })

  test('inside WeChat: the H5 cashier refuses', async () => {
    const page = await newPage(env, WECHAT_UA)
    await toCashier(page)
    assert.equal(await h5Message(page, 'h5-in-wechat'), '请在微信外打开订单，进行支付')
    await page.context().close()
  })

  test('one URL, one payer: a second payer opening the same h5_url is refused', async () => {
    const first = await newPage(env, PHONE_UA)
    await toCashier(first)
    const url = first.url()
    const second = await newPage(env, PHONE_UA)
    await second.goto(url, { referer: env.demoUrl + '/h5/' })
    assert.equal(await h5Message(second, 'h5-second-payer'), '系统繁忙，请稍后再试')
    await first.context().close()
    await second.context().close()
  })
})

describe('the browser helper in a real page', () => {
  test('outside WeChat requestPayment rejects with NOT_IN_WECHAT', async () => {
    const page = await newPage(env, PHONE_UA)
    await page.goto(env.demoUrl + '/h5/')
    const err = await page.evaluate(async () => {
      const { requestPayment } = await import('/assets/wechatpay-browser.js')
      return requestPayment({ appId: 'a', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=x', signType: 'RSA', paySign: 's' })
        .then(() => null, (e) => ({ name: e.name, code: e.code, message: e.message }))
    })
    assert.equal(err.name, 'WechatPayBrowserError')
    assert.equal(err.code, 'NOT_IN_WECHAT')
    await page.context().close()
  })
})
