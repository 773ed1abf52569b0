'use strict'
// Shared by the framework helpers: read the raw body, verify + decrypt it on
// the libuv pool, call the user's handler, and pick the exact acknowledgement.
const { Acknowledgement } = require('./main.js')

const DEFAULT_LIMIT = 1024 * 1024

function configError(message) {
  const err = new Error(message)
  err.code = 'INVALID_ARGUMENT'
  return err
}

/** Reads a Node request stream to a Buffer, at most `limit` bytes. */
function readStream(stream, limit) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    stream.on('data', (chunk) => {
      size += chunk.length
      if (size > limit) {
        stream.pause()
        reject(configError(`callback body is larger than ${limit} bytes (raise the \`limit\` option)`))
        return
      }
      chunks.push(chunk)
    })
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

/**
 * The raw body: a Buffer some raw-body middleware already read, the text of a
 * text parser (its UTF-8 bytes), or the request stream itself. A body that a
 * JSON parser already turned into an object cannot be verified.
 */
async function rawBody(req, preread, limit) {
  if (Buffer.isBuffer(preread) || preread instanceof Uint8Array) return preread
  if (typeof preread === 'string') return Buffer.from(preread, 'utf8')
  if (preread !== undefined && preread !== null && !(typeof preread === 'object' && Object.keys(preread).length === 0 && req.readable)) {
    throw configError(
      'the callback body was already parsed (e.g. by express.json()); mount the WeChat Pay handler before any JSON body parser, or use express.raw()',
    )
  }
  if (!req.readable) throw configError('the request body was already consumed by another middleware')
  return readStream(req, limit)
}

/**
 * Runs one callback: returns { status, body, event?, error? }.
 * `error` is the reason a callback was refused (its `code` is the core kind).
 */
async function handle(parser, onEvent, headers, body, context) {
  let event
  try {
    event = await parser.parseAsync(headers, body)
  } catch (error) {
    return { ...Acknowledgement.failure(), error }
  }
  try {
    await onEvent(event, context)
  } catch (error) {
    return { ...Acknowledgement.failure(), event, error }
  }
  return { ...Acknowledgement.success(), event }
}

function checkArgs(parser, onEvent) {
  if (!parser || typeof parser.parseAsync !== 'function') throw configError('the first argument must be a CallbackParser')
  if (typeof onEvent !== 'function') throw configError('the second argument must be a function (event, req) => ...')
}

module.exports = { DEFAULT_LIMIT, rawBody, handle, checkArgs }
