/*
 * 8 threads share ONE signer, ONE trust store and ONE callback parser (plus the
 * verifier built from the store) and run N operations in all (default 100000,
 * or argv[2]); every result must equal the single-threaded one.
 *
 *   threads DIR [OPS]
 */
#include <pthread.h>
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "common.h"

#define THREADS 8

static wechatpay_signer *signer;
static wechatpay_trust_store *store;
static wechatpay_verifier *verifier;
static wechatpay_callback_parser *parser;
static wechatpay_headers *response_headers;
static const char *response_body;
static int64_t response_now;
static const char *sign_method, *sign_url, *sign_body, *sign_nonce;
static int64_t sign_ts;
static char *expected_authorization;
static const char *cb_names[16], *cb_values[16];
static size_t cb_name_lens[16], cb_value_lens[16], cb_count;
static const char *cb_body;
static int64_t cb_now;
static uint8_t *expected_plaintext;
static size_t expected_plaintext_len;
static const char *platform_serial;
static long ops_per_thread;

#define DIE(...) do { fprintf(stderr, __VA_ARGS__); fprintf(stderr, " (%s)\n", wechatpay_last_error_message()); exit(1); } while (0)

static cJSON *load(const char *dir, const char *file) {
  char p[4096];
  snprintf(p, sizeof p, "%s/%s", dir, file);
  char *text = slurp(p, NULL);
  if (!text) DIE("cannot read %s", p);
  cJSON *j = cJSON_Parse(text);
  free(text);
  if (!j) DIE("%s is not JSON", p);
  return j;
}

static const cJSON *first_valid(const cJSON *cases) {
  const cJSON *c;
  cJSON_ArrayForEach(c, cases) if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "valid"))) return c;
  DIE("no valid case");
}
#define STR(c, f) cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, f))

static char *sign_once(void) {
  wechatpay_signed_request *req = NULL;
  char *auth = NULL;
  if (wechatpay_signer_sign_with(signer, sign_method, strlen(sign_method), sign_url, strlen(sign_url), sign_body,
                                 strlen(sign_body), sign_ts, sign_nonce, strlen(sign_nonce), &req) ||
      wechatpay_signed_request_text(req, WECHATPAY_SIGNED_FIELD_AUTHORIZATION, &auth))
    auth = NULL;
  wechatpay_signed_request_free(req);
  return auth;
}

static bool parse_once(void) {
  wechatpay_callback_event *event = NULL;
  uint8_t *plain = NULL;
  size_t len = 0;
  bool ok = wechatpay_callback_parser_parse_at(parser, cb_names, cb_name_lens, cb_values, cb_value_lens, cb_count,
                                               cb_body, strlen(cb_body), cb_now, &event) == WECHATPAY_RESULT_OK &&
            wechatpay_callback_event_field(event, WECHATPAY_EVENT_FIELD_PLAINTEXT, &plain, &len) == WECHATPAY_RESULT_OK &&
            len == expected_plaintext_len && !memcmp(plain, expected_plaintext, len);
  wechatpay_bytes_free(plain, len);
  wechatpay_callback_event_free(event);
  return ok;
}

static void *worker(void *arg) {
  long id = (long)arg, bad = 0;
  for (long i = 0; i < ops_per_thread; i++) {
    switch ((i + id) % 10) {
      case 0: {
        char *auth = sign_once();
        if (!auth || strcmp(auth, expected_authorization)) bad++;
        wechatpay_string_free(auth);
        break;
      }
      case 1: case 2: case 3:
        if (wechatpay_verifier_verify_at(verifier, response_headers, response_body, strlen(response_body), response_now))
          bad++;
        break;
      case 4: {
        wechatpay_public_key *key = NULL;
        size_t n = 0;
        if (wechatpay_trust_store_get_public_key(store, platform_serial, strlen(platform_serial), &key) ||
            wechatpay_trust_store_len(store, &n) || n == 0)
          bad++;
        wechatpay_public_key_free(key);
        break;
      }
      default:
        if (!parse_once()) bad++;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : getenv("WECHATPAY_VECTORS");
  if (!dir) dir = "../shared/vectors";
  long total = argc > 2 ? atol(argv[2]) : 100000;
  ops_per_thread = total / THREADS;
  char p[4096];

  /* the shared trust store, from trust_store.json */
  cJSON *ts = load(dir, "keys/trust_store.json");
  if (wechatpay_trust_store_new(&store)) DIE("store");
  const cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(ts, "certificates")) {
    wechatpay_certificate *cert = NULL;
    snprintf(p, sizeof p, "%s/%s", dir, STR(item, "file"));
    if (wechatpay_certificate_from_pem_file(p, strlen(p), &cert) || wechatpay_trust_store_add_certificate(store, cert))
      DIE("cert %s", p);
    if (!platform_serial) platform_serial = strdup(STR(item, "serial_no"));
    wechatpay_certificate_free(cert);
  }
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(ts, "public_keys")) {
    wechatpay_public_key *key = NULL;
    snprintf(p, sizeof p, "%s/%s", dir, STR(item, "file"));
    const char *id = STR(item, "id");
    if (wechatpay_public_key_from_pem_file(p, strlen(p), &key) ||
        wechatpay_trust_store_add_public_key(store, id, strlen(id), key))
      DIE("key %s", p);
    wechatpay_public_key_free(key);
  }
  if (wechatpay_verifier_new(store, 300, &verifier)) DIE("verifier");

  /* the shared signer, from the first request_sign case */
  cJSON *rs = load(dir, "request_sign.json");
  const cJSON *sc = first_valid(rs);
  wechatpay_private_key *key = NULL;
  snprintf(p, sizeof p, "%s/%s", dir, STR(sc, "key_file"));
  const char *mchid = STR(sc, "mchid"), *serial = STR(sc, "serial_no");
  if (wechatpay_private_key_from_pem_file(p, strlen(p), &key) ||
      wechatpay_signer_new(mchid, strlen(mchid), serial, strlen(serial), key, &signer))
    DIE("signer");
  wechatpay_private_key_free(key); /* the signer keeps its own reference */
  sign_method = STR(sc, "method"); sign_url = STR(sc, "url"); sign_body = STR(sc, "body"); sign_nonce = STR(sc, "nonce_str");
  if (parse_i64(STR(sc, "timestamp"), &sign_ts)) DIE("timestamp");

  /* a response to verify */
  cJSON *rv = load(dir, "response_verify.json");
  const cJSON *rc = first_valid(rv);
  const char *rn[16], *rvv[16];
  size_t rnl[16], rvl[16], rcount = 0;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(rc, "headers")) {
    rn[rcount] = item->string; rnl[rcount] = strlen(item->string);
    rvv[rcount] = item->valuestring; rvl[rcount] = strlen(item->valuestring); rcount++;
  }
  if (wechatpay_headers_from_pairs(rn, rnl, rvv, rvl, rcount, &response_headers) ||
      wechatpay_headers_timestamp(response_headers, &response_now))
    DIE("response headers");
  response_body = STR(rc, "body");

  /* a callback to parse */
  cJSON *nf = load(dir, "notification_full.json");
  const cJSON *nc = first_valid(nf);
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(nc, "headers")) {
    cb_names[cb_count] = item->string; cb_name_lens[cb_count] = strlen(item->string);
    cb_values[cb_count] = item->valuestring; cb_value_lens[cb_count] = strlen(item->valuestring); cb_count++;
  }
  cb_body = STR(nc, "body");
  if (parse_i64(STR(nc, "now"), &cb_now)) DIE("now");
  wechatpay_apiv3_key *apiv3 = NULL;
  const char *k3 = STR(nc, "apiv3_key");
  if (wechatpay_apiv3_key_new(k3, strlen(k3), &apiv3) || wechatpay_callback_parser_new(verifier, apiv3, &parser))
    DIE("parser");
  wechatpay_apiv3_key_free(apiv3);

  /* single-threaded results first */
  expected_authorization = sign_once();
  if (!expected_authorization || strcmp(expected_authorization, STR(sc, "authorization"))) DIE("single-threaded sign");
  wechatpay_callback_event *event = NULL;
  if (wechatpay_callback_parser_parse_at(parser, cb_names, cb_name_lens, cb_values, cb_value_lens, cb_count, cb_body,
                                         strlen(cb_body), cb_now, &event) ||
      wechatpay_callback_event_field(event, WECHATPAY_EVENT_FIELD_PLAINTEXT, &expected_plaintext,
                                     &expected_plaintext_len))
    DIE("single-threaded parse");
  wechatpay_callback_event_free(event);
  if (wechatpay_verifier_verify_at(verifier, response_headers, response_body, strlen(response_body), response_now))
    DIE("single-threaded verify");

  pthread_t threads[THREADS];
  for (long t = 0; t < THREADS; t++)
    if (pthread_create(&threads[t], NULL, worker, (void *)t)) DIE("pthread_create");
  long bad = 0;
  for (int t = 0; t < THREADS; t++) {
    void *r;
    pthread_join(threads[t], &r);
    bad += (long)r;
  }
  long done = ops_per_thread * THREADS;
  wechatpay_string_free(expected_authorization);
  wechatpay_bytes_free(expected_plaintext, expected_plaintext_len);
  wechatpay_callback_parser_free(parser);
  wechatpay_verifier_free(verifier);
  wechatpay_trust_store_free(store);
  wechatpay_signer_free(signer);
  wechatpay_headers_free(response_headers);
  free((void *)platform_serial);
  cJSON_Delete(ts); cJSON_Delete(rs); cJSON_Delete(rv); cJSON_Delete(nf);
  printf("threads: %d threads, %ld operations, %ld differed from the single-threaded results\n", THREADS, done, bad);
  printf("threads: %ld passed, %ld failed\n", done - bad, bad);
  return bad ? 1 : 0;
}
