'use strict'
const test = require('node:test')
const assert = require('node:assert')
const { run } = require('./conformance.js')

test('every shared vector passes through the Node binding', () => {
  const result = run()
  assert.deepStrictEqual(result.failures, [])
  assert.ok(result.passed > 0)
  console.log(`node: ${result.passed} passed, ${result.failed} failed`)
})
