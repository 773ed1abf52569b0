// wechatpay-core/browser: start a WeChat Pay payment from a page, as a Promise.
// A plain ES module for the browser: no native code, no dependencies.
//
//   import { requestPayment } from 'wechatpay-core/browser'
//   const result = await requestPayment(params) // 'ok' or 'cancel'; throws WechatPayBrowserError on fail
//
// `params` are the server's pay_params (jsapi(...) / miniprogram(...)). 'ok' only means the
// payer's client says so: the order's state comes from your server's query or the callback.

/** The error codes of WechatPayBrowserError. */
export const ErrorCodes = Object.freeze({
  /** Not in WeChat's browser (no MicroMessenger in the User-Agent, no bridge). */
  NOT_IN_WECHAT: 'NOT_IN_WECHAT',
  /** The bridge did not become ready within the timeout. */
  BRIDGE_TIMEOUT: 'BRIDGE_TIMEOUT',
  /** The parameters are missing a field WeChat needs. */
  INVALID_PARAMS: 'INVALID_PARAMS',
  /** WeChat answered fail (bad paySign, unregistered page URL, payment failed...). */
  PAYMENT_FAILED: 'PAYMENT_FAILED'
})

/** Thrown (as a rejection) by requestPayment; `code` is one of ErrorCodes. */
export class WechatPayBrowserError extends Error {
  constructor (code, message, errMsg, detail) {
    super(message)
    this.name = 'WechatPayBrowserError'
    this.code = code
    /** WeChat's own message (`get_brand_wcpay_request:fail`, `requestPayment:fail ...`), if any. */
    this.errMsg = errMsg
    /** WeChat's description (err_desc), if any. */
    this.detail = detail
  }
}

const JSAPI_FIELDS = ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign']
const MINI_FIELDS = ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign']

function checkParams (params, fields) {
  if (params === null || typeof params !== 'object') {
    throw new WechatPayBrowserError(ErrorCodes.INVALID_PARAMS, 'requestPayment needs the payment parameters object')
  }
  const picked = {}
  for (const name of fields) {
    const value = params[name]
    if (typeof value !== 'string' || value === '') {
      throw new WechatPayBrowserError(ErrorCodes.INVALID_PARAMS, `requestPayment: ${name} is missing or not a string`)
    }
    picked[name] = value
  }
  return picked
}

function detectEnv (win) {
  if (win.__wxjs_environment === 'miniprogram' && win.wx && typeof win.wx.requestPayment === 'function') {
    return 'miniprogram'
  }
  return 'jsapi'
}

function inWechat (win) {
  const ua = (win.navigator && win.navigator.userAgent) || ''
  return /MicroMessenger/i.test(ua) || Boolean(win.WeixinJSBridge)
}

/** Resolves with the bridge once it is there: at once, or on WeixinJSBridgeReady, within `timeout` ms. */
export function bridgeReady (options = {}) {
  const win = options.window || globalThis
  const timeout = options.timeout ?? 10000
  if (win.WeixinJSBridge && typeof win.WeixinJSBridge.invoke === 'function') {
    return Promise.resolve(win.WeixinJSBridge)
  }
  if (!inWechat(win)) {
    return Promise.reject(new WechatPayBrowserError(ErrorCodes.NOT_IN_WECHAT,
      'WeChat Pay JSAPI runs only in WeChat\'s browser (no MicroMessenger in the User-Agent): use H5 or Native payment elsewhere'))
  }
  const doc = win.document
  return new Promise((resolve, reject) => {
    let timer
    const onReady = () => {
      // The event can fire before the object is assigned in some clients: check again.
      if (!win.WeixinJSBridge) return
      clearTimeout(timer)
      doc.removeEventListener('WeixinJSBridgeReady', onReady)
      resolve(win.WeixinJSBridge)
    }
    doc.addEventListener('WeixinJSBridgeReady', onReady, false)
    timer = setTimeout(() => {
      doc.removeEventListener('WeixinJSBridgeReady', onReady)
      reject(new WechatPayBrowserError(ErrorCodes.BRIDGE_TIMEOUT,
        `WeixinJSBridge was not ready after ${timeout} ms`))
    }, timeout)
    // Ready between the first check and the listener: no event will come.
    onReady()
  })
}

function jsapiPayment (win, params, options) {
  const picked = checkParams(params, JSAPI_FIELDS)
  return bridgeReady({ window: win, timeout: options.timeout }).then((bridge) => new Promise((resolve, reject) => {
    bridge.invoke('getBrandWCPayRequest', picked, (res) => {
      const errMsg = (res && (res.err_msg || res.errMsg)) || ''
      if (errMsg === 'get_brand_wcpay_request:ok') resolve('ok')
      else if (errMsg === 'get_brand_wcpay_request:cancel') resolve('cancel')
      else {
        const detail = (res && res.err_desc) || undefined
        reject(new WechatPayBrowserError(ErrorCodes.PAYMENT_FAILED,
          `WeChat Pay failed: ${errMsg || 'no answer'}${detail ? ` (${detail})` : ''}`, errMsg, detail))
      }
    })
  }))
}

function miniPayment (win, params) {
  const picked = checkParams(params, MINI_FIELDS)
  return new Promise((resolve, reject) => {
    win.wx.requestPayment({
      ...picked,
      success: () => resolve('ok'),
      fail: (res) => {
        const errMsg = (res && res.errMsg) || ''
        if (errMsg === 'requestPayment:fail cancel') resolve('cancel')
        else {
          const detail = errMsg.replace(/^requestPayment:fail ?/, '') || undefined
          reject(new WechatPayBrowserError(ErrorCodes.PAYMENT_FAILED, `WeChat Pay failed: ${errMsg || 'no answer'}`, errMsg, detail))
        }
      }
    })
  })
}

/**
 * Starts the payment: `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` in WeChat's browser
 * (waiting for WeixinJSBridgeReady), or `wx.requestPayment` in a mini-program.
 * Resolves 'ok' or 'cancel'; rejects with WechatPayBrowserError.
 */
export function requestPayment (params, options = {}) {
  const win = options.window || globalThis
  try {
    const env = options.env && options.env !== 'auto' ? options.env : detectEnv(win)
    if (env === 'miniprogram') {
      if (!win.wx || typeof win.wx.requestPayment !== 'function') {
        throw new WechatPayBrowserError(ErrorCodes.NOT_IN_WECHAT, 'wx.requestPayment is not available: not a mini-program')
      }
      return miniPayment(win, params)
    }
    return jsapiPayment(win, params, options)
  } catch (err) {
    return Promise.reject(err)
  }
}
