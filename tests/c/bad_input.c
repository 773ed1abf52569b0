/*
 * Bad input through the C ABI: NULL for every pointer of the main calls,
 * invalid UTF-8, zero and huge lengths, truncated PEM, _free(NULL), outputs
 * untouched on failure, result names, and the last-error message.
 *
 *   bad_input DIR
 */
#include <stdbool.h>

#include "common.h"

static int passed, failed;
#define CHECK(cond, ...) do { if (cond) passed++; else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)
#define EXPECT(expr, code) do { wechatpay_result r_ = (expr); CHECK(r_ == (code), "%s gave %s, expected %s", #expr, wechatpay_result_name(r_), wechatpay_result_name(code)); } while (0)
#define NUL WECHATPAY_RESULT_NULL_PARAMETER

static char dir[2048];
static char *file_text(const char *rel, size_t *len) {
  char p[4096];
  snprintf(p, sizeof p, "%s/%s", dir, rel);
  char *t = slurp(p, len);
  if (!t) { fprintf(stderr, "cannot read %s\n", p); exit(2); }
  return t;
}

int main(int argc, char **argv) {
  const char *d = argc > 1 ? argv[1] : getenv("WECHATPAY_VECTORS");
  snprintf(dir, sizeof dir, "%s", d ? d : "../shared/vectors");
  size_t key_len, cert_len, pub_len;
  char *key_pem = file_text("keys/apiclient_key.pem", &key_len);
  char *cert_pem = file_text("keys/platform_cert.pem", &cert_len);
  char *pub_pem = file_text("keys/wechatpay_pub_key.pem", &pub_len);
  const char *apiv3 = "BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78";

  wechatpay_private_key *key = NULL;
  wechatpay_certificate *cert = NULL;
  wechatpay_public_key *pub = NULL;
  wechatpay_apiv3_key *k3 = NULL;
  EXPECT(wechatpay_private_key_from_pem(key_pem, key_len, &key), WECHATPAY_RESULT_OK);
  EXPECT(wechatpay_certificate_from_pem(cert_pem, cert_len, &cert), WECHATPAY_RESULT_OK);
  EXPECT(wechatpay_public_key_from_pem(pub_pem, pub_len, &pub), WECHATPAY_RESULT_OK);
  EXPECT(wechatpay_apiv3_key_new(apiv3, 32, &k3), WECHATPAY_RESULT_OK);

  /* ---- NULL for every pointer ---- */
  void *sentinel = (void *)0x1;
  wechatpay_private_key *k_out = sentinel;
  EXPECT(wechatpay_private_key_from_pem(NULL, key_len, &k_out), NUL);
  EXPECT(wechatpay_private_key_from_pem(NULL, 0, &k_out), NUL);
  EXPECT(wechatpay_private_key_from_pem(key_pem, key_len, NULL), NUL);
  EXPECT(wechatpay_private_key_from_der(NULL, 1, &k_out), NUL);
  EXPECT(wechatpay_private_key_from_pem_file(NULL, 1, &k_out), NUL);
  CHECK(k_out == sentinel, "out-pointer written on failure");
  wechatpay_certificate *c_out = sentinel;
  EXPECT(wechatpay_private_key_from_pkcs12(NULL, 1, "x", 1, &k_out, &c_out), NUL);
  EXPECT(wechatpay_private_key_from_pkcs12("x", 1, NULL, 1, &k_out, &c_out), NUL);
  EXPECT(wechatpay_private_key_from_pkcs12("x", 1, "x", 1, NULL, &c_out), NUL);
  EXPECT(wechatpay_private_key_from_pkcs12("x", 1, "x", 1, &k_out, NULL), NUL);
  CHECK(k_out == sentinel && c_out == sentinel, "pkcs12 outputs written on failure");
  size_t n;
  EXPECT(wechatpay_private_key_modulus_len(NULL, &n), NUL);
  EXPECT(wechatpay_private_key_modulus_len(key, NULL), NUL);
  char *text = sentinel;
  EXPECT(wechatpay_private_key_sign_sha256_base64(NULL, "m", 1, &text), NUL);
  EXPECT(wechatpay_private_key_sign_sha256_base64(key, NULL, 1, &text), NUL);
  EXPECT(wechatpay_private_key_sign_sha256_base64(key, "m", 1, NULL), NUL);
  bool b;
  EXPECT(wechatpay_private_key_matches(NULL, pub, &b), NUL);
  EXPECT(wechatpay_private_key_matches(key, NULL, &b), NUL);
  EXPECT(wechatpay_private_key_matches(key, pub, NULL), NUL);
  EXPECT(wechatpay_public_key_verify_sha256(NULL, "m", 1, "s", 1), NUL);
  EXPECT(wechatpay_public_key_verify_sha256(pub, NULL, 1, "s", 1), NUL);
  EXPECT(wechatpay_public_key_verify_sha256(pub, "m", 1, NULL, 1), NUL);
  EXPECT(wechatpay_public_key_verify_sha256(pub, "m", 1, "s", 1), WECHATPAY_RESULT_SIGNATURE_MALFORMED);
  EXPECT(wechatpay_public_key_verify_sha256_base64(pub, "m", 1, "!!", 2), WECHATPAY_RESULT_SIGNATURE_MALFORMED);
  CHECK(!strcmp(wechatpay_result_category(WECHATPAY_RESULT_SIGNATURE_INVALID), "VERIFICATION"), "category");
  CHECK(!strcmp(wechatpay_result_category(WECHATPAY_RESULT_NULL_PARAMETER), "INPUT"), "category");
  CHECK(!strcmp(wechatpay_result_category(0), "UNKNOWN"), "category of OK");
  EXPECT(wechatpay_certificate_text(NULL, 0, &text), NUL);
  EXPECT(wechatpay_certificate_text(cert, 0, NULL), NUL);
  EXPECT(wechatpay_certificate_text(cert, 99, &text), WECHATPAY_RESULT_INVALID_ARGUMENT);
  CHECK(text == sentinel, "text written on failure");
  int64_t t1, t2;
  EXPECT(wechatpay_certificate_validity(cert, NULL, &t2), NUL);
  EXPECT(wechatpay_certificate_validity(cert, &t1, NULL), NUL);
  EXPECT(wechatpay_apiv3_key_new(NULL, 32, &k3), NUL);

  wechatpay_signer *signer = NULL;
  EXPECT(wechatpay_signer_new(NULL, 1, "S", 1, key, &signer), NUL);
  EXPECT(wechatpay_signer_new("1", 1, NULL, 1, key, &signer), NUL);
  EXPECT(wechatpay_signer_new("1", 1, "S", 1, NULL, &signer), NUL);
  EXPECT(wechatpay_signer_new("1", 1, "S", 1, key, NULL), NUL);
  EXPECT(wechatpay_signer_new("1900000001", 10, "ABC", 3, key, &signer), WECHATPAY_RESULT_OK);
  wechatpay_signed_request *req = sentinel;
  EXPECT(wechatpay_signer_sign(NULL, "GET", 3, "/", 1, "", 0, &req), NUL);
  EXPECT(wechatpay_signer_sign(signer, NULL, 3, "/", 1, "", 0, &req), NUL);
  EXPECT(wechatpay_signer_sign(signer, "GET", 3, NULL, 1, "", 0, &req), NUL);
  EXPECT(wechatpay_signer_sign(signer, "GET", 3, "/", 1, NULL, 0, &req), NUL);
  EXPECT(wechatpay_signer_sign(signer, "GET", 3, "/", 1, "", 0, NULL), NUL);
  EXPECT(wechatpay_signer_sign_with(signer, "GET", 3, "/", 1, "", 0, 1, NULL, 1, &req), NUL);
  CHECK(req == sentinel, "request written on failure");

  wechatpay_trust_store *store = NULL;
  EXPECT(wechatpay_trust_store_new(NULL), NUL);
  EXPECT(wechatpay_trust_store_new(&store), WECHATPAY_RESULT_OK);
  EXPECT(wechatpay_trust_store_add_certificate(NULL, cert), NUL);
  EXPECT(wechatpay_trust_store_add_certificate(store, NULL), NUL);
  EXPECT(wechatpay_trust_store_add_public_key(store, NULL, 1, pub), NUL);
  EXPECT(wechatpay_trust_store_add_public_key(store, "PUB_KEY_ID_1", 12, NULL), NUL);
  EXPECT(wechatpay_trust_store_add_public_key(store, "NOT_AN_ID", 9, pub), WECHATPAY_RESULT_INVALID_ARGUMENT);
  EXPECT(wechatpay_trust_store_add_certificate(store, cert), WECHATPAY_RESULT_OK);
  wechatpay_verifier *verifier = NULL;
  EXPECT(wechatpay_verifier_new(NULL, 300, &verifier), NUL);
  EXPECT(wechatpay_verifier_new(store, 300, NULL), NUL);
  EXPECT(wechatpay_verifier_new(store, 300, &verifier), WECHATPAY_RESULT_OK);

  const char *names[] = {"Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial", "Wechatpay-Signature"};
  size_t name_lens[] = {19, 15, 16, 19};
  const char *values[] = {"1700000000", "n", "ABC", "c2ln"};
  size_t value_lens[] = {10, 1, 3, 4};
  wechatpay_headers *h = sentinel;
  EXPECT(wechatpay_headers_from_pairs(NULL, name_lens, values, value_lens, 4, &h), NUL);
  EXPECT(wechatpay_headers_from_pairs(names, NULL, values, value_lens, 4, &h), NUL);
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, NULL, value_lens, 4, &h), NUL);
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, values, NULL, 4, &h), NUL);
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, values, value_lens, 4, NULL), NUL);
  const char *names_with_null[] = {"Wechatpay-Timestamp", NULL, "Wechatpay-Serial", "Wechatpay-Signature"};
  EXPECT(wechatpay_headers_from_pairs(names_with_null, name_lens, values, value_lens, 4, &h), NUL);
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, values, value_lens, 3, &h), WECHATPAY_RESULT_HEADER_MISSING);
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, values, value_lens, 0, &h), WECHATPAY_RESULT_HEADER_MISSING);
  CHECK(h == sentinel, "headers written on failure");
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, values, value_lens, 4, &h), WECHATPAY_RESULT_OK);
  EXPECT(wechatpay_verifier_verify_at(NULL, h, "", 0, 1700000000), NUL);
  EXPECT(wechatpay_verifier_verify_at(verifier, NULL, "", 0, 1700000000), NUL);
  EXPECT(wechatpay_verifier_verify_at(verifier, h, NULL, 0, 1700000000), NUL);
  EXPECT(wechatpay_verifier_verify_at(verifier, h, "", 0, 1700000000), WECHATPAY_RESULT_SERIAL_UNKNOWN);

  wechatpay_callback_parser *parser = NULL;
  EXPECT(wechatpay_callback_parser_new(NULL, k3, &parser), NUL);
  EXPECT(wechatpay_callback_parser_new(verifier, NULL, &parser), NUL);
  EXPECT(wechatpay_callback_parser_new(verifier, k3, NULL), NUL);
  EXPECT(wechatpay_callback_parser_new(verifier, k3, &parser), WECHATPAY_RESULT_OK);
  wechatpay_callback_event *event = sentinel;
  EXPECT(wechatpay_callback_parser_parse_at(NULL, names, name_lens, values, value_lens, 4, "{}", 2, 1, &event), NUL);
  EXPECT(wechatpay_callback_parser_parse_at(parser, NULL, name_lens, values, value_lens, 4, "{}", 2, 1, &event), NUL);
  EXPECT(wechatpay_callback_parser_parse_at(parser, names, name_lens, values, value_lens, 4, NULL, 2, 1, &event), NUL);
  EXPECT(wechatpay_callback_parser_parse_at(parser, names, name_lens, values, value_lens, 4, "{}", 2, 1, NULL), NUL);
  CHECK(event == sentinel, "event written on failure");
  uint16_t status;
  const char *ack;
  EXPECT(wechatpay_acknowledgement(true, NULL, &ack), NUL);
  EXPECT(wechatpay_acknowledgement(true, &status, NULL), NUL);
  EXPECT(wechatpay_acknowledgement(false, &status, &ack), WECHATPAY_RESULT_OK);
  CHECK(status == 500 && strstr(ack, "FAIL"), "failure acknowledgement");

  uint8_t *bytes = sentinel;
  size_t bytes_len = 7;
  EXPECT(wechatpay_resource_decrypt(NULL, "n", 1, "", 0, "c", 1, &bytes, &bytes_len), NUL);
  EXPECT(wechatpay_resource_decrypt(k3, NULL, 1, "", 0, "c", 1, &bytes, &bytes_len), NUL);
  EXPECT(wechatpay_resource_decrypt(k3, "n", 1, NULL, 0, "c", 1, &bytes, &bytes_len), NUL);
  EXPECT(wechatpay_resource_decrypt(k3, "n", 1, "", 0, NULL, 1, &bytes, &bytes_len), NUL);
  EXPECT(wechatpay_resource_decrypt(k3, "n", 1, "", 0, "c", 1, NULL, &bytes_len), NUL);
  EXPECT(wechatpay_resource_decrypt(k3, "n", 1, "", 0, "c", 1, &bytes, NULL), NUL);
  EXPECT(wechatpay_resource_decrypt(k3, "n", 1, "", 0, "c", 1, &bytes, &bytes_len), WECHATPAY_RESULT_NONCE_LENGTH);
  EXPECT(wechatpay_resource_decrypt(k3, "0123456789ab", 12, "", 0, "", 0, &bytes, &bytes_len),
         WECHATPAY_RESULT_CIPHERTEXT_LENGTH);
  CHECK(bytes == sentinel && bytes_len == 7, "bytes written on failure");

  /* ---- invalid UTF-8 ---- */
  { wechatpay_signer *s2 = sentinel; EXPECT(wechatpay_signer_new("\xff\xfe", 2, "S", 1, key, &s2), WECHATPAY_RESULT_INVALID_UTF8); CHECK(s2 == sentinel, "signer written"); }
  EXPECT(wechatpay_signer_sign(signer, "GET", 3, "/\xc3", 2, "", 0, &req), WECHATPAY_RESULT_INVALID_UTF8);
  const char *bad_values[] = {"1700000000", "n\xff", "ABC", "c2ln"};
  size_t bad_lens[] = {10, 2, 3, 4};
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, bad_values, bad_lens, 4, &h), WECHATPAY_RESULT_INVALID_UTF8);
  EXPECT(wechatpay_private_key_from_pem_file("\xff.pem", 5, &k_out), WECHATPAY_RESULT_INVALID_UTF8);
  CHECK(!strcmp(wechatpay_result_name(WECHATPAY_RESULT_INVALID_UTF8), "INVALID_UTF8"), "INVALID_UTF8 name");

  /* ---- zero and huge lengths ---- */
  EXPECT(wechatpay_private_key_from_pem(key_pem, 0, &k_out), WECHATPAY_RESULT_KEY_FORMAT);
  EXPECT(wechatpay_certificate_from_der(cert_pem, 0, &c_out), WECHATPAY_RESULT_CERTIFICATE_FORMAT);
  EXPECT(wechatpay_apiv3_key_new(apiv3, 0, &k3), WECHATPAY_RESULT_SECRET_LENGTH);
  EXPECT(wechatpay_apiv3_key_new(apiv3, 31, &k3), WECHATPAY_RESULT_SECRET_LENGTH);
  EXPECT(wechatpay_private_key_from_pem(key_pem, SIZE_MAX, &k_out), WECHATPAY_RESULT_INVALID_ARGUMENT);
  EXPECT(wechatpay_signer_sign(signer, "GET", 3, "/", 1, "", SIZE_MAX, &req), WECHATPAY_RESULT_INVALID_ARGUMENT);
  EXPECT(wechatpay_headers_from_pairs(names, name_lens, values, value_lens, SIZE_MAX, &h),
         WECHATPAY_RESULT_INVALID_ARGUMENT);
  size_t big_len = 16u << 20;
  char *big = malloc(big_len);
  memset(big, 'A', big_len);
  EXPECT(wechatpay_private_key_from_pem(big, big_len, &k_out), WECHATPAY_RESULT_KEY_FORMAT);
  EXPECT(wechatpay_certificate_from_pem(big, big_len, &c_out), WECHATPAY_RESULT_CERTIFICATE_FORMAT);
  wechatpay_sensitive_encryptor *enc = NULL;
  EXPECT(wechatpay_sensitive_encryptor_from_certificate(cert, &enc), WECHATPAY_RESULT_OK);
  EXPECT(wechatpay_sensitive_encryptor_encrypt(enc, big, 1000, &text), WECHATPAY_RESULT_PLAINTEXT_TOO_LONG);
  EXPECT(wechatpay_resource_decrypt(k3, "0123456789ab", 12, "", 0, big, big_len, &bytes, &bytes_len),
         WECHATPAY_RESULT_DECRYPT_FAILED);
  wechatpay_signed_request *big_req = NULL;
  EXPECT(wechatpay_signer_sign(signer, "POST", 4, "/v3/x", 5, big, big_len, &big_req), WECHATPAY_RESULT_OK);
  wechatpay_signed_request_free(big_req);
  free(big);
  CHECK(k_out == sentinel && c_out == sentinel, "outputs written on failure");

  /* ---- truncated PEM ---- */
  for (size_t cut = 1; cut < key_len; cut += key_len / 7) {
    EXPECT(wechatpay_private_key_from_pem(key_pem, cut, &k_out), WECHATPAY_RESULT_KEY_FORMAT);
  }
  EXPECT(wechatpay_certificate_from_pem(cert_pem, cert_len / 2, &c_out), WECHATPAY_RESULT_CERTIFICATE_FORMAT);
  EXPECT(wechatpay_certificate_from_pem(key_pem, key_len, &c_out), WECHATPAY_RESULT_CERTIFICATE_FORMAT);
  EXPECT(wechatpay_private_key_from_pem(cert_pem, cert_len, &k_out), WECHATPAY_RESULT_KEY_FORMAT);
  EXPECT(wechatpay_private_key_from_pem_file("/nonexistent/key.pem", 20, &k_out), WECHATPAY_RESULT_IO);
  CHECK(k_out == sentinel && c_out == sentinel, "outputs written on failure");

  /* ---- messages: present, and free of secrets ---- */
  EXPECT(wechatpay_apiv3_key_new("SECRETSECRETSECRETSECRETSECRET", 30, &k3), WECHATPAY_RESULT_SECRET_LENGTH);
  const char *msg = wechatpay_last_error_message();
  CHECK(msg && *msg && !strstr(msg, "SECRETSECRET"), "message without the secret: %s", msg);
  char small[4];
  size_t written = 99;
  EXPECT(wechatpay_last_error_copy(small, sizeof small, &written), WECHATPAY_RESULT_BUFFER_TOO_SMALL);
  CHECK(written == 99, "written on failure");
  char buf[512];
  EXPECT(wechatpay_last_error_copy(buf, sizeof buf, &written), WECHATPAY_RESULT_OK);
  CHECK(written == strlen(buf) && !strcmp(buf, wechatpay_last_error_message()), "copied message");
  EXPECT(wechatpay_last_error_copy(NULL, 4, &written), NUL);

  /* ---- result names ---- */
  CHECK(!strcmp(wechatpay_result_name(0), "OK"), "OK name");
  CHECK(!strcmp(wechatpay_result_name(WECHATPAY_RESULT_SIGNATURE_PROBE), "SIGNATURE_PROBE"), "probe name");
  CHECK(!strcmp(wechatpay_result_name(WECHATPAY_RESULT_NULL_PARAMETER), "NULL_PARAMETER"), "null name");
  CHECK(!strcmp(wechatpay_result_name(WECHATPAY_RESULT_PANIC), "PANIC"), "panic name");
  CHECK(!strcmp(wechatpay_result_name(999), "UNKNOWN"), "unknown name");
  CHECK(!strcmp(wechatpay_result_name(UINT32_MAX), "UNKNOWN"), "unknown name");
  CHECK(!strcmp(wechatpay_version(), WECHATPAY_VERSION), "version %s", wechatpay_version());
  CHECK(wechatpay_backend_name() && *wechatpay_backend_name(), "backend name");

  /* ---- _free(NULL) for every handle type, and the buffers ---- */
  wechatpay_private_key_free(NULL);
  wechatpay_public_key_free(NULL);
  wechatpay_certificate_free(NULL);
  wechatpay_apiv3_key_free(NULL);
  wechatpay_apiv2_key_free(NULL);
  wechatpay_signer_free(NULL);
  wechatpay_signed_request_free(NULL);
  wechatpay_trust_store_free(NULL);
  wechatpay_headers_free(NULL);
  wechatpay_verifier_free(NULL);
  wechatpay_callback_parser_free(NULL);
  wechatpay_callback_event_free(NULL);
  wechatpay_sensitive_encryptor_free(NULL);
  wechatpay_sensitive_decryptor_free(NULL);
  wechatpay_media_upload_free(NULL);
  wechatpay_bill_verifier_free(NULL);
  wechatpay_certificate_list_free(NULL);
  wechatpay_api_error_free(NULL);
  wechatpay_v2_params_free(NULL);
  wechatpay_string_free(NULL);
  wechatpay_bytes_free(NULL, 0);
  wechatpay_bytes_free(NULL, 12345);
  passed++;

  wechatpay_sensitive_encryptor_free(enc);
  wechatpay_callback_parser_free(parser);
  wechatpay_headers_free(h);
  wechatpay_verifier_free(verifier);
  wechatpay_trust_store_free(store);
  wechatpay_signer_free(signer);
  wechatpay_apiv3_key_free(k3);
  wechatpay_public_key_free(pub);
  wechatpay_certificate_free(cert);
  wechatpay_private_key_free(key);
  free(key_pem);
  free(cert_pem);
  free(pub_pem);
  printf("bad_input: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
