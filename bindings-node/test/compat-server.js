'use strict'
// A stand-in for the WeChat Pay gateway on 127.0.0.1 (port 0): records every
// request exactly as it arrived (method, URL, raw header lines in order, body
// bytes) and answers with responses signed by the core's ResponseSigner, in
// the mode the test sets: ok, tampered, replayed, probe, unknown serial,
// unsigned, an error status, or an APIv2 XML answer signed with the APIv2 key.
const http = require('node:http')
const path = require('node:path')
const wp = require('..')
const { vectorsDir } = require('./conformance.js')

const dir = path.join(vectorsDir(), 'keys')
const file = (name) => path.join(dir, name)
const secrets = require(file('secrets.json'))
const platformCert = wp.Certificate.fromPemFile(file('platform_cert.pem'))
const certSigner = wp.ResponseSigner.fromCertificate(wp.PrivateKey.fromPemFile(file('platform_key.pem')), platformCert)
const pubKeySigner = wp.ResponseSigner.fromPublicKeyId(wp.PrivateKey.fromPemFile(file('wechatpay_pub_key_private.pem')), secrets.pub_key_id)
const merchantPublicKey = wp.Certificate.fromPemFile(file('apiclient_cert.pem')).publicKey
const apiv2Key = new wp.ApiV2Key(secrets.apiv2_key)

/** Starts the server; resolves once it listens (no sleeping, no polling needed). */
function start() {
  const state = {
    mode: 'ok',
    keyMode: 'certificate',
    status: 200,
    body: '{"code_url":"weixin://wxpay/bizpayurl?pr=compat"}',
    nonce: 'SERVERNONCE000000000000000000001',
    timestamp: undefined, // default: now
    requests: [],
    // One probe signature for the whole run: both clients must see the same answer.
    probe: certSigner.probeAt(Math.floor(Date.now() / 1000))['Wechatpay-Signature'],
  }
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const rawHeaders = []
      for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      const record = { method: req.method, url: req.url, rawHeaders, body, headers: req.headers }
      // WeChat Pay's own check of the merchant signature (exact bytes).
      try {
        wp.verifyRequest(req.method, req.url, body, req.headers.authorization || '', merchantPublicKey)
        record.signatureValid = true
      } catch (err) {
        record.signatureValid = false
        record.signatureError = err.code
      }
      state.requests.push(record)
      answer(state, req, res)
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({
        state,
        baseURL: `http://127.0.0.1:${port}/`,
        /** The last request as raw text with the User-Agent line dropped (it names the library). */
        last: () => state.requests[state.requests.length - 1],
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done) }),
      })
    })
  })
}

function answer(state, req, res) {
  const now = state.timestamp ?? Math.floor(Date.now() / 1000)
  if (state.mode === 'v2') {
    const params = { return_code: 'SUCCESS', result_code: 'SUCCESS', mch_id: secrets.mchid, nonce_str: 'V2SERVERNONCE', prepay_id: 'wx2026' }
    params.sign = wp.v2.sign(params, apiv2Key, state.v2SignType || 'MD5')
    if (state.tamper) params.prepay_id = 'wx2027'
    res.writeHead(200, { 'Content-Type': 'text/xml' })
    res.end(wp.v2.encodeXml(params))
    return
  }
  const { body } = state
  const signer = state.keyMode === 'publicKey' ? pubKeySigner : certSigner
  let headers
  switch (state.mode) {
    case 'probe': headers = { ...signer.signWith(body, now, state.nonce), 'Wechatpay-Signature': state.probe }; break
    case 'replayed': headers = signer.signWith(body, now - 600, state.nonce); break
    case 'unsigned': headers = {}; break
    default: headers = signer.signWith(body, now, state.nonce)
  }
  if (state.mode === 'unknownSerial') headers['Wechatpay-Serial'] = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1'
  const sent = state.mode === 'tampered' ? body.replace('compat', 'c0mpat') : body
  res.writeHead(state.status, { 'Content-Type': 'application/json', ...headers })
  res.end(sent)
}

/** The raw text of a recorded request without its User-Agent line. */
function rawWithoutAgent(record) {
  const lines = record.rawHeaders.filter((line) => !/^user-agent:/i.test(line))
  return Buffer.concat([Buffer.from(`${record.method} ${record.url}\r\n${lines.join('\r\n')}\r\n\r\n`), record.body])
}

module.exports = { start, rawWithoutAgent, secrets, platformCert, merchantPublicKey, file }
