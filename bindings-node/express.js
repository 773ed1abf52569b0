'use strict'
// wechatpay-core/express: a handler for the WeChat Pay callback endpoint.
//
//   const { notifyHandler } = require('wechatpay-core/express')
//   app.post('/wechatpay/notify', notifyHandler(parser, async (event, req) => { ... }))
//
// It reads the raw body itself (so no JSON parser can re-serialise it),
// verifies and decrypts it off the event loop, calls your function, and sends
// the exact acknowledgement: 200 SUCCESS when your function returned, 500 FAIL
// (WeChat Pay retries) when the callback was refused or your function threw.
const { DEFAULT_LIMIT, rawBody, handle, checkArgs } = require('./lib/notify.js')

function notifyHandler(parser, onEvent, options = {}) {
  checkArgs(parser, onEvent)
  const limit = options.limit ?? DEFAULT_LIMIT
  const onError = options.onError
  return async function wechatpayNotify(req, res, next) {
    let outcome
    try {
      const body = await rawBody(req, req.body, limit)
      outcome = await handle(parser, onEvent, req.headers, body, req)
    } catch (error) {
      outcome = { status: 500, body: '{"code":"FAIL","message":"失败"}', error }
    }
    if (outcome.error && onError) {
      try {
        onError(outcome.error, req)
      } catch (err) {
        if (typeof next === 'function') next(err)
      }
    }
    res.statusCode = outcome.status
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.end(outcome.body)
  }
}

module.exports = { notifyHandler }
