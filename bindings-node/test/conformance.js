'use strict'
// Runs every case of every shared vector file through the Node binding,
// mirroring core/tests/conformance.rs: an unknown file, case field, kind or
// scheme is a failure, never a skip. Used by test/vectors.test.js and
// scripts/conformance-node.sh.
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const wp = require('..')

function vectorsDir() {
  return process.env.WECHATPAY_VECTORS || path.join(__dirname, '..', '..', '..', 'shared', 'vectors')
}

class Fail extends Error {}
function ensure(cond, message) {
  if (!cond) throw new Fail(message)
}
function s(c, field) {
  const v = c[field]
  ensure(typeof v === 'string', `field \`${field}\` missing or not a string`)
  return v
}
function optS(c, field) {
  const v = c[field]
  if (v === undefined || v === null) return null
  ensure(typeof v === 'string', `field \`${field}\` is not a string or null`)
  return v
}
function valid(c) {
  ensure(typeof c.valid === 'boolean', 'field `valid` missing')
  return c.valid
}
function unix(text) {
  ensure(/^-?[0-9]+$/.test(text), `\`${text}\` is not Unix seconds`)
  return Number(text)
}
function rfc3339(text) {
  ensure(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text), `\`${text}\` is not YYYY-MM-DDTHH:MM:SSZ`)
  return Date.parse(text) / 1000
}
// Strict standard base64 (what the Rust runner's base64 STANDARD engine accepts), or null.
function base64Std(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : null
}
function codeOf(fn) {
  try {
    fn()
    return null
  } catch (err) {
    if (typeof err.code !== 'string') throw err
    return err.code
  }
}
// Result-style verification: true when it does not throw.
function verifies(key, message, sig) {
  return codeOf(() => key.verifySha256(message, sig)) === null
}
function deepEqual(a, b) {
  try {
    require('node:assert').deepStrictEqual(a, b)
    return true
  } catch {
    return false
  }
}

const COMMON = ['name', 'valid', 'reason', 'note', 'peer_results']
const FIELDS = {
  'request_sign.json': ['mchid', 'serial_no', 'key_file', 'cert_file', 'method', 'url', 'timestamp', 'nonce_str', 'body', 'message', 'signature', 'authorization'],
  'response_verify.json': ['headers', 'body', 'message', 'key_file'],
  'notification_decrypt.json': ['apiv3_key', 'nonce', 'associated_data', 'ciphertext', 'plaintext'],
  'notification_full.json': ['now', 'max_clock_skew_seconds', 'headers', 'body', 'key_file', 'apiv3_key', 'signature_valid', 'resource_plaintext', 'resource'],
  'pay_params.json': ['kind', 'appid', 'mchid', 'prepay_id', 'timestamp', 'nonce_str', 'key_file', 'cert_file', 'message', 'expected'],
  'oaep.json': ['public_key_file', 'private_key_file', 'produced_by', 'scheme', 'ciphertext', 'plaintext'],
  'v2_sign.json': ['params', 'key', 'sign_type', 'string_to_sign', 'expected_sign', 'source'],
  'v2_refund_req_info.json': ['apiv2_key', 'aes_key', 'req_info', 'expected_xml'],
  'cert_info.json': ['file', 'serial_no', 'serial_openssl_cli', 'serial_node_x509', 'serial_python_hex', 'serial_der_content_hex', 'serial_decimal', 'not_before', 'not_after', 'reference_time', 'expired_at_reference', 'not_yet_valid_at_reference', 'subject', 'issuer', 'sha256_fingerprint', 'spki_sha256', 'private_key_file', 'kind', 'pub_key_id', 'password', 'legacy_pbe', 'encryption', 'mac', 'cert_serial_no', 'matches_key_file', 'matches_cert_file', 'friendly_name'],
  'bill_hash.json': ['bill_text', 'bill_gzip', 'hash_type', 'hash_value', 'sha1', 'sha256', 'gzip_sha1', 'parsed'],
}

class Suite {
  constructor(dir) {
    this.dir = dir
    const store = JSON.parse(fs.readFileSync(path.join(dir, 'keys/trust_store.json'), 'utf8'))
    this.trust = new wp.TrustStore()
    for (const cert of store.certificates) {
      const certificate = wp.Certificate.fromPemFile(this.path(s(cert, 'file')))
      ensure(certificate.serialNo === s(cert, 'serial_no'), 'trust store serial mismatch')
      this.trust.addCertificate(certificate)
    }
    for (const key of store.public_keys) {
      this.trust.addPublicKey(s(key, 'id'), wp.PublicKey.fromPemFile(this.path(s(key, 'file'))))
    }
  }
  path(relative) {
    return path.join(this.dir, relative)
  }
  privateKey(c, field) {
    return wp.PrivateKey.fromPemFile(this.path(s(c, field)))
  }
  publicKey(c, field) {
    return wp.PublicKey.fromPemFile(this.path(s(c, field)))
  }
  run(file, c) {
    switch (file) {
      case 'request_sign.json': return this.requestSign(c)
      case 'response_verify.json': return this.responseVerify(c)
      case 'notification_decrypt.json': return this.notificationDecrypt(c)
      case 'notification_full.json': return this.notificationFull(c)
      case 'pay_params.json': return this.payParams(c)
      case 'oaep.json': return this.oaep(c)
      case 'v2_sign.json': return this.v2Sign(c)
      case 'v2_refund_req_info.json': return this.v2Refund(c)
      case 'cert_info.json': return this.certInfo(c)
      case 'bill_hash.json': return this.billHash(c)
      default: throw new Fail(`unknown vector file ${file}: no runner for it`)
    }
  }
  requestSign(c) {
    const key = this.privateKey(c, 'key_file')
    const cert = this.publicKey(c, 'cert_file')
    const signer = new wp.Signer(s(c, 'mchid'), s(c, 'serial_no'), key)
    const signed = signer.signWith(s(c, 'method'), s(c, 'url'), s(c, 'body'), unix(s(c, 'timestamp')), s(c, 'nonce_str'))
    const expectedSig = s(c, 'signature')
    const raw = base64Std(expectedSig)
    const ok = raw !== null && verifies(cert, s(c, 'message'), raw)
    if (valid(c)) {
      ensure(signed.message === s(c, 'message'), 'message differs')
      ensure(signed.signature === expectedSig, 'signature differs')
      ensure(signed.authorization === s(c, 'authorization'), `authorization differs: ${signed.authorization}`)
      ensure(ok, 'the merchant certificate does not verify the signature')
    } else {
      ensure(signed.signature !== expectedSig, 'our signature equals the wrong one')
      ensure(!ok, 'the wrong signature verifies over the message')
    }
  }
  responseVerify(c) {
    const headers = c.headers
    ensure(headers && typeof headers === 'object', 'field `headers` missing')
    const body = s(c, 'body')
    const get = (name) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
    const serial = get('Wechatpay-Serial')
    ensure(`${get('Wechatpay-Timestamp')}\n${get('Wechatpay-Nonce')}\n${body}\n` === s(c, 'message'), 'message differs')
    const keyFile = optS(c, 'key_file')
    ensure((keyFile !== null) === this.trust.has(serial ?? ''), 'trust-store lookup disagrees with key_file')
    const now = Number(get('Wechatpay-Timestamp')) || 0
    const verifier = new wp.Verifier(this.trust, { now })
    const code = codeOf(() => verifier.verify(headers, body))
    if (valid(c)) ensure(code === null, `rejected: ${code}`)
    else ensure(code !== null, 'accepted')
  }
  notificationDecrypt(c) {
    let result
    let code = null
    try {
      const key = new wp.ApiV3Key(s(c, 'apiv3_key'))
      result = wp.decryptResource(key, optS(c, 'nonce') ?? '', optS(c, 'associated_data') ?? '', optS(c, 'ciphertext') ?? '')
    } catch (err) {
      if (typeof err.code !== 'string') throw err
      code = err.code
    }
    if (valid(c)) ensure(code === null && result === optS(c, 'plaintext'), `decryption gave ${code ?? result}`)
    else ensure(code !== null, 'decrypted an invalid case')
  }
  notificationFull(c) {
    const window = c.max_clock_skew_seconds
    ensure(Number.isInteger(window), 'max_clock_skew_seconds')
    const now = unix(s(c, 'now'))
    const verifier = new wp.Verifier(this.trust, { replayWindow: window, now })
    const parser = new wp.CallbackParser(verifier, new wp.ApiV3Key(s(c, 'apiv3_key')))
    const body = s(c, 'body')
    ensure(typeof c.signature_valid === 'boolean', 'signature_valid')
    const keyFile = optS(c, 'key_file')
    if (keyFile !== null) {
      const key = wp.PublicKey.fromPemFile(this.path(keyFile))
      const get = (name) => Object.entries(c.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
      const sig = base64Std(get('Wechatpay-Signature')) ?? Buffer.alloc(0)
      const message = `${get('Wechatpay-Timestamp')}\n${get('Wechatpay-Nonce')}\n${body}\n`
      ensure(verifies(key, message, sig) === c.signature_valid, 'signature_valid differs')
    }
    let event = null
    let code = null
    try {
      event = parser.parse(c.headers, Buffer.from(body, 'utf8'))
    } catch (err) {
      if (typeof err.code !== 'string') throw err
      code = err.code
    }
    if (valid(c)) {
      ensure(code === null, `rejected: ${code}`)
      ensure(event.plaintext === optS(c, 'resource_plaintext'), 'plaintext differs')
      ensure(deepEqual(event.resource, c.resource), 'parsed resource differs')
    } else {
      ensure(code !== null, 'accepted')
    }
  }
  payParams(c) {
    const key = this.privateKey(c, 'key_file')
    const cert = this.publicKey(c, 'cert_file')
    const appid = s(c, 'appid')
    const prepayId = s(c, 'prepay_id')
    const options = { timestamp: unix(s(c, 'timestamp')), nonce: s(c, 'nonce_str') }
    const expected = c.expected
    ensure(expected && typeof expected === 'object', 'expected')
    let ours
    let signField
    switch (s(c, 'kind')) {
      case 'jsapi': ours = wp.jsapi(key, appid, prepayId, options); signField = 'paySign'; break
      case 'miniprogram': ours = wp.miniprogram(key, appid, prepayId, options); signField = 'paySign'; break
      case 'app': ours = wp.app(key, appid, s(c, 'mchid'), prepayId, options); signField = 'sign'; break
      default: throw new Fail(`unknown pay_params kind \`${c.kind}\``)
    }
    const raw = base64Std(s(expected, signField))
    const ok = raw !== null && verifies(cert, optS(c, 'message') ?? '', raw)
    if (valid(c)) {
      ensure(deepEqual({ ...ours }, expected), `parameters differ: ${JSON.stringify(ours)}`)
      ensure(ok, 'certificate does not verify the expected sign over message')
    } else {
      ensure(ours[signField] !== expected[signField], 'our sign equals the wrong one')
      ensure(!ok, 'the wrong sign verifies')
    }
  }
  oaep(c) {
    const scheme = s(c, 'scheme')
    ensure(['oaep-sha1', 'oaep-sha256', 'pkcs1v15'].includes(scheme), `unknown oaep scheme \`${scheme}\``)
    const decryptor = new wp.SensitiveDecryptor(this.privateKey(c, 'private_key_file'))
    let result = null
    let code = null
    try {
      result = decryptor.decrypt(s(c, 'ciphertext'))
    } catch (err) {
      if (typeof err.code !== 'string') throw err
      code = err.code
    }
    if (valid(c)) {
      const plaintext = s(c, 'plaintext')
      ensure(code === null && result === plaintext, `decryption gave ${code ?? result}`)
      const encryptor = wp.SensitiveEncryptor.fromPublicKey('PUB_KEY_ID_TEST', wp.PublicKey.fromPemFile(this.path(s(c, 'public_key_file'))))
      ensure(decryptor.decrypt(encryptor.encrypt(plaintext)) === plaintext, 'round trip failed')
    } else {
      ensure(code !== null, `decrypted an invalid ciphertext to ${result}`)
    }
  }
  v2Sign(c) {
    const params = c.params
    ensure(params && typeof params === 'object' && Object.values(params).every((v) => typeof v === 'string'), 'params')
    const key = new wp.ApiV2Key(s(c, 'key'))
    const signType = s(c, 'sign_type')
    ensure(wp.v2.stringToSign(params, key) === s(c, 'string_to_sign'), 'string_to_sign differs')
    ensure(wp.v2.sign(params, key, signType) === s(c, 'expected_sign'), 'sign differs')
    if ('sign' in params) {
      const code = codeOf(() => wp.v2.verify(params, key, signType))
      ensure((code === null) === valid(c), `verify gave ${code}`)
    } else {
      ensure(valid(c), 'a case without `sign` must be valid')
    }
  }
  v2Refund(c) {
    const keyText = s(c, 'apiv2_key')
    ensure(crypto.createHash('md5').update(keyText).digest('hex') === s(c, 'aes_key'), 'aes_key is not md5(apiv2_key)')
    const key = new wp.ApiV2Key(keyText)
    let result = null
    let code = null
    try {
      result = wp.v2.decryptReqInfo(s(c, 'req_info'), key)
    } catch (err) {
      if (typeof err.code !== 'string') throw err
      code = err.code
    }
    if (valid(c)) {
      ensure(code === null && result === optS(c, 'expected_xml'), `decryption gave ${code ?? result}`)
      ensure(Object.keys(wp.v2.decryptReqInfoParams(s(c, 'req_info'), key)).length > 0, 'decrypted XML has no fields')
    } else {
      ensure(code !== null, 'decrypted an invalid req_info')
    }
  }
  certInfo(c) {
    const kind = optS(c, 'kind')
    if (kind === null) {
      const cert = wp.Certificate.fromPemFile(this.path(s(c, 'file')))
      ensure(cert.serialNo === s(c, 'serial_no'), `serial ${cert.serialNo}`)
      ensure(cert.serialNo === s(c, 'serial_openssl_cli'), 'openssl serial')
      ensure(cert.notBefore.getTime() / 1000 === rfc3339(s(c, 'not_before')), 'not_before')
      ensure(cert.notAfter.getTime() / 1000 === rfc3339(s(c, 'not_after')), 'not_after')
      ensure(cert.subject === s(c, 'subject'), `subject ${cert.subject}`)
      ensure(cert.issuer === s(c, 'issuer'), `issuer ${cert.issuer}`)
      ensure(cert.sha256Fingerprint === s(c, 'sha256_fingerprint'), 'fingerprint')
      ensure(cert.publicKey.spkiSha256 === s(c, 'spki_sha256'), 'spki_sha256')
      const reference = rfc3339(s(c, 'reference_time'))
      ensure(typeof c.expired_at_reference === 'boolean', 'expired_at_reference')
      ensure(typeof c.not_yet_valid_at_reference === 'boolean', 'not_yet_valid_at_reference')
      const expected = !c.expired_at_reference && !c.not_yet_valid_at_reference
      ensure(cert.isValidAt(reference) === expected, 'validity at reference')
      ensure(cert.isValidAt(new Date(reference * 1000)) === expected, 'validity at reference (Date)')
      const privateFile = optS(c, 'private_key_file')
      if (privateFile !== null) {
        ensure(wp.PrivateKey.fromPemFile(this.path(privateFile)).matches(cert.publicKey), 'private key does not match')
      }
    } else if (kind === 'public_key') {
      const key = wp.PublicKey.fromPemFile(this.path(s(c, 'file')))
      ensure(key.spkiSha256 === s(c, 'spki_sha256'), 'spki_sha256')
      ensure(this.privateKey(c, 'private_key_file').matches(key), 'private key does not match')
      ensure(this.trust.has(s(c, 'pub_key_id')), 'pub_key_id not in trust store')
    } else if (kind === 'pkcs12') {
      const bytes = fs.readFileSync(this.path(s(c, 'file')))
      const p12 = wp.PrivateKey.fromPkcs12(bytes, s(c, 'password'))
      ensure(p12.certificate.serialNo === s(c, 'cert_serial_no'), 'p12 certificate serial')
      const fileKey = this.privateKey(c, 'matches_key_file')
      ensure(p12.privateKey.signSha256('p12') === fileKey.signSha256('p12'), 'p12 key differs from key file')
      const fileCert = wp.Certificate.fromPemFile(this.path(s(c, 'matches_cert_file')))
      ensure(p12.certificate.equals(fileCert), 'p12 certificate differs from cert file')
      ensure(codeOf(() => wp.PrivateKey.fromPkcs12(bytes, 'not-the-password')) === 'PKCS12', 'a wrong password must be a PKCS12 error')
    } else {
      throw new Fail(`unknown cert_info kind \`${kind}\``)
    }
  }
  billHash(c) {
    const hashType = s(c, 'hash_type')
    const gzip = base64Std(s(c, 'bill_gzip'))
    ensure(gzip !== null, 'bill_gzip is not base64')
    const text = s(c, 'bill_text')
    for (const [field, type, bytes] of [['sha1', 'SHA1', text], ['sha256', 'SHA256', text], ['gzip_sha1', 'SHA1', gzip]]) {
      const code = codeOf(() => wp.verifyBill(bytes, type, s(c, field), false))
      ensure(code === null, `${field}: ${code}`)
    }
    const verifier = new wp.BillVerifier(hashType, s(c, 'hash_value'), true)
    const code = codeOf(() => {
      for (let at = 0; at < gzip.length; at += 1000) verifier.update(gzip.subarray(at, at + 1000))
      verifier.finish()
    })
    ensure((code === null) === valid(c), `streamed verification gave ${code}`)
    if (c.parsed !== undefined) {
      const ours = wp.parseBill(text)
      ensure(deepEqual({ rows: ours.rows, summary: ours.summary }, c.parsed), 'parsed bill differs')
    }
  }
}

function run(dir = vectorsDir()) {
  const suite = new Suite(dir)
  let manifest = null
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
  } catch {}
  const files = fs.readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'manifest.json').sort()
  let passed = 0
  const failures = []
  const report = (file, name, why) => {
    if (why === null) passed += 1
    else failures.push(`FAIL ${file} ${name}: ${why}`)
  }
  for (const file of files) {
    const fields = FIELDS[file]
    if (!fields) {
      report(file, '*', 'unknown vector file')
      continue
    }
    let cases
    try {
      cases = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    } catch {
      cases = null
    }
    if (!Array.isArray(cases)) {
      report(file, '*', 'not a JSON array')
      continue
    }
    const announced = manifest?.files?.[file]?.cases
    if (typeof announced === 'number' && announced !== cases.length) {
      report(file, '*', `manifest says ${announced} cases, file has ${cases.length}`)
    }
    for (const c of cases) {
      const name = typeof c?.name === 'string' ? c.name : '<unnamed>'
      const unknown = Object.keys(c ?? {}).filter((k) => !COMMON.includes(k) && !fields.includes(k))
      let why = null
      if (unknown.length > 0) why = `unknown case fields ${JSON.stringify(unknown)}`
      else if (name.startsWith('neg_') === (typeof c.valid === 'boolean' ? c.valid : true)) why = 'name prefix `neg_` disagrees with `valid`'
      else {
        try {
          suite.run(file, c)
        } catch (err) {
          why = err instanceof Fail ? err.message : `${err.code ?? err.name}: ${err.message}`
        }
      }
      report(file, name, why)
    }
  }
  return { passed, failed: failures.length, failures }
}

module.exports = { run, vectorsDir }

if (require.main === module) {
  let result
  try {
    result = run(process.argv[2] || vectorsDir())
  } catch (err) {
    console.error(`cannot load the vectors: ${err.message}`)
    result = { passed: 0, failed: 1, failures: [] }
  }
  for (const line of result.failures) console.error(line)
  console.log(`node: ${result.passed} passed, ${result.failed} failed`)
  process.exitCode = result.failed > 0 || result.passed === 0 ? 1 : 0
}
