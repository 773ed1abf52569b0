from typing import List, Optional

from ._native import ApiV3Key, _Buffer, Certificate, _Headers, _Time, Verifier

def decrypt_certificates(body: _Buffer, apiv3_key: ApiV3Key) -> List[Certificate]: ...
def download_response(
    headers: _Headers,
    body: _Buffer,
    apiv3_key: ApiV3Key,
    verifier: Verifier,
    now: Optional[_Time] = None,
) -> List[Certificate]: ...
def certificates_body(apiv3_key: ApiV3Key, certs: List[Certificate]) -> str: ...
