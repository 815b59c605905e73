// A logging middleware for example:kv/kv-store: imports the store, exports the same interface,
// forwards every call unchanged and writes one line per call, with its result, to stderr:
//
//   [kv-log] get("visits") -> none
//   [kv-log] set("visits", "1")
//   [kv-log] get("visits") -> some("1")
//
// stderr is WASI preview 1 here (fprintf through wasi-libc); the reactor adapter turns it into
// wasi:cli/stderr@0.2, so this component imports stderr and `sable run --plug logger.wasm`
// needs `--grant logger.wasm=stderr`. The line is written after the inner call returns, so a
// call that traps below us is not logged (the trap message names the call instead).
#include <stdio.h>
#include <string.h>

#include "kv_store_abi.h"

// Longer keys and values are cut in the log (the call itself always passes them whole).
enum { LOGGED_BYTES = 64, LINE_BYTES = 1024 };

// One log line, built in memory and written to stderr in one call: stderr is unbuffered, so
// writing it piece by piece would cost one host call (one trace line) per piece. Text past
// LINE_BYTES is dropped (it cannot happen with LOGGED_BYTES-long fields).
typedef struct {
  char text[LINE_BYTES];
  size_t len;
} log_line;

static void append(log_line* line, const char* s, size_t n) {
  size_t room = sizeof line->text - line->len;
  if (n > room) n = room;
  memcpy(line->text + line->len, s, n);
  line->len += n;
}

static void append_text(log_line* line, const char* s) { append(line, s, strlen(s)); }

// Appends s as a quoted string: printable ASCII as it is, `"` and `\` escaped, other bytes as
// \xNN, so a binary value cannot garble the log.
static void append_quoted(log_line* line, const char* s, size_t len) {
  size_t shown = len < LOGGED_BYTES ? len : LOGGED_BYTES;
  char buf[32];
  append_text(line, "\"");
  for (size_t i = 0; i < shown; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      snprintf(buf, sizeof buf, "\\%c", c);
    else if (c >= 0x20 && c < 0x7f)
      snprintf(buf, sizeof buf, "%c", c);
    else
      snprintf(buf, sizeof buf, "\\x%02x", c);
    append_text(line, buf);
  }
  append_text(line, "\"");
  if (shown < len) {
    snprintf(buf, sizeof buf, "... (%zu bytes)", len);
    append_text(line, buf);
  }
}

static void write_line(const log_line* line) { fwrite(line->text, 1, line->len, stderr); }

// get's result lives in this static return area until the host calls get's post-return.
static kv_option_string get_result;

EXPORT_AS("example:kv/kv-store#get")
kv_option_string* logger_get(char* key, size_t key_len) {
  inner_get(key, key_len, &get_result);
  log_line line = {.len = 0};
  append_text(&line, "[kv-log] get(");
  append_quoted(&line, key, key_len);
  if (get_result.tag) {
    append_text(&line, ") -> some(");
    append_quoted(&line, get_result.ptr, get_result.len);
    append_text(&line, ")\n");
  } else {
    append_text(&line, ") -> none\n");
  }
  write_line(&line);
  free_lowered(key, key_len);
  return &get_result;
}

// The host has copied get's result out of our memory: free the value the inner store gave us.
EXPORT_AS("cabi_post_example:kv/kv-store#get")
void logger_get_post_return(kv_option_string* result) {
  if (result->tag) free_lowered(result->ptr, result->len);
}

EXPORT_AS("example:kv/kv-store#set")
void logger_set(char* key, size_t key_len, char* value, size_t value_len) {
  inner_set(key, key_len, value, value_len);
  log_line line = {.len = 0};
  append_text(&line, "[kv-log] set(");
  append_quoted(&line, key, key_len);
  append_text(&line, ", ");
  append_quoted(&line, value, value_len);
  append_text(&line, ")\n");
  write_line(&line);
  free_lowered(key, key_len);
  free_lowered(value, value_len);
}
