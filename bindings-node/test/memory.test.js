'use strict'
// 100,000 calls through the boundary (parse, verify, decrypt, errors): RSS
// grows by less than 16 MiB once the garbage collector ran. Needs --expose-gc.
const test = require('node:test')
const assert = require('node:assert')
const h = require('./helpers.js')

const gc = globalThis.gc
const rss = () => {
  gc()
  gc()
  return process.memoryUsage().rss
}

test('100,000 calls leave RSS growth under 16 MiB after GC', { skip: gc ? false : 'run node with --expose-gc' }, () => {
  const parser = h.parser()
  const verifier = new h.wp.Verifier(h.trustStore())
  const good = h.callback()
  const bad = h.callback({ probe: true })
  const sealed = h.wp.encryptResource(h.apiv3Key, '0123456789ab', 'x', 'y'.repeat(512))
  const round = (i) => {
    switch (i % 4) {
      case 0: return parser.parse(good.headers, good.body).id
      case 1: return verifier.verify(good.headers, Buffer.from(good.body))
      case 2: return h.wp.decryptResource(h.apiv3Key, '0123456789ab', 'x', sealed).length
      default:
        try {
          parser.parse(bad.headers, bad.body)
        } catch (err) {
          return err.code
        }
        throw new Error('probe accepted')
    }
  }
  for (let i = 0; i < 10_000; i++) round(i) // warm up allocators and JIT
  const before = rss()
  for (let i = 0; i < 100_000; i++) round(i)
  const growth = rss() - before
  console.log(`rss growth after 100,000 calls: ${(growth / 1048576).toFixed(2)} MiB`)
  assert.ok(growth < 16 * 1024 * 1024, `RSS grew by ${growth} bytes`)
})
