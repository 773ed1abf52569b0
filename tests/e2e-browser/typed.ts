// Compiled by scripts/e2e-browser.sh with tsc --strict: browser.d.ts is what a page's code sees.
import { requestPayment, bridgeReady, WechatPayBrowserError, ErrorCodes } from '../../bindings-node/browser.js'
import type { JsapiPaymentParams, PaymentResult } from '../../bindings-node/browser.js'

export async function pay (params: JsapiPaymentParams): Promise<string> {
  try {
    const result: PaymentResult = await requestPayment(params, { timeout: 5000 })
    return result === 'ok' ? 'query the order now' : 'cancelled'
  } catch (e) {
    if (e instanceof WechatPayBrowserError && e.code === ErrorCodes.NOT_IN_WECHAT) return 'use H5'
    throw e
  }
}

export async function mini (params: Omit<JsapiPaymentParams, 'appId'>): Promise<PaymentResult> {
  await bridgeReady({ timeout: 1 }).catch(() => undefined)
  return requestPayment(params, { env: 'miniprogram' })
}
