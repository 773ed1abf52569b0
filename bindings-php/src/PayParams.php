<?php
declare(strict_types=1);

namespace WeChatPay\Core;

use WeChatPay\Core\Keys\ApiV2Key;
use WeChatPay\Core\Keys\PrivateKey;

/**
 * What the front end needs to start a payment (pay_params). Each method returns the
 * parameter object exactly as WeixinJSBridge / wx.requestPayment / the APP SDK take it.
 * With $nonce null, the current time and a random nonce are used.
 */
final class PayParams
{
    private const JSAPI = 0;
    private const MINIPROGRAM = 1;
    private const APP = 2;

    /** @return array<string, string> {appId, timeStamp, nonceStr, package, signType, paySign} */
    public static function jsapi(PrivateKey $key, string $appid, string $prepayId, int $timestamp = 0, ?string $nonce = null): array
    {
        return self::v3($key, self::JSAPI, $appid, null, $prepayId, $timestamp, $nonce);
    }

    /** @return array<string, string> same fields as jsapi() */
    public static function miniprogram(PrivateKey $key, string $appid, string $prepayId, int $timestamp = 0, ?string $nonce = null): array
    {
        return self::v3($key, self::MINIPROGRAM, $appid, null, $prepayId, $timestamp, $nonce);
    }

    /** @return array<string, string> {appid, partnerid, prepayid, package, noncestr, timestamp, sign} */
    public static function app(PrivateKey $key, string $appid, string $mchid, string $prepayId, int $timestamp = 0, ?string $nonce = null): array
    {
        return self::v3($key, self::APP, $appid, $mchid, $prepayId, $timestamp, $nonce);
    }

    /** APIv2 JSAPI parameters ($signType "MD5" or "HMAC-SHA256"). @return array<string, string> */
    public static function jsapiV2(ApiV2Key $key, string $signType, string $appid, string $prepayId, int $timestamp, string $nonce): array
    {
        return self::v2($key, $signType, self::JSAPI, $appid, null, $prepayId, $timestamp, $nonce);
    }

    /** APIv2 APP parameters. @return array<string, string> */
    public static function appV2(ApiV2Key $key, string $signType, string $appid, string $mchid, string $prepayId, int $timestamp, string $nonce): array
    {
        return self::v2($key, $signType, self::APP, $appid, $mchid, $prepayId, $timestamp, $nonce);
    }

    /** The H5 payment URL with redirect_url appended. */
    public static function h5RedirectUrl(string $h5Url, string $redirectUrl): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_pay_params_h5_redirect_url($h5Url, strlen($h5Url), $redirectUrl, strlen($redirectUrl), \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** The OAuth2 authorize URL ($userInfo: snsapi_userinfo instead of snsapi_base). */
    public static function oauth2AuthorizeUrl(string $appid, string $redirectUri, bool $userInfo = false, ?string $state = null): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_pay_params_oauth2_authorize_url(
            $appid, strlen($appid), $redirectUri, strlen($redirectUri), $userInfo ? 1 : 0, $state, $state === null ? 0 : strlen($state), \FFI::addr($out)
        ));
        return Native::takeString($out);
    }

    /** @return array<string, string> */
    private static function v3(PrivateKey $key, int $kind, string $appid, ?string $mchid, string $prepayId, int $timestamp, ?string $nonce): array
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_pay_params_v3(
            $key->ptr, $kind, $appid, strlen($appid), $mchid, $mchid === null ? 0 : strlen($mchid),
            $prepayId, strlen($prepayId), $timestamp, $nonce, $nonce === null ? 0 : strlen($nonce), \FFI::addr($out)
        ));
        return json_decode(Native::takeString($out), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, string> */
    private static function v2(ApiV2Key $key, string $signType, int $kind, string $appid, ?string $mchid, string $prepayId, int $timestamp, string $nonce): array
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_pay_params_v2(
            $key->ptr, $signType, strlen($signType), $kind, $appid, strlen($appid), $mchid, $mchid === null ? 0 : strlen($mchid),
            $prepayId, strlen($prepayId), $timestamp, $nonce, strlen($nonce), \FFI::addr($out)
        ));
        return json_decode(Native::takeString($out), true, 512, JSON_THROW_ON_ERROR);
    }
}
