// Starts wechatpay-sim (WeChat's side) and the merchant demo on 127.0.0.1, and headless Chromium
// whose every request to anything but 127.0.0.1 is aborted.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const SHOTS = path.join(ROOT, 'target', 'e2e')
const SIM_BIN = process.env.WECHATPAY_SIM_BIN || path.join(ROOT, 'target', 'debug', 'wechatpay-sim')
const KEYS = process.env.WECHATPAY_E2E_KEYS || path.join(ROOT, 'target', 'e2e-keys')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

/** WeChat's in-app browser on a phone (the bridge script acts only on MicroMessenger). */
export const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN'
/** A phone's own browser (H5). */
export const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

/** Resolves with the first stdout match of `pattern`, or rejects after `ms` or when the process exits. */
function waitForLine (proc, pattern, ms, name) {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${ms} ms:\n${seen}`)), ms)
    const onData = (chunk) => {
      seen += chunk
      const m = pattern.exec(seen)
      if (m) { cleanup(); resolve(m) }
    }
    const onExit = (code) => fail(new Error(`${name} exited (${code}) before it was ready:\n${seen}`))
    function cleanup () { clearTimeout(timer); proc.stdout.off('data', onData); proc.off('exit', onExit) }
    function fail (err) { cleanup(); reject(err) }
    proc.stdout.setEncoding('utf8')
    proc.stdout.on('data', onData)
    proc.stderr.setEncoding('utf8')
    proc.stderr.on('data', (c) => { seen += c })
    proc.on('exit', onExit)
  })
}

/** Polls `url` until it answers 200, bounded by `ms`. */
export async function waitForOk (url, ms = 10000) {
  const deadline = Date.now() + ms
  let last
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url)
      if (res.ok) return
      last = new Error(`${url}: ${res.status}`)
    } catch (e) {
      last = e
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${url} not ready after ${ms} ms: ${last && last.message}`)
}

/** Polls `fn` until it returns a truthy value, bounded by `ms`. */
export async function until (fn, ms = 10000, what = 'condition') {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export async function startAll () {
  fs.mkdirSync(SHOTS, { recursive: true })
  const sim = spawn(SIM_BIN, [
    '--port', '0', '--keys-dir', KEYS, '--min-close-age', '0',
    '--oauth-domain', '127.0.0.1',
    '--pay-directory', 'http://127.0.0.1/shop/',
    '--h5-domain', '127.0.0.1',
    '--local-h5-cashier',
    '--bridge-ready-delay', '300'
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  const [, simUrl] = await waitForLine(sim, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 30000, 'wechatpay-sim')
  await waitForOk(`${simUrl}/sim/health`)
  const demo = spawn(process.execPath, [
    path.join(ROOT, 'bindings-node', 'examples', 'merchant-demo', 'server.js'),
    '--sim', simUrl, '--keys', KEYS, '--port', '0'
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  const [, demoUrl] = await waitForLine(demo, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 15000, 'merchant-demo')
  await waitForOk(`${demoUrl}/health`)
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  })
  return {
    merchant: JSON.parse(fs.readFileSync(path.join(KEYS, 'merchant.json'), 'utf8')),
    simUrl,
    demoUrl,
    browser,
    async stop () {
      await browser.close().catch(() => {})
      for (const p of [demo, sim]) if (p.exitCode === null) p.kill('SIGTERM')
    }
  }
}

/** A fresh browser profile (cookies, storage) with a phone's viewport; only 127.0.0.1 is reachable. */
export async function newPage (env, userAgent) {
  const context = await env.browser.newContext({ userAgent, viewport: { width: 414, height: 736 }, locale: 'zh-CN' })
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname
    return host === '127.0.0.1' ? route.fallback() : route.abort()
  })
  context.setDefaultTimeout(10000)
  const page = await context.newPage()
  return page
}

/** A screenshot of the page under target/e2e/NAME.png. */
export async function shot (page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}
