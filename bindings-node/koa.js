'use strict'
// wechatpay-core/koa: Koa middleware for the WeChat Pay callback endpoint.
//
//   const { notifyMiddleware } = require('wechatpay-core/koa')
//   router.post('/wechatpay/notify', notifyMiddleware(parser, async (event, ctx) => { ... }))
//
// Same contract as wechatpay-core/express: raw body, verify + decrypt off the
// event loop, your function, then the exact acknowledgement.
const { DEFAULT_LIMIT, rawBody, handle, checkArgs } = require('./lib/notify.js')

function notifyMiddleware(parser, onEvent, options = {}) {
  checkArgs(parser, onEvent)
  const limit = options.limit ?? DEFAULT_LIMIT
  const onError = options.onError
  return async function wechatpayNotify(ctx) {
    let outcome
    try {
      // koa-bodyparser keeps the raw text in ctx.request.rawBody.
      const preread = ctx.request.rawBody ?? ctx.request.body
      const body = await rawBody(ctx.req, preread, limit)
      outcome = await handle(parser, onEvent, ctx.req.headers, body, ctx)
    } catch (error) {
      outcome = { status: 500, body: '{"code":"FAIL","message":"失败"}', error }
    }
    if (outcome.error && onError) onError(outcome.error, ctx)
    ctx.status = outcome.status
    ctx.type = 'application/json; charset=utf-8'
    ctx.body = outcome.body
  }
}

module.exports = { notifyMiddleware }
