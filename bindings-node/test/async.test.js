'use strict'
// Async variants run on the libuv pool and give exactly what the sync ones give.
const test = require('node:test')
const assert = require('node:assert')
const h = require('./helpers.js')
const { wp } = h

const settle = async (fn) => {
  try {
    return { ok: await fn() }
  } catch (err) {
    return { code: err.code, message: err.message, isError: err instanceof Error }
  }
}
const settleSync = (fn) => {
  try {
    return { ok: fn() }
  } catch (err) {
    return { code: err.code, message: err.message, isError: err instanceof Error }
  }
}

test('signWithAsync, parseAsync, verifyAsync, decryptAsync equal their sync variants', async () => {
  const signer = new wp.Signer(h.secrets.mchid, h.merchantCert.serialNo, h.merchantKey)
  const parser = h.parser()
  const verifier = new wp.Verifier(h.trustStore())
  const decryptor = new wp.SensitiveDecryptor(h.platformKey)
  const encryptor = wp.SensitiveEncryptor.fromCertificate(h.platformCert)
  const good = h.callback()
  const tampered = { ...good, body: good.body + ' ' }
  const probe = h.callback({ probe: true })
  const sealed = encryptor.encrypt('张三')
  const pairs = [
    [() => signer.signWith('POST', '/v3/pay/transactions/jsapi', '{"a":1}', 1795392123, 'N1'), () => signer.signWithAsync('POST', '/v3/pay/transactions/jsapi', '{"a":1}', 1795392123, 'N1')],
    [() => signer.signWith('post', '/v3/x', '', 1, 'N1'), () => signer.signWithAsync('post', '/v3/x', '', 1, 'N1')],
    [() => parser.parse(good.headers, good.body), () => parser.parseAsync(good.headers, good.body)],
    [() => parser.parse(tampered.headers, tampered.body), () => parser.parseAsync(tampered.headers, tampered.body)],
    [() => parser.parse(probe.headers, probe.body), () => parser.parseAsync(probe.headers, probe.body)],
    [() => verifier.verify(good.headers, good.body), () => verifier.verifyAsync(good.headers, good.body)],
    [() => verifier.verify({}, ''), () => verifier.verifyAsync({}, '')],
    [() => decryptor.decrypt(sealed), () => decryptor.decryptAsync(sealed)],
    [() => decryptor.decrypt('AAAA'), () => decryptor.decryptAsync('AAAA')],
    [() => h.merchantKey.signSha256('abc'), () => h.merchantKey.signSha256Async('abc')],
    [() => wp.decryptResource(h.apiv3Key, '0123456789ab', '', 'AAAA'), () => wp.decryptResourceAsync(h.apiv3Key, '0123456789ab', '', 'AAAA')],
  ]
  for (const [sync, asyncFn] of pairs) {
    const promise = asyncFn()
    assert.ok(promise instanceof Promise)
    assert.deepStrictEqual(await settle(() => promise), settleSync(sync))
  }
  const decrypted = await decryptor.decryptAsync(await encryptor.encryptAsync('李四'))
  assert.strictEqual(decrypted, '李四')
})

test('async work leaves the event loop free: a timer-free tick runs before the batch settles', async () => {
  const signer = new wp.Signer(h.secrets.mchid, h.merchantCert.serialNo, h.merchantKey)
  let settled = 0
  let tickSawPending = null
  const batch = Array.from({ length: 64 }, (_, i) => signer.signWithAsync('GET', `/v3/x?i=${i}`, '', 1, 'N').then((r) => {
    settled += 1
    return r
  }))
  setImmediate(() => {
    tickSawPending = settled < batch.length
  })
  const results = await Promise.all(batch)
  assert.strictEqual(tickSawPending, true)
  results.forEach((r, i) => assert.strictEqual(r.signature, signer.signWith('GET', `/v3/x?i=${i}`, '', 1, 'N').signature))
})
