import type { AxiosInstance } from 'axios'
import type { Signer, Verifier } from './index'

/** What `attach` needs: the native signer (merchant key + serial) and verifier (trust store, clock, replay window). */
export interface AttachOptions {
  signer: Signer
  verifier: Verifier
}

/**
 * Makes `instance` a WeChat Pay APIv3 client: every request is signed by the
 * native `Signer` over the exact bytes sent (or `config.meta` for media
 * uploads), every 2xx answer (204 included) is verified by the native
 * `Verifier` over the raw body before parsing. A refused answer rejects with
 * a `WechatpayError` (`code` SIGNATURE_INVALID, SIGNATURE_PROBE,
 * SERIAL_UNKNOWN, TIMESTAMP_OUT_OF_WINDOW, HEADER_MISSING, …) carrying
 * `response: { status, headers, data }`. Returns `instance`.
 */
export declare function attach<T extends AxiosInstance>(instance: T, options: AttachOptions): T

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The JSON that is signed instead of the body (media uploads: the `meta` part). */
    meta?: unknown
  }
}
