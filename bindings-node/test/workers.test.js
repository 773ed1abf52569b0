'use strict'
// The addon loads in worker_threads; each worker builds its own objects from the
// same key files and gets the same results as the main thread.
const test = require('node:test')
const assert = require('node:assert')
const { Worker } = require('node:worker_threads')
const path = require('node:path')
const h = require('./helpers.js')

const script = `
const { parentPort, workerData } = require('node:worker_threads')
const h = require(${JSON.stringify(path.join(__dirname, 'helpers.js'))})
const signer = new h.wp.Signer(h.secrets.mchid, h.merchantCert.serialNo, h.merchantKey)
;(async () => {
  const out = []
  for (let i = 0; i < 20; i++) {
    const signed = await signer.signWithAsync('GET', '/v3/x?w=' + workerData.id + '&i=' + i, '', 1795392123, 'N' + i)
    out.push(signed.signature)
  }
  const event = await h.parser().parseAsync(workerData.cb.headers, workerData.cb.body)
  parentPort.postMessage({ out, trade: event.resource.out_trade_no, codes: h.wp.errorCodes().length })
})().catch((err) => parentPort.postMessage({ error: err.code + ': ' + err.message }))
`

test('four workers sign and parse in parallel, identical to the main thread', async () => {
  const signer = new h.wp.Signer(h.secrets.mchid, h.merchantCert.serialNo, h.merchantKey)
  const cb = h.callback()
  const results = await Promise.all(
    [0, 1, 2, 3].map(
      (id) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(script, { eval: true, workerData: { id, cb } })
          worker.once('message', (m) => {
            resolve({ id, ...m })
            worker.terminate()
          })
          worker.once('error', reject)
        }),
    ),
  )
  for (const r of results) {
    assert.strictEqual(r.error, undefined)
    assert.strictEqual(r.trade, h.transaction.out_trade_no)
    assert.strictEqual(r.codes, h.wp.errorCodes().length)
    r.out.forEach((sig, i) => assert.strictEqual(sig, signer.signWith('GET', `/v3/x?w=${r.id}&i=${i}`, '', 1795392123, `N${i}`).signature))
  }
})
