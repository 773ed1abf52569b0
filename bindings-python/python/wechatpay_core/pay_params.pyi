from typing import Dict, Optional

from ._native import PrivateKey
from ._native import ApiV2Key

def jsapi(
    private_key: PrivateKey, appid: str, prepay_id: str, *, timestamp: Optional[int] = None, nonce_str: Optional[str] = None
) -> Dict[str, str]: ...
def miniprogram(
    private_key: PrivateKey, appid: str, prepay_id: str, *, timestamp: Optional[int] = None, nonce_str: Optional[str] = None
) -> Dict[str, str]: ...
def app(
    private_key: PrivateKey,
    appid: str,
    mchid: str,
    prepay_id: str,
    *,
    timestamp: Optional[int] = None,
    nonce_str: Optional[str] = None,
) -> Dict[str, str]: ...
def jsapi_v2(
    apiv2_key: ApiV2Key,
    sign_type: str,
    appid: str,
    prepay_id: str,
    *,
    timestamp: Optional[int] = None,
    nonce_str: Optional[str] = None,
) -> Dict[str, str]: ...
def app_v2(
    apiv2_key: ApiV2Key,
    sign_type: str,
    appid: str,
    mchid: str,
    prepay_id: str,
    *,
    timestamp: Optional[int] = None,
    nonce_str: Optional[str] = None,
) -> Dict[str, str]: ...
def h5_redirect_url(h5_url: str, redirect_url: str) -> str: ...
def oauth2_authorize_url(
    appid: str, redirect_uri: str, scope: str = "snsapi_base", state: Optional[str] = None
) -> str: ...
