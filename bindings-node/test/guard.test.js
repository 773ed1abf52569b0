'use strict'
// Every #[napi] function or method of the binding is #[napi(catch_unwind)]:
// a Rust panic becomes a JS error, never an abort of the Node process.
const test = require('node:test')
const assert = require('node:assert')
const fs = require('node:fs')
const path = require('node:path')

function rustFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? rustFiles(full) : entry.name.endsWith('.rs') ? [full] : []
  })
}

test('every exported function and method is #[napi(catch_unwind)]', () => {
  let exported = 0
  const unguarded = []
  for (const file of rustFiles(path.join(__dirname, '..', 'src'))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n')
    lines.forEach((line, i) => {
      const attr = line.trim()
      if (!attr.startsWith('#[napi')) return
      // The item this attribute applies to: the next line that is not an attribute or comment.
      let j = i + 1
      let whole = attr
      while (j < lines.length && !/^\s*(pub|impl|fn|struct|enum)\b/.test(lines[j])) whole += lines[j++].trim()
      const item = lines[j] ?? ''
      if (!/\bfn\b/.test(item)) return // structs, impl blocks, objects carry no code
      exported += 1
      if (!/catch_unwind/.test(whole)) unguarded.push(`${path.relative(process.cwd(), file)}:${i + 1} ${item.trim()}`)
    })
  }
  assert.ok(exported > 50, `found only ${exported} exports`)
  assert.deepStrictEqual(unguarded, [])
})
