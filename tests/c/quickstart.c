/*
 * The C quick start of docs/c.md: sign a request, then verify and decrypt a
 * callback. Built against the *installed* library with
 *   cc quickstart.c $(pkg-config --cflags --libs wechatpay)
 * and run as `quickstart VECTORS_DIR` (it takes its keys and one callback from there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wechatpay.h>

#define TRY(call) do { wechatpay_result r_ = (call); if (r_ != WECHATPAY_RESULT_OK) { \
  fprintf(stderr, "%s failed: %s: %s\n", #call, wechatpay_result_name(r_), wechatpay_last_error_message()); \
  return 1; } } while (0)

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/work/shared/vectors";
  char path[4096];

  /* 1. Sign a request: load the merchant key once, share the signer between threads. */
  snprintf(path, sizeof path, "%s/keys/apiclient_key.pem", dir);
  wechatpay_private_key *key = NULL;
  TRY(wechatpay_private_key_from_pem_file(path, strlen(path), &key));
  const char *mchid = "1900000001", *serial = "296D147D571B14F7E5D66631C45FC6E6DEEA77EC";
  wechatpay_signer *signer = NULL;
  TRY(wechatpay_signer_new(mchid, strlen(mchid), serial, strlen(serial), key, &signer));
  wechatpay_private_key_free(key); /* the signer keeps what it needs */

  const char *url = "/v3/pay/transactions/jsapi", *body = "{\"appid\":\"wxd678efh567hg6787\"}";
  wechatpay_signed_request *request = NULL;
  TRY(wechatpay_signer_sign(signer, "POST", 4, url, strlen(url), body, strlen(body), &request));
  char *authorization = NULL;
  TRY(wechatpay_signed_request_text(request, WECHATPAY_SIGNED_FIELD_AUTHORIZATION, &authorization));
  printf("Authorization: %.60s...\n", authorization);
  int ok = strncmp(authorization, "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\"", 44) == 0;
  wechatpay_string_free(authorization);
  wechatpay_signed_request_free(request);
  wechatpay_signer_free(signer);

  /* 2. A callback: trust store -> verifier -> parser; headers as name/value arrays. */
  snprintf(path, sizeof path, "%s/keys/platform_cert.pem", dir);
  wechatpay_certificate *platform = NULL;
  TRY(wechatpay_certificate_from_pem_file(path, strlen(path), &platform));
  wechatpay_trust_store *store = NULL;
  TRY(wechatpay_trust_store_new(&store));
  TRY(wechatpay_trust_store_add_certificate(store, platform));
  wechatpay_certificate_free(platform);
  wechatpay_verifier *verifier = NULL;
  TRY(wechatpay_verifier_new(store, 300, &verifier));
  wechatpay_apiv3_key *apiv3 = NULL;
  TRY(wechatpay_apiv3_key_new("BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78", 32, &apiv3));
  wechatpay_callback_parser *parser = NULL;
  TRY(wechatpay_callback_parser_new(verifier, apiv3, &parser));

  /* A tampered callback is rejected with a reason, and the answer makes WeChat Pay retry. */
  const char *names[] = {"Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial", "Wechatpay-Signature"};
  size_t name_lens[] = {19, 15, 16, 19};
  const char *values[] = {"1700000000", "nonce", "UNKNOWN_SERIAL", "c2lnbmF0dXJl"};
  size_t value_lens[] = {10, 5, 14, 12};
  const char *callback = "{\"id\":\"x\"}";
  wechatpay_callback_event *event = NULL;
  wechatpay_result r = wechatpay_callback_parser_parse(parser, names, name_lens, values, value_lens, 4, callback,
                                                       strlen(callback), &event);
  uint16_t status;
  const char *answer;
  TRY(wechatpay_acknowledgement(r == WECHATPAY_RESULT_OK, &status, &answer));
  printf("callback: %s -> HTTP %u %s\n", wechatpay_result_name(r), status, answer);
  ok = ok && r != WECHATPAY_RESULT_OK && !strcmp(wechatpay_result_category(r), "VERIFICATION") && status == 500 && event == NULL;

  wechatpay_callback_parser_free(parser);
  wechatpay_apiv3_key_free(apiv3);
  wechatpay_verifier_free(verifier);
  wechatpay_trust_store_free(store);
  printf("libwechatpay %s (%s): %s\n", wechatpay_version(), wechatpay_backend_name(), ok ? "ok" : "UNEXPECTED");
  return ok ? 0 : 1;
}
