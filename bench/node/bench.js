'use strict'
// Node harness: wechatpay-core (bindings-node) against wechatpay-axios-plugin, wechatpay-node-v3
// and our compat layer, in one process, alternating A B A B per round. Prints one JSON line per row.
//   BENCH_FIXTURES  fixtures.json (bench/fixtures.py)    BENCH_PEERS  node_modules dir of the peers
//   BENCH_ROUNDS, BENCH_SAMPLE_MS, BENCH_ONLY (comma-separated ops)
// The all-cores rows run in their own processes (BENCH_CORES, see cores() below).
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const zlib = require('node:zlib')

const root = path.join(__dirname, '..', '..')
const fx = JSON.parse(fs.readFileSync(process.env.BENCH_FIXTURES, 'utf8'))
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5)
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS || 300)
const SLICES = Number(process.env.BENCH_SLICES || 6)
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null
const peersDir = process.env.BENCH_PEERS
const emit = (row) => process.stdout.write(JSON.stringify({ runtime: 'node', ...row }) + '\n')
// BENCH_CORES=n: only the all-cores row for n CPUs (run under taskset); otherwise every other row
const CORES = Number(process.env.BENCH_CORES || 0)
const INFLIGHT = Number(process.env.BENCH_INFLIGHT || 32)
const want = (op) => (CORES ? op.startsWith('cores:') : !op.startsWith('cores:')) && (!ONLY || ONLY.has(op.split(':')[0]))

function tryRequire (name, where) {
  try {
    return { mod: require(require.resolve(name, { paths: [where] })), version: JSON.parse(fs.readFileSync(require.resolve(name + '/package.json', { paths: [where] }), 'utf8')).version }
  } catch (err) {
    return { reason: `${name} not loadable: ${err.message.split('\n')[0]}` }
  }
}

const wp = require(path.join(root, 'bindings-node'))
const plugin = tryRequire('wechatpay-axios-plugin', peersDir)
const nodeV3 = tryRequire('wechatpay-node-v3', peersDir)
let compat = { reason: 'compat layer (issue 10) not merged yet: bindings-node/compat is missing' }
if (fs.existsSync(path.join(root, 'bindings-node', 'compat')) || fs.existsSync(path.join(root, 'bindings-node', 'compat.js'))) {
  try { compat = { mod: require(path.join(root, 'bindings-node', 'compat')), version: 'wechatpay-core/compat' } } catch (err) { compat = { reason: `compat not loadable: ${err.message}` } }
}

// ---- measurement ------------------------------------------------------------------------------
const nowNs = () => process.hrtime.bigint()
function batchFor (fn) {
  const t0 = nowNs(); fn(); const dt = Number(nowNs() - t0)
  return Math.max(1, Math.min(10000, Math.floor(1e6 / Math.max(dt, 1)))) // ~1 ms per batch
}
function sample (fn, ms, batch) {
  const end = nowNs() + BigInt(Math.round(ms * 1e6)); let n = 0; const t0 = nowNs(); let t = t0
  do { for (let i = 0; i < batch; i++) fn(); n += batch; t = nowNs() } while (t < end)
  return n / (Number(t - t0) / 1e9)
}
async function sampleAsync (fn, ms, concurrency) {
  const t0 = nowNs(); const end = t0 + BigInt(Math.round(ms * 1e6)); let n = 0
  const worker = async () => { while (nowNs() < end) { await fn(); n++ } }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return n / (Number(nowNs() - t0) / 1e9)
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }

// contestants: [{ name, fn, async?, concurrency? }], the first is ours. A round gives each SAMPLE_MS,
// cut into SLICES slices taken in turn (A B C, C B A, A B C, ...) so that a burst of load from
// elsewhere hits every contestant alike; the round's value is the median of its slices.
async function pair (op, contestants, extra = {}) {
  if (!want(op)) return
  const ready = []
  const reasons = {}
  for (const c of contestants) {
    if (c.reason) { reasons[c.name] = c.reason; continue }
    try {
      // warm-up + correctness: every contestant must succeed on the fixture before it is timed
      if (c.async) { for (let i = 0; i < 3; i++) await c.fn() } else { for (let i = 0; i < 3; i++) c.fn() }
      c.batch = c.async ? 1 : batchFor(c.fn)
      if (c.async) await sampleAsync(c.fn, SAMPLE_MS / 3, c.concurrency || 1); else sample(c.fn, SAMPLE_MS / 3, c.batch)
      ready.push(c)
    } catch (err) {
      reasons[c.name] = `failed on the fixture: ${err.message}`
    }
  }
  const rounds = Object.fromEntries(ready.map((c) => [c.name, []]))
  for (let r = 0; r < ROUNDS; r++) {
    const slices = Object.fromEntries(ready.map((c) => [c.name, []]))
    for (let s = 0; s < SLICES; s++) {
      for (const c of (r * SLICES + s) % 2 ? [...ready].reverse() : ready) {
        const ms = SAMPLE_MS / SLICES
        slices[c.name].push(c.async ? await sampleAsync(c.fn, ms, c.concurrency || 1) : sample(c.fn, ms, c.batch))
      }
    }
    for (const c of ready) rounds[c.name].push(median(slices[c.name]))
  }
  const [ours, ...peers] = contestants
  emit({ op, ours: ours.name, rounds, reasons, peers: peers.map((p) => p.name), ...extra })
}

// ---- inputs -----------------------------------------------------------------------------------
const K = (name) => path.join(fx.keys, name)
const keyPem = fs.readFileSync(K('apiclient_key.pem'), 'utf8')
const merchantCertPem = fs.readFileSync(K('apiclient_cert.pem'), 'utf8')
const platformCertPem = fs.readFileSync(K('platform_cert.pem'), 'utf8')
const lower = (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
const req = fx.request
const resp = { headers: lower(fx.response.headers), body: fx.response.body }
const cbs = Object.fromEntries(Object.entries(fx.callbacks).map(([k, v]) => [k, { headers: lower(v.headers), body: Buffer.from(v.body), text: v.body, bytes: v.plaintext_bytes }]))

// ours
const key = wp.PrivateKey.fromPem(keyPem)
const signer = new wp.Signer(fx.mchid, fx.merchant_serial, key)
const store = new wp.TrustStore()
store.addCertificate(wp.Certificate.fromPem(platformCertPem))
const verifier = new wp.Verifier(store, { now: fx.now })
const apiv3 = new wp.ApiV3Key(fx.apiv3_key)
const parser = new wp.CallbackParser(verifier, apiv3)
const encryptor = wp.SensitiveEncryptor.fromCertificate(wp.Certificate.fromPem(platformCertPem))
const decryptor = new wp.SensitiveDecryptor(key)

// the plugin's way: KeyObjects built once, {serial: publicKey} map, Formatter + Rsa + AesGcm
function pluginRecipes (P, label) {
  if (P.reason) return { reason: P.reason }
  const { Rsa, Formatter, Aes } = P.mod
  const privateKey = Rsa.from(keyPem, Rsa.KEY_TYPE_PRIVATE)
  const certs = { [fx.platform_serial]: Rsa.from(platformCertPem, Rsa.KEY_TYPE_PUBLIC) }
  const platformPublic = certs[fx.platform_serial]
  const verify = (headers, body) => {
    const ts = headers['wechatpay-timestamp']; const serial = headers['wechatpay-serial']
    if (Math.abs(fx.now - ts) > 300) throw new Error('timestamp')
    if (!Object.prototype.hasOwnProperty.call(certs, serial)) throw new Error('serial')
    if (!Rsa.verify(Formatter.response(ts, headers['wechatpay-nonce'], body), headers['wechatpay-signature'], certs[serial])) throw new Error('signature')
  }
  return {
    label,
    sign: () => {
      const nonce = Formatter.nonce(); const timestamp = Formatter.timestamp()
      const signature = Rsa.sign(Formatter.request(req.method, req.url, timestamp, nonce, req.body), privateKey)
      return Formatter.authorization(fx.mchid, nonce, signature, timestamp, fx.merchant_serial)
    },
    verify: () => verify(resp.headers, resp.body),
    callback: (cb) => () => {
      const text = cb.body.toString()
      verify(cb.headers, text)
      const { resource } = JSON.parse(text)
      return JSON.parse(Aes.AesGcm.decrypt(resource.ciphertext, fx.apiv3_key, resource.nonce, resource.associated_data))
    },
    jsapi: () => {
      const params = { appId: fx.appid, timeStamp: `${Formatter.timestamp()}`, nonceStr: Formatter.nonce(), package: `prepay_id=${fx.prepay_id}`, signType: 'RSA' }
      params.paySign = Rsa.sign(Formatter.joinedByLineFeed(params.appId, params.timeStamp, params.nonceStr, params.package), privateKey)
      return params
    },
    oaepEncrypt: () => Rsa.encrypt(fx.oaep.plaintext, platformPublic),
    oaepDecrypt: () => Rsa.decrypt(fx.oaep.ciphertext_to_merchant, privateKey),
    gcm: (g) => () => Aes.AesGcm.decrypt(g.ciphertext, fx.apiv3_key, g.nonce, g.associated_data),
    keyLoad: () => Rsa.from(keyPem, Rsa.KEY_TYPE_PRIVATE),
  }
}
const pl = pluginRecipes(plugin, `wechatpay-axios-plugin ${plugin.version}`)
const cp = pluginRecipes(compat, 'wechatpay-core/compat (plugin API)')

// wechatpay-node-v3's way: a Pay object holding PEM buffers; platform certificates in Pay.certificates
let v3 = { reason: nodeV3.reason }
if (nodeV3.mod) {
  const Pay = nodeV3.mod.default || nodeV3.mod
  const pay = new Pay({ appid: fx.appid, mchid: fx.mchid, publicKey: Buffer.from(merchantCertPem), privateKey: Buffer.from(keyPem), key: fx.apiv3_key })
  Pay.certificates[fx.platform_serial] = platformCertPem
  const verifySign = async (headers, body) => {
    const ok = await pay.verifySign({ timestamp: headers['wechatpay-timestamp'], nonce: headers['wechatpay-nonce'], body, serial: headers['wechatpay-serial'], signature: headers['wechatpay-signature'] })
    if (!ok) throw new Error('signature')
  }
  v3 = {
    label: `wechatpay-node-v3 ${nodeV3.version}`,
    sign: () => pay.buildAuthorization(req.method, req.url, req.body),
    verify: () => verifySign(resp.headers, resp.body),
    callback: (cb) => async () => {
      const text = cb.body.toString()
      await verifySign(cb.headers, text)
      const { resource } = JSON.parse(text)
      const out = pay.decipher_gcm(resource.ciphertext, resource.associated_data, resource.nonce, fx.apiv3_key)
      if (typeof out !== 'object') throw new Error('decrypt')
      return out
    },
    jsapi: () => {
      const data = { appId: fx.appid, timeStamp: parseInt(+new Date() / 1000 + '').toString(), nonceStr: Math.random().toString(36).substr(2, 15), package: `prepay_id=${fx.prepay_id}`, signType: 'RSA', paySign: '' }
      data.paySign = pay.sign([data.appId, data.timeStamp, data.nonceStr, data.package, ''].join('\n'))
      return data
    },
    oaepEncrypt: () => pay.publicEncrypt(fx.oaep.plaintext, Buffer.from(platformCertPem)),
    oaepDecrypt: () => pay.privateDecrypt(fx.oaep.ciphertext_to_merchant),
    gcm: (g) => () => pay.decipher_gcm(g.ciphertext, g.associated_data, g.nonce, fx.apiv3_key),
    keyLoad: () => new Pay({ appid: fx.appid, mchid: fx.mchid, publicKey: Buffer.from(merchantCertPem), privateKey: Buffer.from(keyPem) }),
  }
}
const asyncOps = new Set(['verify', 'callback'])
const peer = (p, what, ...args) => {
  if (p.reason) return { name: p.label || 'peer', reason: p.reason }
  const fn = args.length ? p[what](...args) : p[what]
  return { name: p.label, fn, async: p === v3 && asyncOps.has(what) }
}
const peers = (what, ...args) => [pl, v3, cp].map((p, i) => p.reason ? { name: ['wechatpay-axios-plugin', 'wechatpay-node-v3', 'wechatpay-core/compat (plugin API)'][i], reason: p.reason } : peer(p, what, ...args))

async function main () {
  if (CORES) return cores()
  await pair('sign', [{ name: 'wechatpay-core Signer.sign', fn: () => signer.sign(req.method, req.url, req.body).authorization }, ...peers('sign')])
  await pair('verify', [{ name: 'wechatpay-core Verifier.verify', fn: () => verifier.verify(resp.headers, resp.body) }, ...peers('verify')])
  const typical = cbs.typical
  await pair('callback', [{ name: 'wechatpay-core CallbackParser.parse', fn: () => parser.parse(typical.headers, typical.body).resource }, ...peers('callback', typical)], { bytes: typical.bytes })
  await pair('jsapi', [{ name: 'wechatpay-core jsapi', fn: () => wp.jsapi(key, fx.appid, fx.prepay_id) }, ...peers('jsapi')])
  await pair('oaep_encrypt', [{ name: 'wechatpay-core SensitiveEncryptor.encrypt', fn: () => encryptor.encrypt(fx.oaep.plaintext) }, ...peers('oaepEncrypt')])
  await pair('oaep_decrypt', [{ name: 'wechatpay-core SensitiveDecryptor.decrypt', fn: () => decryptor.decrypt(fx.oaep.ciphertext_to_merchant) }, ...peers('oaepDecrypt')])
  for (const [size, g] of Object.entries(fx.gcm)) {
    await pair(`gcm_decrypt:${size}`, [{ name: 'wechatpay-core decryptResource', fn: () => wp.decryptResource(apiv3, g.nonce, g.associated_data, g.ciphertext) }, ...peers('gcm', g)], { bytes: Number(size) })
  }
  await pair('key_load', [{ name: 'wechatpay-core PrivateKey.fromPem', fn: () => wp.PrivateKey.fromPem(keyPem) }, ...peers('keyLoad')])

  // bill: 1 MiB chunks through the streaming verifier vs zlib + crypto
  if (want('bill')) {
    const gz = fs.readFileSync(fx.bill.path)
    const ours = () => {
      const v = new wp.BillVerifier(fx.bill.hash_type, fx.bill.hash_value, true)
      for (let i = 0; i < gz.length; i += 1 << 20) v.update(gz.subarray(i, i + (1 << 20)))
      v.finish()
    }
    const theirs = () => {
      const digest = crypto.createHash('sha1').update(zlib.gunzipSync(gz)).digest('hex')
      if (digest !== fx.bill.hash_value) throw new Error('bill hash')
    }
    await pair('bill', [{ name: 'wechatpay-core BillVerifier', fn: ours }, { name: `node:zlib + node:crypto (Node ${process.version})`, fn: theirs }], { bytes: fx.bill.plain_bytes })
  }

  // scale: the whole callback as the resource grows
  for (const size of Object.keys(cbs).filter((k) => k !== 'typical')) {
    const cb = cbs[size]
    await pair(`callback_scale:${size}`, [{ name: 'wechatpay-core CallbackParser.parse', fn: () => parser.parse(cb.headers, cb.body).resource }, ...peers('callback', cb)], { bytes: cb.bytes })
  }

}

async function cores () {
  const typical = cbs.typical
  // all cores: parseAsync on the libuv pool vs the plugin on one event loop. bench/run.sh starts
  // this process once per core count with BENCH_CORES=n under `taskset` (n CPUs) and
  // UV_THREADPOOL_SIZE=n; 32 callbacks are kept in flight (a busy webhook server).
  if (CORES) {
    const pool = Number(process.env.UV_THREADPOOL_SIZE || 4)
    const plug = pl.reason ? { name: 'wechatpay-axios-plugin', reason: pl.reason } : { name: `${pl.label} (one event loop)`, fn: pl.callback(typical) }
    await pair(`cores:${CORES}`, [
      { name: `wechatpay-core parseAsync (libuv pool of ${pool}, ${INFLIGHT} in flight)`, fn: () => parser.parseAsync(typical.headers, typical.body), async: true, concurrency: INFLIGHT },
      plug,
    ], { cores: CORES })
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
