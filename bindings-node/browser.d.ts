// Types of wechatpay-core/browser (browser.js): a plain ES module for pages.

/** The parameters from the server's `jsapi(...)` (WeChat's browser): the package's own JsapiParams. */
export type JsapiPaymentParams = import('./index').JsapiParams

/** The parameters from the server's `miniprogram(...)` (`appId` is not passed to `wx.requestPayment`). */
export type MiniProgramPaymentParams = Omit<JsapiPaymentParams, 'appId'> & { appId?: string }

/** What a payment ends with when it does not fail. `'ok'` is the client's word only: query the order. */
export type PaymentResult = 'ok' | 'cancel'

export type BrowserErrorCode = 'NOT_IN_WECHAT' | 'BRIDGE_TIMEOUT' | 'INVALID_PARAMS' | 'PAYMENT_FAILED'

export declare const ErrorCodes: Readonly<{ [K in BrowserErrorCode]: K }>

/** The rejection of `requestPayment` / `bridgeReady`. */
export declare class WechatPayBrowserError extends Error {
  readonly name: 'WechatPayBrowserError'
  readonly code: BrowserErrorCode
  /** WeChat's message, e.g. `get_brand_wcpay_request:fail` or `requestPayment:fail …`. */
  readonly errMsg?: string
  /** WeChat's description (`err_desc`), when it gives one. */
  readonly detail?: string
}

export interface RequestPaymentOptions {
  /** `'jsapi'` (WeixinJSBridge), `'miniprogram'` (wx.requestPayment) or `'auto'` (default). */
  env?: 'auto' | 'jsapi' | 'miniprogram'
  /** Milliseconds to wait for `WeixinJSBridgeReady` (default 10000). */
  timeout?: number
  /** The window to use (default `globalThis`; for tests). */
  window?: unknown
}

/**
 * Starts the payment. In WeChat's browser: waits for the bridge (already there, or
 * `WeixinJSBridgeReady`, bounded by `timeout`), then `getBrandWCPayRequest`. In a
 * mini-program: `wx.requestPayment`. Resolves `'ok'` / `'cancel'`; rejects with
 * `WechatPayBrowserError` (`PAYMENT_FAILED`, `NOT_IN_WECHAT`, `BRIDGE_TIMEOUT`, `INVALID_PARAMS`).
 */
export declare function requestPayment(
  params: JsapiPaymentParams | MiniProgramPaymentParams,
  options?: RequestPaymentOptions
): Promise<PaymentResult>

/** The bridge once it is ready (bounded by `timeout` ms, default 10000). */
export declare function bridgeReady(options?: { timeout?: number; window?: unknown }): Promise<{
  invoke(name: string, params: object, callback: (res: { err_msg: string; err_desc?: string }) => void): void
}>
