// wechatpay-sim: the WeChat in-app browser, as a script a page loads.
//   <script src="http://127.0.0.1:PORT/sim/jsbridge.js"></script>                  official-account page
//   <script src="http://127.0.0.1:PORT/sim/jsbridge.js?env=miniprogram"></script>  mini-program page
// Only when the User-Agent says MicroMessenger (as in WeChat); elsewhere it defines nothing.
// Query options: ready_delay=MS (when WeixinJSBridgeReady fires; default from the simulator).
(function () {
  'use strict'
  var script = document.currentScript
  if (!script || !script.src) return
  var src = new URL(script.src)
  var SIM = src.origin
  var env = src.searchParams.get('env') || 'jsapi'
  var delayParam = src.searchParams.get('ready_delay')
  var delay = delayParam === null ? __wechatpaySim.readyDelay : Number(delayParam)
  if (!/MicroMessenger/i.test(navigator.userAgent)) {
    console.info('[wechatpay-sim] not the WeChat browser (no MicroMessenger in the User-Agent): no WeixinJSBridge')
    return
  }

  function post (path, body) {
    // text/plain: a simple cross-origin request (no preflight), as the simulator expects.
    return fetch(SIM + path, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json() })
  }

  // Shows WeChat's cashier in a frame over the page; resolves { result: ok|cancel|fail, errmsg }.
  function cashier (kind, params) {
    return post('/sim/wx/pay/prepare', { kind: kind, page_url: location.href, params: params || {} })
      .then(function (answer) {
        return new Promise(function (resolve) {
          var frame = document.createElement('iframe')
          frame.src = SIM + '/sim/wx/cashier/' + encodeURIComponent(answer.ticket)
          frame.title = 'WeChat Pay'
          frame.setAttribute('data-wechatpay-sim', 'cashier')
          frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;z-index:2147483647;background:transparent'
          function onMessage (event) {
            var data = event.data || {}
            if (event.origin !== SIM || data.source !== 'wechatpay-sim' || data.ticket !== answer.ticket) return
            window.removeEventListener('message', onMessage)
            frame.remove()
            resolve({ result: data.result, errmsg: data.errmsg || '' })
          }
          window.addEventListener('message', onMessage)
          document.body.appendChild(frame)
        })
      }, function () {
        return { result: 'fail', errmsg: 'network error: the simulator at ' + SIM + ' did not answer' }
      })
  }

  if (env === 'miniprogram') {
    window.__wxjs_environment = 'miniprogram'
    var user = localStorage.getItem('wechatpay-sim-user')
    if (!user) {
      user = Math.random().toString(36).slice(2) + Date.now().toString(36)
      localStorage.setItem('wechatpay-sim-user', user)
    }
    // wx.* APIs: callbacks (success/fail/complete) and, without them, a Promise.
    var api = function (run) {
      return function (options) {
        options = options || {}
        var promise = run(options).then(function (res) {
          if (/:ok$/.test(res.errMsg)) {
            if (options.success) options.success(res)
          } else if (options.fail) {
            options.fail(res)
          }
          if (options.complete) options.complete(res)
          if (/:ok$/.test(res.errMsg)) return res
          throw res
        })
        if (options.success || options.fail || options.complete) {
          promise.catch(function () {})
          return undefined
        }
        return promise
      }
    }
    window.wx = {
      login: api(function () {
        return post('/sim/wx/login', { user: user }).catch(function () { return { errMsg: 'login:fail network error' } })
      }),
      requestPayment: api(function (options) {
        var params = {
          timeStamp: options.timeStamp,
          nonceStr: options.nonceStr,
          package: options.package,
          signType: options.signType,
          paySign: options.paySign
        }
        return cashier('miniprogram', params).then(function (r) {
          if (r.result === 'ok') return { errMsg: 'requestPayment:ok' }
          if (r.result === 'cancel') return { errMsg: 'requestPayment:fail cancel' }
          return { errMsg: 'requestPayment:fail ' + r.errmsg }
        })
      })
    }
    return
  }

  function ready () {
    window.WeixinJSBridge = {
      invoke: function (name, params, callback) {
        var cb = typeof callback === 'function' ? callback : function () {}
        if (name !== 'getBrandWCPayRequest') {
          setTimeout(function () { cb({ err_msg: name + ':fail not supported by the simulator' }) }, 0)
          return
        }
        cashier('jsapi', params).then(function (r) {
          var res = { err_msg: 'get_brand_wcpay_request:' + r.result }
          if (r.errmsg) res.err_desc = r.errmsg
          cb(res)
        })
      },
      on: function () {},
      call: function () {}
    }
    document.dispatchEvent(new Event('WeixinJSBridgeReady'))
  }
  // As in WeChat, the bridge arrives after the page's own scripts have run (sometimes well after).
  setTimeout(ready, delay > 0 ? delay : 0)
})()
