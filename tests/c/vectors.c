/*
 * The shared vector suite through libwechatpay, mirroring core/tests/conformance.rs
 * case by case and as strictly: an unknown file, case field or kind is a failure,
 * never a skip. Prints "c: N passed, M failed"; exits 1 when M > 0.
 *
 *   vectors [DIR]   (default: $WECHATPAY_VECTORS, else ../shared/vectors)
 */
#include <dirent.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "common.h"

/* ---- per-case failure and cleanup ------------------------------------------ */

static jmp_buf case_jmp;
static char why[1024];

typedef struct { void (*fn)(void *); void *ptr; uint8_t *bytes; size_t len; } tracked;
static tracked track_list[256];
static size_t track_count;

static void track(void *ptr, void (*fn)(void *)) {
  if (!ptr) return;
  if (track_count == sizeof track_list / sizeof *track_list) { fprintf(stderr, "track list full\n"); abort(); }
  track_list[track_count++] = (tracked){fn, ptr, NULL, 0};
}
static void track_bytes(uint8_t *ptr, size_t len) {
  if (!ptr) return;
  track_list[track_count++] = (tracked){NULL, NULL, ptr, len};
}
static void release_all(void) {
  while (track_count) {
    tracked t = track_list[--track_count];
    if (t.bytes) wechatpay_bytes_free(t.bytes, t.len);
    else t.fn(t.ptr);
  }
}

static void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  longjmp(case_jmp, 1);
}
#define ENSURE(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)
#define CALL(expr) do { wechatpay_result r_ = (expr); \
    if (r_ != WECHATPAY_RESULT_OK) fail("%s: %s: %s", #expr, wechatpay_result_name(r_), wechatpay_last_error_message()); } while (0)

#define FREE_FN(f) ((void (*)(void *))(f))

/* ---- JSON field access (as the Rust runner's s / opt_s / valid) --------------- */

static const char *s(const cJSON *c, const char *field) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, field);
  if (!cJSON_IsString(v)) fail("field `%s` missing or not a string", field);
  return v->valuestring;
}
static const char *opt_s(const cJSON *c, const char *field) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, field);
  if (!v || cJSON_IsNull(v)) return NULL;
  if (!cJSON_IsString(v)) fail("field `%s` is not a string or null", field);
  return v->valuestring;
}
static bool get_bool(const cJSON *c, const char *field) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, field);
  if (!cJSON_IsBool(v)) fail("field `%s` missing", field);
  return cJSON_IsTrue(v);
}
static bool valid(const cJSON *c) { return get_bool(c, "valid"); }
static int64_t unix_s(const char *text) {
  int64_t v;
  if (parse_i64(text, &v)) fail("`%s` is not Unix seconds", text);
  return v;
}
static int64_t rfc(const char *text) {
  int64_t v;
  if (rfc3339(text, &v)) fail("`%s` is not YYYY-MM-DDTHH:MM:SSZ", text);
  return v;
}
static cJSON *parse_json(const char *text) {
  cJSON *j = cJSON_Parse(text);
  if (!j) fail("library output is not JSON: %s", text);
  track(j, FREE_FN(cJSON_Delete));
  return j;
}
static uint8_t *b64(const char *text, size_t *len) {
  uint8_t *raw = b64decode(text, len);
  if (raw) track(raw, free);
  return raw;
}

/* ---- the suite --------------------------------------------------------------- */

static char dir[4096];
static wechatpay_trust_store *trust;

static const char *path(const char *relative) {
  static char buf[8][8192];
  static int next;
  char *out = buf[next++ % 8];
  snprintf(out, 8192, "%s/%s", dir, relative);
  return out;
}

static wechatpay_private_key *private_key(const cJSON *c, const char *field) {
  const char *p = path(s(c, field));
  wechatpay_private_key *key = NULL;
  wechatpay_result r = wechatpay_private_key_from_pem_file(p, strlen(p), &key);
  if (r) fail("%s: %s", field, wechatpay_last_error_message());
  track(key, FREE_FN(wechatpay_private_key_free));
  return key;
}
static wechatpay_public_key *public_key_file(const char *relative) {
  const char *p = path(relative);
  wechatpay_public_key *key = NULL;
  wechatpay_result r = wechatpay_public_key_from_pem_file(p, strlen(p), &key);
  if (r) fail("%s: %s", relative, wechatpay_last_error_message());
  track(key, FREE_FN(wechatpay_public_key_free));
  return key;
}
static wechatpay_public_key *public_key(const cJSON *c, const char *field) { return public_key_file(s(c, field)); }

static char *tracked_str(char *text) { track(text, FREE_FN(wechatpay_string_free)); return text; }

static bool verifies(const wechatpay_public_key *key, const char *message, const char *sig_b64) {
  size_t sig_len;
  uint8_t *sig = b64(sig_b64, &sig_len);
  if (!sig) return false;
  return wechatpay_public_key_verify_sha256(key, message, strlen(message), (const char *)sig, sig_len) ==
         WECHATPAY_RESULT_OK;
}

/* Header pairs of a case, as parallel arrays (pointers into the cJSON tree). */
typedef struct { const char *names[16]; size_t name_lens[16]; const char *values[16]; size_t value_lens[16]; size_t count; } pairs;
static pairs headers_of(const cJSON *c) {
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(c, "headers");
  if (!cJSON_IsObject(h)) fail("field `headers` missing");
  pairs p = {0};
  const cJSON *item;
  cJSON_ArrayForEach(item, h) {
    if (!cJSON_IsString(item)) fail("header %s not a string", item->string);
    if (p.count == 16) fail("too many headers");
    p.names[p.count] = item->string;
    p.name_lens[p.count] = strlen(item->string);
    p.values[p.count] = item->valuestring;
    p.value_lens[p.count] = strlen(item->valuestring);
    p.count++;
  }
  return p;
}
static wechatpay_headers *headers_handle(const pairs *p) {
  wechatpay_headers *h = NULL;
  CALL(wechatpay_headers_from_pairs(p->names, p->name_lens, p->values, p->value_lens, p->count, &h));
  track(h, FREE_FN(wechatpay_headers_free));
  return h;
}

static void load_suite(void) {
  size_t len;
  char *text = slurp(path("keys/trust_store.json"), &len);
  if (!text) { fprintf(stderr, "cannot read %s\n", path("keys/trust_store.json")); exit(2); }
  cJSON *store = cJSON_Parse(text);
  free(text);
  if (!store) { fprintf(stderr, "trust_store.json is not JSON\n"); exit(2); }
  if (wechatpay_trust_store_new(&trust)) exit(2);
  const cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(store, "certificates")) {
    const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "file"));
    const char *serial = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "serial_no"));
    wechatpay_certificate *cert = NULL;
    const char *p = file ? path(file) : "";
    char *ours = NULL;
    if (!file || !serial || wechatpay_certificate_from_pem_file(p, strlen(p), &cert) ||
        wechatpay_certificate_text(cert, WECHATPAY_CERTIFICATE_FIELD_SERIAL_NO, &ours) || strcmp(ours, serial) ||
        wechatpay_trust_store_add_certificate(trust, cert)) {
      fprintf(stderr, "trust store certificate %s: %s\n", file ? file : "?", wechatpay_last_error_message());
      exit(2);
    }
    wechatpay_string_free(ours);
    wechatpay_certificate_free(cert);
  }
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(store, "public_keys")) {
    const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "file"));
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "id"));
    wechatpay_public_key *key = NULL;
    const char *p = file ? path(file) : "";
    if (!file || !id || wechatpay_public_key_from_pem_file(p, strlen(p), &key) ||
        wechatpay_trust_store_add_public_key(trust, id, strlen(id), key)) {
      fprintf(stderr, "trust store key %s: %s\n", file ? file : "?", wechatpay_last_error_message());
      exit(2);
    }
    wechatpay_public_key_free(key);
  }
  cJSON_Delete(store);
}

/* ---- one runner per file ------------------------------------------------------ */

static void request_sign(const cJSON *c) {
  wechatpay_private_key *key = private_key(c, "key_file");
  wechatpay_public_key *cert = public_key(c, "cert_file");
  const char *mchid = s(c, "mchid"), *serial = s(c, "serial_no");
  wechatpay_signer *signer = NULL;
  CALL(wechatpay_signer_new(mchid, strlen(mchid), serial, strlen(serial), key, &signer));
  track(signer, FREE_FN(wechatpay_signer_free));
  const char *method = s(c, "method"), *url = s(c, "url"), *body = s(c, "body"), *nonce = s(c, "nonce_str");
  int64_t ts = unix_s(s(c, "timestamp"));
  wechatpay_signed_request *req = NULL;
  CALL(wechatpay_signer_sign_with(signer, method, strlen(method), url, strlen(url), body, strlen(body), ts, nonce,
                                  strlen(nonce), &req));
  track(req, FREE_FN(wechatpay_signed_request_free));
  char *message, *signature, *authorization;
  CALL(wechatpay_signed_request_text(req, WECHATPAY_SIGNED_FIELD_MESSAGE, &message));
  tracked_str(message);
  CALL(wechatpay_signed_request_text(req, WECHATPAY_SIGNED_FIELD_SIGNATURE, &signature));
  tracked_str(signature);
  CALL(wechatpay_signed_request_text(req, WECHATPAY_SIGNED_FIELD_AUTHORIZATION, &authorization));
  tracked_str(authorization);
  const char *expected_sig = s(c, "signature");
  const char *msg = opt_s(c, "message");
  bool ok = verifies(cert, msg ? msg : "", expected_sig);
  if (valid(c)) {
    ENSURE(!strcmp(message, s(c, "message")), "message differs");
    ENSURE(!strcmp(signature, expected_sig), "signature differs");
    ENSURE(!strcmp(authorization, s(c, "authorization")), "authorization differs: %s", authorization);
    ENSURE(ok, "the merchant certificate does not verify the signature");
  } else {
    ENSURE(strcmp(signature, expected_sig), "our signature equals the wrong one");
    ENSURE(!ok, "the wrong signature verifies over the message");
  }
}

static bool same_key(const wechatpay_public_key *a, const wechatpay_public_key *b) {
  uint8_t *da, *db;
  size_t la, lb;
  CALL(wechatpay_public_key_spki_der(a, &da, &la));
  track_bytes(da, la);
  CALL(wechatpay_public_key_spki_der(b, &db, &lb));
  track_bytes(db, lb);
  return la == lb && !memcmp(da, db, la);
}

static void response_verify(const cJSON *c) {
  pairs p = headers_of(c);
  wechatpay_headers *h = headers_handle(&p);
  const char *body = s(c, "body");
  uint8_t *message;
  size_t message_len;
  CALL(wechatpay_headers_message(h, body, strlen(body), &message, &message_len));
  track_bytes(message, message_len);
  const char *expected = s(c, "message");
  ENSURE(message_len == strlen(expected) && !memcmp(message, expected, message_len), "message differs");
  char *serial;
  CALL(wechatpay_headers_text(h, WECHATPAY_HEADER_FIELD_SERIAL, &serial));
  tracked_str(serial);
  const char *key_file = opt_s(c, "key_file");
  wechatpay_public_key *found = NULL;
  wechatpay_result lookup = wechatpay_trust_store_get_public_key(trust, serial, strlen(serial), &found);
  track(found, FREE_FN(wechatpay_public_key_free));
  if (!key_file && lookup == WECHATPAY_RESULT_SERIAL_UNKNOWN) {
  } else if (key_file && lookup == WECHATPAY_RESULT_OK) {
    ENSURE(same_key(found, public_key_file(key_file)), "trust store gives another key than key_file");
  } else {
    fail("trust-store lookup disagrees with key_file");
  }
  /* No clock check in this file: "now" is the signed timestamp. */
  int64_t now = 0;
  if (wechatpay_headers_timestamp(h, &now) != WECHATPAY_RESULT_OK) now = 0;
  wechatpay_verifier *verifier = NULL;
  CALL(wechatpay_verifier_new(trust, 300, &verifier));
  track(verifier, FREE_FN(wechatpay_verifier_free));
  wechatpay_result r = wechatpay_verifier_verify_at(verifier, h, body, strlen(body), now);
  if (valid(c)) ENSURE(r == WECHATPAY_RESULT_OK, "rejected: %s", wechatpay_last_error_message());
  else ENSURE(r != WECHATPAY_RESULT_OK, "accepted");
}

static void notification_decrypt(const cJSON *c) {
  const char *key_text = s(c, "apiv3_key");
  const char *nonce = opt_s(c, "nonce"), *ad = opt_s(c, "associated_data"), *ct = opt_s(c, "ciphertext");
  nonce = nonce ? nonce : "";
  ad = ad ? ad : "";
  ct = ct ? ct : "";
  wechatpay_apiv3_key *key = NULL;
  wechatpay_result r = wechatpay_apiv3_key_new(key_text, strlen(key_text), &key);
  track(key, FREE_FN(wechatpay_apiv3_key_free));
  uint8_t *plain = NULL;
  size_t plain_len = 0;
  if (r == WECHATPAY_RESULT_OK) {
    r = wechatpay_resource_decrypt(key, nonce, strlen(nonce), ad, strlen(ad), ct, strlen(ct), &plain, &plain_len);
    track_bytes(plain, plain_len);
  }
  if (valid(c)) {
    const char *expected = opt_s(c, "plaintext");
    ENSURE((r == WECHATPAY_RESULT_OK) == (expected != NULL), "decryption gave %s", wechatpay_result_name(r));
    ENSURE(!expected || (plain_len == strlen(expected) && !memcmp(plain, expected, plain_len)), "plaintext differs");
  } else {
    ENSURE(r != WECHATPAY_RESULT_OK, "decrypted an invalid case");
  }
}

static void notification_full(const cJSON *c) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(c, "max_clock_skew_seconds");
  ENSURE(cJSON_IsNumber(w) && w->valuedouble >= 0 && w->valuedouble == (double)(uint64_t)w->valuedouble,
         "max_clock_skew_seconds");
  wechatpay_verifier *verifier = NULL;
  CALL(wechatpay_verifier_new(trust, (uint64_t)w->valuedouble, &verifier));
  track(verifier, FREE_FN(wechatpay_verifier_free));
  const char *key_text = s(c, "apiv3_key");
  wechatpay_apiv3_key *key = NULL;
  CALL(wechatpay_apiv3_key_new(key_text, strlen(key_text), &key));
  track(key, FREE_FN(wechatpay_apiv3_key_free));
  wechatpay_callback_parser *parser = NULL;
  CALL(wechatpay_callback_parser_new(verifier, key, &parser));
  track(parser, FREE_FN(wechatpay_callback_parser_free));
  pairs p = headers_of(c);
  const char *body = s(c, "body");
  wechatpay_headers *h = headers_handle(&p);
  bool signature_valid = get_bool(c, "signature_valid");
  const char *key_file = opt_s(c, "key_file");
  if (key_file) {
    wechatpay_public_key *pk = public_key_file(key_file);
    char *sig_text;
    CALL(wechatpay_headers_text(h, WECHATPAY_HEADER_FIELD_SIGNATURE, &sig_text));
    tracked_str(sig_text);
    size_t sig_len = 0;
    uint8_t *sig = b64(sig_text, &sig_len);
    uint8_t *message;
    size_t message_len;
    CALL(wechatpay_headers_message(h, body, strlen(body), &message, &message_len));
    track_bytes(message, message_len);
    bool ok = wechatpay_public_key_verify_sha256(pk, (const char *)message, message_len, sig ? (const char *)sig : "",
                                                 sig ? sig_len : 0) == WECHATPAY_RESULT_OK;
    ENSURE(ok == signature_valid, "signature_valid differs");
  }
  wechatpay_callback_event *event = NULL;
  wechatpay_result r = wechatpay_callback_parser_parse_at(parser, p.names, p.name_lens, p.values, p.value_lens, p.count,
                                                          body, strlen(body), unix_s(s(c, "now")), &event);
  track(event, FREE_FN(wechatpay_callback_event_free));
  if (valid(c)) {
    ENSURE(r == WECHATPAY_RESULT_OK, "rejected: %s", wechatpay_last_error_message());
    uint8_t *plain, *resource;
    size_t plain_len, resource_len;
    CALL(wechatpay_callback_event_field(event, WECHATPAY_EVENT_FIELD_PLAINTEXT, &plain, &plain_len));
    track_bytes(plain, plain_len);
    const char *expected = opt_s(c, "resource_plaintext");
    ENSURE(expected && plain_len == strlen(expected) && !memcmp(plain, expected, plain_len), "plaintext differs");
    CALL(wechatpay_callback_event_field(event, WECHATPAY_EVENT_FIELD_RESOURCE_JSON, &resource, &resource_len));
    track_bytes(resource, resource_len);
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(c, "resource");
    ENSURE(want && cJSON_Compare(parse_json((const char *)resource), want, 1), "parsed resource differs");
  } else {
    ENSURE(r != WECHATPAY_RESULT_OK, "accepted");
  }
}

static void pay_params(const cJSON *c) {
  wechatpay_private_key *key = private_key(c, "key_file");
  wechatpay_public_key *cert = public_key(c, "cert_file");
  const char *appid = s(c, "appid"), *prepay = s(c, "prepay_id"), *nonce = s(c, "nonce_str");
  int64_t ts = unix_s(s(c, "timestamp"));
  const cJSON *expected = cJSON_GetObjectItemCaseSensitive(c, "expected");
  ENSURE(expected, "expected");
  const char *kind = s(c, "kind");
  uint32_t k;
  const char *sign_field;
  const char *mchid = NULL;
  if (!strcmp(kind, "jsapi")) { k = WECHATPAY_PAY_KIND_JSAPI; sign_field = "paySign"; }
  else if (!strcmp(kind, "miniprogram")) { k = WECHATPAY_PAY_KIND_MINIPROGRAM; sign_field = "paySign"; }
  else if (!strcmp(kind, "app")) { k = WECHATPAY_PAY_KIND_APP; sign_field = "sign"; mchid = s(c, "mchid"); }
  else fail("unknown pay_params kind `%s`", kind);
  char *json;
  CALL(wechatpay_pay_params_v3(key, k, appid, strlen(appid), mchid, mchid ? strlen(mchid) : 0, prepay, strlen(prepay),
                               ts, nonce, strlen(nonce), &json));
  cJSON *ours = parse_json(tracked_str(json));
  const char *expected_sign = s(expected, sign_field);
  const char *message = opt_s(c, "message");
  bool ok = verifies(cert, message ? message : "", expected_sign);
  if (valid(c)) {
    ENSURE(cJSON_Compare(ours, expected, 1), "parameters differ: %s", json);
    ENSURE(ok, "certificate does not verify the expected sign over message");
  } else {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(ours, sign_field);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(expected, sign_field);
    ENSURE(!cJSON_Compare(a, b, 1), "our sign equals the wrong one");
    ENSURE(!ok, "the wrong sign verifies");
  }
}

static void oaep(const cJSON *c) {
  const char *scheme = s(c, "scheme");
  if (strcmp(scheme, "oaep-sha1") && strcmp(scheme, "oaep-sha256") && strcmp(scheme, "pkcs1v15"))
    fail("unknown oaep scheme `%s`", scheme);
  wechatpay_sensitive_decryptor *dec = NULL;
  CALL(wechatpay_sensitive_decryptor_new(private_key(c, "private_key_file"), &dec));
  track(dec, FREE_FN(wechatpay_sensitive_decryptor_free));
  const char *ct = s(c, "ciphertext");
  uint8_t *plain = NULL;
  size_t plain_len = 0;
  wechatpay_result r = wechatpay_sensitive_decryptor_decrypt(dec, ct, strlen(ct), &plain, &plain_len);
  track_bytes(plain, plain_len);
  if (valid(c)) {
    const char *expected = s(c, "plaintext");
    ENSURE(r == WECHATPAY_RESULT_OK && plain_len == strlen(expected) && !memcmp(plain, expected, plain_len),
           "decryption gave %s", wechatpay_result_name(r));
    wechatpay_public_key *pk = public_key(c, "public_key_file");
    wechatpay_sensitive_encryptor *enc = NULL;
    CALL(wechatpay_sensitive_encryptor_from_public_key("PUB_KEY_ID_TEST", 15, pk, &enc));
    track(enc, FREE_FN(wechatpay_sensitive_encryptor_free));
    char *ours;
    CALL(wechatpay_sensitive_encryptor_encrypt(enc, expected, strlen(expected), &ours));
    tracked_str(ours);
    uint8_t *again = NULL;
    size_t again_len = 0;
    r = wechatpay_sensitive_decryptor_decrypt(dec, ours, strlen(ours), &again, &again_len);
    track_bytes(again, again_len);
    ENSURE(r == WECHATPAY_RESULT_OK && again_len == strlen(expected) && !memcmp(again, expected, again_len),
           "round trip failed");
  } else {
    ENSURE(r != WECHATPAY_RESULT_OK, "decrypted an invalid ciphertext");
  }
}

static void v2_sign(const cJSON *c) {
  const cJSON *params_json = cJSON_GetObjectItemCaseSensitive(c, "params");
  ENSURE(cJSON_IsObject(params_json), "params");
  wechatpay_v2_params *params = NULL;
  CALL(wechatpay_v2_params_new(&params));
  track(params, FREE_FN(wechatpay_v2_params_free));
  bool has_sign = false;
  const cJSON *item;
  cJSON_ArrayForEach(item, params_json) {
    ENSURE(cJSON_IsString(item), "param %s is not a string", item->string);
    CALL(wechatpay_v2_params_set(params, item->string, strlen(item->string), item->valuestring,
                                 strlen(item->valuestring)));
    if (!strcmp(item->string, "sign")) has_sign = true;
  }
  const char *key_text = s(c, "key"), *type = s(c, "sign_type");
  wechatpay_apiv2_key *key = NULL;
  CALL(wechatpay_apiv2_key_new(key_text, strlen(key_text), &key));
  track(key, FREE_FN(wechatpay_apiv2_key_free));
  char *sts, *sign;
  CALL(wechatpay_v2_string_to_sign(params, key, &sts));
  tracked_str(sts);
  CALL(wechatpay_v2_sign(params, key, type, strlen(type), &sign));
  tracked_str(sign);
  ENSURE(!strcmp(sts, s(c, "string_to_sign")), "string_to_sign differs");
  ENSURE(!strcmp(sign, s(c, "expected_sign")), "sign differs");
  if (has_sign) {
    wechatpay_result r = wechatpay_v2_verify(params, key, type, strlen(type));
    ENSURE((r == WECHATPAY_RESULT_OK) == valid(c), "verify gave %s", wechatpay_result_name(r));
  } else {
    ENSURE(valid(c), "a case without `sign` must be valid");
  }
}

static void v2_refund(const cJSON *c) {
  const char *key_text = s(c, "apiv2_key");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(key_text, strlen(key_text), digest, &digest_len, EVP_md5(), NULL);
  char hex[33] = {0};
  for (unsigned i = 0; i < digest_len && i < 16; i++) sprintf(hex + 2 * i, "%02x", digest[i]);
  ENSURE(!strcmp(hex, s(c, "aes_key")), "aes_key is not md5(apiv2_key)");
  wechatpay_apiv2_key *key = NULL;
  CALL(wechatpay_apiv2_key_new(key_text, strlen(key_text), &key));
  track(key, FREE_FN(wechatpay_apiv2_key_free));
  const char *req_info = s(c, "req_info");
  uint8_t *xml = NULL;
  size_t xml_len = 0;
  wechatpay_result r = wechatpay_v2_refund_decrypt_req_info(req_info, strlen(req_info), key, &xml, &xml_len);
  track_bytes(xml, xml_len);
  if (valid(c)) {
    const char *expected = opt_s(c, "expected_xml");
    ENSURE((r == WECHATPAY_RESULT_OK) == (expected != NULL), "decryption gave %s", wechatpay_result_name(r));
    ENSURE(!expected || (xml_len == strlen(expected) && !memcmp(xml, expected, xml_len)), "decryption differs");
    wechatpay_v2_params *fields = NULL;
    CALL(wechatpay_v2_refund_decrypt_req_info_params(req_info, strlen(req_info), key, &fields));
    track(fields, FREE_FN(wechatpay_v2_params_free));
    size_t n = 0;
    CALL(wechatpay_v2_params_len(fields, &n));
    ENSURE(n > 0, "decrypted XML has no fields");
  } else {
    ENSURE(r != WECHATPAY_RESULT_OK, "decrypted an invalid req_info");
  }
}

static char *cert_text(const wechatpay_certificate *cert, uint32_t field) {
  char *text;
  CALL(wechatpay_certificate_text(cert, field, &text));
  return tracked_str(text);
}

static bool key_in_trust(const char *id) {
  wechatpay_public_key *k = NULL;
  wechatpay_result r = wechatpay_trust_store_get_public_key(trust, id, strlen(id), &k);
  wechatpay_public_key_free(k);
  return r == WECHATPAY_RESULT_OK;
}

static void cert_info(const cJSON *c) {
  const char *kind = opt_s(c, "kind");
  if (!kind) {
    const char *p = path(s(c, "file"));
    wechatpay_certificate *cert = NULL;
    CALL(wechatpay_certificate_from_pem_file(p, strlen(p), &cert));
    track(cert, FREE_FN(wechatpay_certificate_free));
    char *serial = cert_text(cert, WECHATPAY_CERTIFICATE_FIELD_SERIAL_NO);
    ENSURE(!strcmp(serial, s(c, "serial_no")), "serial %s", serial);
    ENSURE(!strcmp(serial, s(c, "serial_openssl_cli")), "openssl serial");
    int64_t nb, na;
    CALL(wechatpay_certificate_validity(cert, &nb, &na));
    ENSURE(nb == rfc(s(c, "not_before")), "not_before");
    ENSURE(na == rfc(s(c, "not_after")), "not_after");
    char *subject = cert_text(cert, WECHATPAY_CERTIFICATE_FIELD_SUBJECT);
    ENSURE(!strcmp(subject, s(c, "subject")), "subject %s", subject);
    char *issuer = cert_text(cert, WECHATPAY_CERTIFICATE_FIELD_ISSUER);
    ENSURE(!strcmp(issuer, s(c, "issuer")), "issuer %s", issuer);
    ENSURE(!strcmp(cert_text(cert, WECHATPAY_CERTIFICATE_FIELD_SHA256_FINGERPRINT), s(c, "sha256_fingerprint")),
           "fingerprint");
    wechatpay_public_key *pk = NULL;
    CALL(wechatpay_certificate_public_key(cert, &pk));
    track(pk, FREE_FN(wechatpay_public_key_free));
    char *spki;
    CALL(wechatpay_public_key_spki_sha256(pk, &spki));
    ENSURE(!strcmp(tracked_str(spki), s(c, "spki_sha256")), "spki_sha256");
    int64_t reference = rfc(s(c, "reference_time"));
    bool expired = get_bool(c, "expired_at_reference");
    bool not_yet = get_bool(c, "not_yet_valid_at_reference");
    bool ok;
    CALL(wechatpay_certificate_is_valid_at(cert, reference, &ok));
    ENSURE(ok == (!expired && !not_yet), "validity at reference");
    if (opt_s(c, "private_key_file")) {
      bool matches = false;
      CALL(wechatpay_private_key_matches(private_key(c, "private_key_file"), pk, &matches));
      ENSURE(matches, "private key does not match");
    }
  } else if (!strcmp(kind, "public_key")) {
    wechatpay_public_key *pk = public_key(c, "file");
    char *spki;
    CALL(wechatpay_public_key_spki_sha256(pk, &spki));
    ENSURE(!strcmp(tracked_str(spki), s(c, "spki_sha256")), "spki_sha256");
    bool matches = false;
    CALL(wechatpay_private_key_matches(private_key(c, "private_key_file"), pk, &matches));
    ENSURE(matches, "private key does not match");
    ENSURE(key_in_trust(s(c, "pub_key_id")), "pub_key_id not in trust store");
  } else if (!strcmp(kind, "pkcs12")) {
    size_t len;
    char *bytes = slurp(path(s(c, "file")), &len);
    ENSURE(bytes, "cannot read %s", s(c, "file"));
    track(bytes, free);
    const char *password = s(c, "password");
    wechatpay_private_key *key = NULL;
    wechatpay_certificate *cert = NULL;
    CALL(wechatpay_private_key_from_pkcs12(bytes, len, password, strlen(password), &key, &cert));
    track(key, FREE_FN(wechatpay_private_key_free));
    track(cert, FREE_FN(wechatpay_certificate_free));
    ENSURE(!strcmp(cert_text(cert, WECHATPAY_CERTIFICATE_FIELD_SERIAL_NO), s(c, "cert_serial_no")),
           "p12 certificate serial");
    wechatpay_private_key *file_key = private_key(c, "matches_key_file");
    char *sig_a = NULL, *sig_b = NULL;
    wechatpay_result ra = wechatpay_private_key_sign_sha256_base64(key, "p12", 3, &sig_a);
    tracked_str(sig_a);
    wechatpay_result rb = wechatpay_private_key_sign_sha256_base64(file_key, "p12", 3, &sig_b);
    tracked_str(sig_b);
    ENSURE(ra == rb && (ra != WECHATPAY_RESULT_OK || !strcmp(sig_a, sig_b)), "p12 key differs from key file");
    const char *cp = path(s(c, "matches_cert_file"));
    wechatpay_certificate *file_cert = NULL;
    CALL(wechatpay_certificate_from_pem_file(cp, strlen(cp), &file_cert));
    track(file_cert, FREE_FN(wechatpay_certificate_free));
    uint8_t *da, *db;
    size_t la, lb;
    CALL(wechatpay_certificate_der(cert, &da, &la));
    track_bytes(da, la);
    CALL(wechatpay_certificate_der(file_cert, &db, &lb));
    track_bytes(db, lb);
    ENSURE(la == lb && !memcmp(da, db, la), "p12 certificate differs from cert file");
    wechatpay_private_key *wrong_key = NULL;
    wechatpay_certificate *wrong_cert = NULL;
    wechatpay_result r = wechatpay_private_key_from_pkcs12(bytes, len, "not-the-password", 16, &wrong_key, &wrong_cert);
    ENSURE(r != WECHATPAY_RESULT_OK && !strcmp(wechatpay_result_name(r), "PKCS12"),
           "a wrong password must be a PKCS12 error");
    ENSURE(!wrong_key && !wrong_cert, "outputs written on failure");
  } else {
    fail("unknown cert_info kind `%s`", kind);
  }
}

static void bill_hash(const cJSON *c) {
  const char *hash_type = s(c, "hash_type");
  size_t gz_len;
  uint8_t *gz = b64(s(c, "bill_gzip"), &gz_len);
  ENSURE(gz, "bill_gzip is not base64");
  const char *text = s(c, "bill_text");
  const char *sha1 = s(c, "sha1"), *sha256 = s(c, "sha256"), *gzip_sha1 = s(c, "gzip_sha1");
  wechatpay_result r = wechatpay_bill_verify(text, strlen(text), "SHA1", 4, sha1, strlen(sha1), false);
  ENSURE(r == WECHATPAY_RESULT_OK, "sha1: %s", wechatpay_last_error_message());
  r = wechatpay_bill_verify(text, strlen(text), "SHA256", 6, sha256, strlen(sha256), false);
  ENSURE(r == WECHATPAY_RESULT_OK, "sha256: %s", wechatpay_last_error_message());
  r = wechatpay_bill_verify((const char *)gz, gz_len, "SHA1", 4, gzip_sha1, strlen(gzip_sha1), false);
  ENSURE(r == WECHATPAY_RESULT_OK, "gzip_sha1: %s", wechatpay_last_error_message());
  const char *hash_value = s(c, "hash_value");
  wechatpay_bill_verifier *v = NULL;
  CALL(wechatpay_bill_verifier_new(hash_type, strlen(hash_type), hash_value, strlen(hash_value), true, &v));
  track(v, FREE_FN(wechatpay_bill_verifier_free));
  r = WECHATPAY_RESULT_OK;
  for (size_t at = 0; at < gz_len && r == WECHATPAY_RESULT_OK; at += 1000) {
    size_t n = gz_len - at < 1000 ? gz_len - at : 1000;
    r = wechatpay_bill_verifier_update(v, (const char *)gz + at, n);
  }
  if (r == WECHATPAY_RESULT_OK) r = wechatpay_bill_verifier_finish(v);
  ENSURE((r == WECHATPAY_RESULT_OK) == valid(c), "streamed verification gave %s", wechatpay_result_name(r));
  const cJSON *parsed = cJSON_GetObjectItemCaseSensitive(c, "parsed");
  if (parsed) {
    char *json;
    CALL(wechatpay_bill_parse(text, strlen(text), &json));
    ENSURE(cJSON_Compare(parse_json(tracked_str(json)), parsed, 1), "parsed bill differs");
  }
}

/* ---- files, fields, and the loop ----------------------------------------------- */

typedef struct { const char *file; void (*run)(const cJSON *); const char *fields[32]; } runner;
static const runner runners[] = {
  {"request_sign.json", request_sign, {"mchid", "serial_no", "key_file", "cert_file", "method", "url", "timestamp",
                                       "nonce_str", "body", "message", "signature", "authorization"}},
  {"response_verify.json", response_verify, {"headers", "body", "message", "key_file"}},
  {"notification_decrypt.json", notification_decrypt, {"apiv3_key", "nonce", "associated_data", "ciphertext", "plaintext"}},
  {"notification_full.json", notification_full, {"now", "max_clock_skew_seconds", "headers", "body", "key_file",
                                                 "apiv3_key", "signature_valid", "resource_plaintext", "resource"}},
  {"pay_params.json", pay_params, {"kind", "appid", "mchid", "prepay_id", "timestamp", "nonce_str", "key_file",
                                   "cert_file", "message", "expected"}},
  {"oaep.json", oaep, {"public_key_file", "private_key_file", "produced_by", "scheme", "ciphertext", "plaintext"}},
  {"v2_sign.json", v2_sign, {"params", "key", "sign_type", "string_to_sign", "expected_sign", "source"}},
  {"v2_refund_req_info.json", v2_refund, {"apiv2_key", "aes_key", "req_info", "expected_xml"}},
  {"cert_info.json", cert_info, {"file", "serial_no", "serial_openssl_cli", "serial_node_x509", "serial_python_hex",
                                 "serial_der_content_hex", "serial_decimal", "not_before", "not_after",
                                 "reference_time", "expired_at_reference", "not_yet_valid_at_reference", "subject",
                                 "issuer", "sha256_fingerprint", "spki_sha256", "private_key_file", "kind",
                                 "pub_key_id", "password", "legacy_pbe", "encryption", "mac", "cert_serial_no",
                                 "matches_key_file", "matches_cert_file", "friendly_name"}},
  {"bill_hash.json", bill_hash, {"bill_text", "bill_gzip", "hash_type", "hash_value", "sha1", "sha256", "gzip_sha1",
                                 "parsed"}},
};
static const char *common_fields[] = {"name", "valid", "reason", "note", "peer_results"};

static const runner *runner_for(const char *file) {
  for (size_t i = 0; i < sizeof runners / sizeof *runners; i++)
    if (!strcmp(runners[i].file, file)) return &runners[i];
  return NULL;
}
static bool known_field(const runner *r, const char *field) {
  for (size_t i = 0; i < 5; i++)
    if (!strcmp(common_fields[i], field)) return true;
  for (size_t i = 0; i < 32 && r->fields[i]; i++)
    if (!strcmp(r->fields[i], field)) return true;
  return false;
}

static size_t passed, failed;
static void report(const char *file, const char *name, bool ok, const char *reason) {
  if (ok) passed++;
  else { failed++; printf("FAIL %s %s: %s\n", file, name, reason); }
}

/* Runs one case; a failure longjmps back here. Nothing of the caller is live across setjmp. */
static bool run_one(const runner *r, const cJSON *c) {
  if (setjmp(case_jmp) == 0) {
    r->run(c);
    release_all();
    return true;
  }
  release_all();
  return false;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  const char *d = argc > 1 ? argv[1] : getenv("WECHATPAY_VECTORS");
  snprintf(dir, sizeof dir, "%s", d && *d ? d : "../shared/vectors");
  load_suite();
  size_t mlen;
  char *mtext = slurp(path("manifest.json"), &mlen);
  cJSON *manifest = mtext ? cJSON_Parse(mtext) : NULL;
  free(mtext);

  DIR *dh = opendir(dir);
  if (!dh) { fprintf(stderr, "cannot open %s\n", dir); return 2; }
  char *files[256];
  size_t nfiles = 0;
  struct dirent *e;
  while ((e = readdir(dh)) && nfiles < 256) {
    size_t n = strlen(e->d_name);
    if (n > 5 && !strcmp(e->d_name + n - 5, ".json") && strcmp(e->d_name, "manifest.json")) files[nfiles++] = strdup(e->d_name);
  }
  closedir(dh);
  qsort(files, nfiles, sizeof *files, by_name);

  for (size_t f = 0; f < nfiles; f++) {
    const char *file = files[f];
    const runner *r = runner_for(file);
    if (!r) { report(file, "*", false, "unknown vector file"); continue; }
    size_t len;
    char *text = slurp(path(file), &len);
    cJSON *cases = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!cJSON_IsArray(cases)) { report(file, "*", false, "not a JSON array"); cJSON_Delete(cases); continue; }
    const cJSON *files_obj = cJSON_GetObjectItemCaseSensitive(manifest, "files");
    const cJSON *entry = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(files_obj, file), "cases");
    int count = cJSON_GetArraySize(cases);
    if (cJSON_IsNumber(entry) && entry->valuedouble != (double)count) {
      char reason[128];
      snprintf(reason, sizeof reason, "manifest says %.0f cases, file has %d", entry->valuedouble, count);
      report(file, "*", false, reason);
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
      const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
      if (!name) name = "<unnamed>";
      char unknown[512] = "";
      const cJSON *field;
      cJSON_ArrayForEach(field, c) {
        if (field->string && !known_field(r, field->string)) {
          strncat(unknown, field->string, sizeof unknown - strlen(unknown) - 2);
          strncat(unknown, " ", sizeof unknown - strlen(unknown) - 1);
        }
      }
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "valid");
      bool valid_or_true = cJSON_IsBool(v) ? cJSON_IsTrue(v) : true;
      if (!cJSON_IsObject(c)) {
        report(file, name, false, "case is not an object");
      } else if (*unknown) {
        char reason[600];
        snprintf(reason, sizeof reason, "unknown case fields %s", unknown);
        report(file, name, false, reason);
      } else if ((strncmp(name, "neg_", 4) == 0) == valid_or_true) {
        report(file, name, false, "name prefix `neg_` disagrees with `valid`");
      } else {
        bool ok = run_one(r, c);
        report(file, name, ok, ok ? NULL : why);
      }
    }
    cJSON_Delete(cases);
  }
  for (size_t f = 0; f < nfiles; f++) free(files[f]);
  cJSON_Delete(manifest);
  wechatpay_trust_store_free(trust);
  printf("c: %zu passed, %zu failed\n", passed, failed);
  if (passed == 0) { fprintf(stderr, "no vectors found in %s\n", dir); return 1; }
  return failed ? 1 : 0;
}
