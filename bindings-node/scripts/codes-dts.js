#!/usr/bin/env node
// Appends to the napi-generated index.d.ts the types the Rust signatures name
// but napi cannot derive: `ErrorCode`, the union of every error `code`, built
// from the addon's errorCodes() (which is ErrorKind::ALL of the core, so the
// list cannot drift from the core), and `HeadersLike`.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const dtsPath = path.join(root, 'index.d.ts')
const MARK = '/* ---- appended by scripts/codes-dts.js from ErrorKind::ALL ---- */'
const binding = require(path.join(root, 'index.js'))
const codes = binding.errorCodes()
const categories = binding.errorCategories()
if (!Array.isArray(codes) || codes.length === 0) throw new Error('errorCodes() returned nothing')

let dts = fs.readFileSync(dtsPath, 'utf8')
const at = dts.indexOf(MARK)
if (at >= 0) dts = dts.slice(0, at).trimEnd() + '\n'
dts += `
${MARK}

/** Every \`code\` an error thrown or rejected by this module can have (the core's ErrorKind names). */
export type ErrorCode =
${codes.map((code) => `  | '${code}'`).join('\n')}

/** The groups of error codes (see errorInfo(code).category). */
export type ErrorCategory =
${categories.map((c) => `  | '${c}'`).join('\n')}

/** What every function throws (and every async variant rejects with). */
export interface WechatpayError extends Error {
  code: ErrorCode
}

/** Request headers: Node's IncomingMessage.headers, a fetch Headers, a Map, pairs, or a plain object (names in any case). */
export type HeadersLike =
  | Record<string, string | string[] | number | undefined>
  | Headers
  | Map<string, string>
  | Array<[string, string]>
`
fs.writeFileSync(dtsPath, dts)
