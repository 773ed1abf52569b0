import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallbackEvent, CallbackParser, WechatpayError } from './index'

export interface NotifyOptions<Req extends IncomingMessage = IncomingMessage> {
  /** Largest body read, in bytes (default 1 MiB). */
  limit?: number
  /** Called with the reason a callback was refused (`err.code` is the core kind), or what your handler threw. */
  onError?: (err: WechatpayError | Error, req: Req) => void
}

/** An express (or plain node:http) handler for the callback endpoint. */
export declare function notifyHandler<Req extends IncomingMessage = IncomingMessage>(
  parser: CallbackParser,
  onEvent: (event: CallbackEvent, req: Req) => unknown | Promise<unknown>,
  options?: NotifyOptions<Req>,
): (req: Req, res: ServerResponse, next?: (err?: unknown) => void) => Promise<void>
