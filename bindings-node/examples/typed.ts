// A typed tour of the package, checked by `tsc --noEmit --strict` in CI
// (scripts/test-node.sh). It is also a working program: `node --test` does not run it.
import * as http from 'node:http'
import * as fs from 'node:fs'
import {
  Acknowledgement,
  ApiV3Key,
  CallbackParser,
  Certificate,
  jsapi,
  miniprogram,
  PrivateKey,
  Signer,
  TrustStore,
  Verifier,
  errorInfo,
  type CallbackEvent,
  type ErrorCode,
  type JsapiParams,
  type SignedRequest,
  type WechatpayError,
} from 'wechatpay-core'
import { notifyHandler } from 'wechatpay-core/express'
import { notifyMiddleware, type KoaLikeContext } from 'wechatpay-core/koa'

const dir = process.env.WECHATPAY_VECTORS ?? '../../shared/vectors'
const key: PrivateKey = PrivateKey.fromPemFile(`${dir}/keys/apiclient_key.pem`)
const merchantCert: Certificate = Certificate.fromPem(fs.readFileSync(`${dir}/keys/apiclient_cert.pem`))
const signer: Signer = Signer.fromCertificate('1900000001', key, merchantCert)

async function signed(): Promise<SignedRequest> {
  const sync: SignedRequest = signer.sign('GET', '/v3/certificates')
  const later: SignedRequest = await signer.signAsync('POST', '/v3/pay/transactions/jsapi', '{"appid":"wx1"}')
  return sync.timestamp <= later.timestamp ? later : sync
}

const store = new TrustStore()
store.addCertificate(Certificate.fromPemFile(`${dir}/keys/platform_cert.pem`))
const verifier = new Verifier(store, { replayWindow: 300 })
const parser = new CallbackParser(verifier, new ApiV3Key('0123456789abcdef0123456789abcdef'))

function isWechatpayError(err: unknown): err is WechatpayError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string'
}

function explain(err: unknown): string {
  if (!isWechatpayError(err)) return 'not ours'
  const code: ErrorCode = err.code
  switch (code) {
    case 'SIGNATURE_PROBE':
      return 'WeChat Pay probes that we verify: refuse'
    case 'TIMESTAMP_OUT_OF_WINDOW':
      return 'replayed or clock skew'
    default:
      return errorInfo(code)?.description ?? code
  }
}

// An express app would mount the same handler: app.post('/wechatpay/notify', handler)
const handler = notifyHandler(
  parser,
  async (event: CallbackEvent, req: http.IncomingMessage) => {
    const outTradeNo = event.resource.out_trade_no as string
    console.log(req.url, event.eventType, outTradeNo)
  },
  { onError: (err) => console.warn(explain(err)) },
)
const server = http.createServer((req, res) => void handler(req, res))

const koaMiddleware = notifyMiddleware(parser, (event: CallbackEvent, ctx: KoaLikeContext) => {
  ctx.status = 200
  return event.id
})

// JSAPI (WeixinJSBridge) and mini-program (wx.requestPayment) parameters.
const params: JsapiParams = jsapi(key, 'wxd678efh567hg6787', 'wx201410272009395522657a690389285100')
const mini: JsapiParams = miniprogram(key, 'wxd678efh567hg6787', 'wx2014', { timestamp: 1795392123, nonce: 'N' })
const ack: { status: number; body: string } = Acknowledgement.success()

export { signed, server, koaMiddleware, params, mini, ack }
