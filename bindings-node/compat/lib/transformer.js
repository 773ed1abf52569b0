// Transformer of wechatpay-axios-plugin 0.9.6 (MIT, TheNorthMemory). The
// APIv2 XML is read by the core's parser (`v2.decodeXml`: flat `<xml>`,
// values exactly as written, no DOCTYPE/entities/nesting/duplicates) and the
// signs are computed by the core (through Hash); see docs/compat.md.
const assert = require('assert');
const https = require('https');
const utils = require('./utils');
const Hash = require('./hash');
const Formatter = require('./formatter');
const { core } = require('./native');

const SECRET = Symbol('SECRET');
const MCHID = Symbol('MCHID');
const SUCCESS = 'SUCCESS';
const NONCELESS = [
  '/cgi-bin/mch/customs/customdeclareorder',
  '/cgi-bin/mch/customs/customdeclarequery',
  '/cgi-bin/mch/newcustoms/customdeclareredeclare',
  '/papay/deletecontract',
  '/papay/h5entrustweb',
  '/papay/preentrustweb',
  '/papay/querycontract',
  '/papay/partner/h5entrustweb',
  '/papay/partner/preentrustweb',
  '/papay/partner/querycontract',
  '/pay/queryexchagerate',
  '/secapi/mch/addInstitutionsub',
  '/secapi/mch/addsubdevconfig',
  '/secapi/mch/channelsetting',
  '/secapi/mch/modifyInstitutionsub',
  '/secapi/mch/modifymchinfo',
  '/secapi/mch/queryInstitutionsub',
  '/secapi/mch/querysubdevconfig',
];
const SIGNLESS = [
  '/appauth/getaccesstoken',
  '/mchrisk/querymchrisk',
  '/mchrisk/setmchriskcallback',
  '/mchrisk/syncmchriskresult',
  '/mmpaymkttransfers/gethbinfo',
  '/mmpaymkttransfers/gettransferinfo',
  '/mmpaymkttransfers/promotion/paywwsptrans2pocket',
  '/mmpaymkttransfers/promotion/querywwsptrans2pocket',
  '/mmpaymkttransfers/promotion/transfers',
  '/mmpaymkttransfers/sendminiprogramhb',
  '/mmpaymkttransfers/sendredpack',
  '/mmpaysptrans/pay_bank',
  '/mmpaysptrans/query_bank',
  '/papay/entrustweb',
  '/papay/h5entrustweb',
  '/papay/partner/entrustweb',
  '/papay/partner/h5entrustweb',
  '/pay/downloadbill',
  '/pay/downloadfundflow',
  '/payitil/report',
  '/risk/getpublickey',
  '/risk/getviolation',
  '/secapi/mch/submchmanage',
  '/xdc/apiv2getsignkey/sign/getsignkey',
];

const CDATA = /[>'&"<]/;

function textOf(value) {
  const text = `${value}`;
  return CDATA.test(text) ? `<![CDATA[${text}]]>` : text;
}

function element(name, inner) { return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`; }

/* eslint-disable no-use-before-define */
function members(object) {
  return Object.keys(object).map((key) => (key === '#text' ? textOf(object[key]) : node(key, object[key]))).join('');
}

/** One element as the plugin's XML builder writes it (empty ones as `<name/>`, CDATA for markup characters). */
function node(name, value) {
  if (value === undefined) { return ''; }
  if (value === null) { return `<${name}/>`; }
  if (Array.isArray(value)) {
    // The plugin's builder writes the null items first.
    const nulls = value.filter((item) => item === null).map(() => `<${name}/>`).join('');
    return nulls + value.filter((item) => item !== null).map((item) => {
      if (item === undefined) { return ''; }
      return Array.isArray(item) ? element(name, members(item)) : node(name, item);
    }).join('');
  }
  if (typeof value === 'object' && !(value instanceof Date)) { return element(name, members(value)); }
  return element(name, textOf(value));
}
/* eslint-enable no-use-before-define */

/**
 * Translation the XML string to the javascript's object.
 * @param {string} xml - XML string
 * @return {object} - Parsed as object for xml
 */
function parse(xml) {
  if (utils.isStream(xml) || xml === undefined) { return xml; }

  if (utils.isBuffer(xml) && !xml.byteLength) { return null; }

  if (utils.isString(this.url) && utils.absPath(this.url) === SIGNLESS[0]) {
    return JSON.parse(xml);
  }

  // What is not markup at all (a CSV bill, an empty body) is no object, as in the plugin.
  const text = utils.isBuffer(xml) ? xml.toString() : xml;
  if (utils.isString(text) && !text.trimStart().startsWith('<')) { return undefined; }

  const obj = core.v2.decodeXml(xml);

  return Object.keys(obj).length ? obj : '';
}

function isGetRequest(thing) { return utils.isObject(thing) && utils.isString(thing.method) && thing.method.toUpperCase() === 'GET'; }

/**
 * Translation the javascript's object to the XML string
 * @param {object} data - The API request parameters
 * @return {string} - XML string
 */
function stringify(data) {
  if (utils.isBuffer(data) || utils.isStream(data) || isGetRequest(this)) { return data; }
  if (!utils.isObject(data) && !utils.isString(data)) { throw new TypeError('The input is required.'); }

  return node('xml', data);
}

/**
 * An Axios customizaton transform.
 */
class Transformer {
  /**
   * @param {string} mchid - The merchant ID
   * @param {string|Buffer} secret - The merchant secret key
   */
  constructor(mchid, secret) {
    this[MCHID] = mchid;
    this[SECRET] = secret;
  }

  get signer() {
    const key = this[SECRET];
    const mch = this[MCHID];

    return function signer(data) {
      if (this.security && utils.isObject(this.merchant) && utils.isString(this.baseURL) && this.baseURL.startsWith('https://')) {
        Reflect.set(this, 'httpsAgent', new https.Agent(this.merchant));
      }
      if (utils.isObject(this.merchant)) { Reflect.deleteProperty(this, 'merchant'); }

      const methodIsGet = isGetRequest(this);
      if (!methodIsGet && data === undefined) { throw new TypeError('The payload(data) must be an object or Buffer or Stream.'); }
      if (!methodIsGet && !utils.isObject(data)) { return data; }

      const inter = methodIsGet ? new URLSearchParams(this.params) : new Map(Object.entries(data));

      const mchid = inter.get('mch_id') || inter.get('mchid') || inter.get('combine_mch_id');
      if (mch) {
        assert.ok(mch === mchid, `The ${methodIsGet ? 'params' : 'data'}'s merchant ID(${mchid}) doesn't matched the init one(${mch})`);
      }

      if (!(this.nonceless && NONCELESS.includes(utils.absPath(this.url))) && !inter.has('nonce_str')) {
        inter.set('nonce_str', Formatter.nonce());
      }

      const type = inter.get('sign_type');
      inter.set('sign', Hash.sign(
        [Hash.ALGO_MD5, Hash.ALGO_HMAC_SHA256].includes(type) ? type : Hash.ALGO_MD5, Object.fromEntries(inter.entries()), key,
      ));

      if (methodIsGet) { Reflect.set(this, 'params', inter); return data; }

      return Object.fromEntries(inter.entries());
    };
  }

  get verifier() {
    const key = this[SECRET];

    return function verifier(data, headers, status) {
      const pathname = utils.isString(this.url) && utils.absPath(this.url);
      if (pathname === SIGNLESS[0] && utils.isObject(data) && data.retcode !== 0) {
        return utils.buildBusinessError(
          { data, headers, status },
          'Verify the response\'s data is failed because %s\'s value is %s.',
          'EV2_RES_RESULT_CODE_NOT_MATCHED',
          'retcode', data.retcode,
        );
      }
      if (pathname !== SIGNLESS[0] && utils.isObject(data)
        && (data.return_code !== SUCCESS || (Object.prototype.hasOwnProperty.call(data, 'result_code') && data.result_code !== SUCCESS))) {
        return utils.buildBusinessError(
          { data, headers, status },
          'Verify the response\'s data is failed because %s\'s value is %s.',
          'EV2_RES_STATUS_CODE_NOT_SUCESS',
          ...(
            data.return_code !== SUCCESS
              ? ['return_code', data.return_code]
              : ['result_code', data.result_code]
          ),
        );
      }
      if (SIGNLESS.includes(pathname)) {
        return data;
      }

      const type = data && data.sign && data.sign.length === 64 ? Hash.ALGO_HMAC_SHA256 : Hash.ALGO_MD5;
      const sign = Hash.sign(type, data, key);
      if (!Hash.equals(sign, data.sign)) {
        return utils.buildBusinessError(
          { data, headers, status },
          'The response\'s sign(%s) doesn\'t matched the local calculated(%s).',
          'EV2_RES_SIGNATURE_NOT_EQUAL',
          data.sign,
          sign,
        );
      }

      return data;
    };
  }

  get request() { return [this.signer, stringify]; }

  get response() { return [parse, this.verifier]; }

  static toObject = parse

  static toXml = stringify

  static get default() { return this; }
}

module.exports = Transformer;
