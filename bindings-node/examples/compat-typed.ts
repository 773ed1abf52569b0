// A typed tour of wechatpay-core/compat and wechatpay-core/axios, checked by
// `tsc --noEmit --strict` (scripts/test-compat.sh): the plugin's own types
// apply unchanged after the one-line import swap.
import { Wechatpay, Rsa, Aes, Hash, Formatter, Transformer, Multipart } from 'wechatpay-core/compat'
import { attach } from 'wechatpay-core/axios'
import { Signer, Verifier, TrustStore, PrivateKey } from 'wechatpay-core'
import axios from 'axios'

const privateKey = Rsa.from('file:///path/to/apiclient_key.pem', Rsa.KEY_TYPE_PRIVATE)
const wxpay = new Wechatpay({
  mchid: '1900000109',
  serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  privateKey: 'file:///path/to/apiclient_key.pem',
  certs: { PUB_KEY_ID_0119000001092025111800000000000001: Rsa.from('file:///path/to/pub_key.pem', Rsa.KEY_TYPE_PUBLIC) },
})
export async function order(): Promise<string> {
  const { data } = await wxpay.v3.pay.transactions.native.post<any>({ appid: 'wx', mchid: '1900000109' })
  return data.code_url
}
export const signature: string = Rsa.sign(Formatter.request('GET', '/v3/certificates', Formatter.timestamp(), Formatter.nonce()), privateKey)
export const verified: boolean = Rsa.verify('message', signature, privateKey)
export const plain: string = Aes.AesGcm.decrypt('ciphertext', 'key', 'nonce', 'transaction')
export const md5: string = Hash.sign('MD5', { a: 1 }, 'secret')
export const xml: string = Transformer.toXml({ a: '1' })
export const form: Multipart = new Multipart().append('meta', '{}', 'meta.json')

const store = new TrustStore()
export const client = attach(axios.create({ baseURL: 'https://api.mch.weixin.qq.com' }), {
  signer: new Signer('1900000109', '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', PrivateKey.fromPemFile('apiclient_key.pem')),
  verifier: new Verifier(store),
})
export const upload = client.post('/v3/merchant/media/upload', Buffer.alloc(0), { meta: { filename: 'a.png', sha256: '' } })
