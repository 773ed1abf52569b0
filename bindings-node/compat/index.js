// wechatpay-core/compat: a drop-in for wechatpay-axios-plugin 0.9.x (same exports),
// with every signature, verification, cipher and hash computed by the native core.
module.exports = require('./lib/wechatpay');

module.exports.Wechatpay = module.exports;
module.exports.default = module.exports;

module.exports.Rsa = require('./lib/rsa');
module.exports.Aes = require('./lib/aes');
module.exports.Hash = require('./lib/hash');
module.exports.Multipart = require('./lib/multipart');
module.exports.Formatter = require('./lib/formatter');
module.exports.Transformer = require('./lib/transformer');
module.exports.Decorator = require('./lib/decorator');

module.exports.FormData = module.exports.Multipart.FormData;
