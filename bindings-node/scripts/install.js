#!/usr/bin/env node
// `install` step of the package. Nothing to do when the native addon for this
// platform is already there (a packed tarball ships the one built at pack time)
// or when this is the source folder with devDependencies installed (`prepare`
// then builds it with the napi CLI). Otherwise the addon is built from source
// with cargo, which needs only a Rust toolchain.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const abi = process.platform === 'linux' ? (process.report?.getReport()?.header?.glibcVersionRuntime ? '-gnu' : '-musl') : ''
const addon = path.join(root, `wechatpay-core.${process.platform}-${process.arch}${abi}.node`)

if (fs.existsSync(addon)) process.exit(0)
let hasCli = false
try {
  require.resolve('@napi-rs/cli/package.json', { paths: [root] })
  hasCli = true
} catch {}
if (hasCli) {
  // The source folder with its devDependencies: `prepare` (npm run build) follows
  // and builds the addon with the napi CLI.
  process.exit(0)
}
if (!fs.existsSync(path.join(root, 'Cargo.toml'))) {
  console.error(`wechatpay-core: no native addon for ${process.platform}-${process.arch} and no Rust sources to build one`)
  process.exit(1)
}
const cargo = process.env.CARGO || 'cargo'
execFileSync(cargo, ['build', '--release', '--locked', '-p', 'wechatpay-node'], { cwd: root, stdio: 'inherit' })
const meta = JSON.parse(execFileSync(cargo, ['metadata', '--format-version', '1', '--no-deps'], { cwd: root }))
const ext = process.platform === 'darwin' ? 'dylib' : process.platform === 'win32' ? 'dll' : 'so'
const lib = path.join(meta.target_directory, 'release', `${process.platform === 'win32' ? '' : 'lib'}wechatpay_node.${ext}`)
fs.copyFileSync(lib, addon)
console.log(`wechatpay-core: built ${path.basename(addon)} from source`)
