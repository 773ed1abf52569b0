'use strict'
// wechatpay-core/axios: `attach(instance, { signer, verifier })` makes an axios
// instance a WeChat Pay APIv3 client. Requests are signed by the native
// Signer over the exact bytes axios sends (after every transformRequest);
// 2xx responses (204 included) are verified by the native Verifier over the
// raw body (signature, serial, replay window, probe refusal, both key modes)
// before any JSON parsing. A refused response rejects with the core's typed
// error (`err.code` SIGNATURE_INVALID, SIGNATURE_PROBE, SERIAL_UNKNOWN,
// TIMESTAMP_OUT_OF_WINDOW, HEADER_MISSING, …) with `err.response`
// ({ status, headers, data: the raw body }) attached.
//
// axios stays the transport: interceptors and adapters the user adds keep
// working (the signer wraps whatever adapter the request resolves to).
const axios = require('axios')
const { Signer, Verifier } = require('./lib/main.js')

// Paths whose 2xx bodies WeChat Pay does not sign (file downloads), as the
// plugin lists them.
const UNSIGNED = [
  /^\/v3\/(?:billdownload\/file|transferdownload\/(?:elecvoucherfile|signfile)|new-tax-control-fapiao\/download|(?:global\/)?statements)$/,
  /\/v3\/(?:global\/)?merchant-service\/images\/(?!upload).{6,}/,
]

const SIGNED = Symbol('wechatpay-core signed')

function invalid(message) {
  const err = new TypeError(message)
  err.code = 'INVALID_ARGUMENT'
  return err
}

/** `pathname + search` of the URL axios will request. */
function pathAndQuery(config) {
  const url = new URL(axios.getUri(config), config.baseURL || 'http://localhost/')
  return `${url.pathname}${url.search}`
}

/** The exact body text to sign: what the adapter sends, or `config.meta` for uploads. */
function bodyToSign(config) {
  if (config.meta !== undefined) return typeof config.meta === 'string' ? config.meta : JSON.stringify(config.meta)
  const { data } = config
  if (data === undefined || data === null) return ''
  if (typeof data === 'string') return data
  if (Buffer.isBuffer(data) || data instanceof Uint8Array) return Buffer.from(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  throw invalid('wechatpay-core/axios: cannot sign a streamed or form body; pass its signed JSON as `config.meta` (media uploads)')
}

function isUnsigned(config) {
  const url = `${config.url || ''}`
  const full = /^[a-z][a-z\d+.-]*:\/\//i.test(url) ? url : `${(config.baseURL || 'http://localhost').replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
  const path = new URL(full).pathname
  return UNSIGNED.some((pattern) => pattern.test(path))
}

/** The raw response bytes axios handed to transformResponse (before JSON parsing). */
function rawBody(data) {
  if (data === undefined || data === null) return ''
  if (typeof data === 'string') return data
  if (Buffer.isBuffer(data) || data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  throw invalid('wechatpay-core/axios: cannot verify a streamed response (use responseType "text", "json" or "arraybuffer")')
}

/**
 * Adds the signing request interceptor and the verifying response transform
 * to `instance`; returns `instance`. `signer`: a native `Signer`; `verifier`:
 * a native `Verifier` (its trust store, clock and replay window apply).
 */
function attach(instance, { signer, verifier } = {}) {
  if (!instance || !instance.interceptors || !instance.defaults) throw invalid('attach(instance, …): an axios instance is required')
  if (!(signer instanceof Signer)) throw invalid('attach(instance, { signer }): a wechatpay-core Signer is required')
  if (!(verifier instanceof Verifier)) throw invalid('attach(instance, { verifier }): a wechatpay-core Verifier is required')

  function verify(data, headers, status) {
    if (status === undefined || status < 200 || status >= 300 || isUnsigned(this)) return data
    const body = rawBody(data)
    try {
      verifier.verify(axios.AxiosHeaders.from(headers).toJSON(), body)
    } catch (err) {
      err.response = { status, headers, data }
      err.config = this
      throw err
    }
    return data
  }

  instance.interceptors.request.use(function wechatpaySigner(config) {
    if (config[SIGNED]) return config
    const inner = config.adapter || instance.defaults.adapter
    config[SIGNED] = true
    // Signed at the last moment, over the body the transformRequest chain produced.
    config.adapter = function signThenSend(cfg) {
      const signed = signer.sign(cfg.method.toUpperCase(), pathAndQuery(cfg), bodyToSign(cfg))
      cfg.headers = axios.AxiosHeaders.from(cfg.headers).set('Authorization', signed.authorization, true)
      return axios.getAdapter(inner, cfg)(cfg)
    }
    const transforms = config.transformResponse === undefined ? instance.defaults.transformResponse : config.transformResponse
    config.transformResponse = [verify].concat(transforms || [])
    return config
  })
  return instance
}

module.exports = { attach }
