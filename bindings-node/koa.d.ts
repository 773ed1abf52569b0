import type { CallbackEvent, CallbackParser, WechatpayError } from './index'

/** The parts of a Koa context the middleware uses. */
export interface KoaLikeContext {
  req: import('node:http').IncomingMessage
  request: { rawBody?: string; body?: unknown }
  status: number
  type: string
  body: unknown
}

export interface NotifyOptions<Ctx extends KoaLikeContext = KoaLikeContext> {
  /** Largest body read, in bytes (default 1 MiB). */
  limit?: number
  /** Called with the reason a callback was refused (`err.code` is the core kind), or what your handler threw. */
  onError?: (err: WechatpayError | Error, ctx: Ctx) => void
}

/** Koa middleware for the callback endpoint. */
export declare function notifyMiddleware<Ctx extends KoaLikeContext = KoaLikeContext>(
  parser: CallbackParser,
  onEvent: (event: CallbackEvent, ctx: Ctx) => unknown | Promise<unknown>,
  options?: NotifyOptions<Ctx>,
): (ctx: Ctx, next?: () => Promise<unknown>) => Promise<void>
