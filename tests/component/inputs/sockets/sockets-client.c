// Guest for world sable:sockets-test/client (sockets.wit): scenarios over wasi:sockets 0.2,
// with the canonical ABI glue written by hand (no wit-bindgen), as the testkit's guests are.
// Each export returns "ok:..." or "error:<error-code>" of the step that failed.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define NET "wasi:sockets/network@0.2.0"
#define TCP "wasi:sockets/tcp@0.2.0"
#define UDP "wasi:sockets/udp@0.2.0"
#define LOOKUP "wasi:sockets/ip-name-lookup@0.2.0"
#define POLL "wasi:io/poll@0.2.0"
#define STREAMS "wasi:io/streams@0.2.0"

typedef int32_t handle;
// An ip-socket-address flattened: discriminant, then the joined ipv4/ipv6 payload (11 i32s).
#define ADDR_PARAMS int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, \
                    int32_t, int32_t, int32_t, int32_t
#define IPV4_ARGS(ip, port) 0, (port), ((ip) >> 24) & 255, ((ip) >> 16) & 255, ((ip) >> 8) & 255, \
                            (ip) & 255, 0, 0, 0, 0, 0, 0

IMPORT("wasi:sockets/instance-network@0.2.0", "instance-network") handle instance_network(void);
IMPORT(NET, "[resource-drop]network") void drop_network(handle);
IMPORT("wasi:sockets/tcp-create-socket@0.2.0", "create-tcp-socket") void create_tcp(int32_t, void*);
IMPORT("wasi:sockets/udp-create-socket@0.2.0", "create-udp-socket") void create_udp(int32_t, void*);

IMPORT(TCP, "[method]tcp-socket.start-bind") void tcp_start_bind(handle, handle, ADDR_PARAMS, void*);
IMPORT(TCP, "[method]tcp-socket.finish-bind") void tcp_finish_bind(handle, void*);
IMPORT(TCP, "[method]tcp-socket.start-connect") void tcp_start_connect(handle, handle, ADDR_PARAMS, void*);
IMPORT(TCP, "[method]tcp-socket.finish-connect") void tcp_finish_connect(handle, void*);
IMPORT(TCP, "[method]tcp-socket.start-listen") void tcp_start_listen(handle, void*);
IMPORT(TCP, "[method]tcp-socket.finish-listen") void tcp_finish_listen(handle, void*);
IMPORT(TCP, "[method]tcp-socket.accept") void tcp_accept(handle, void*);
IMPORT(TCP, "[method]tcp-socket.local-address") void tcp_local_address(handle, void*);
IMPORT(TCP, "[method]tcp-socket.is-listening") int32_t tcp_is_listening(handle);
IMPORT(TCP, "[method]tcp-socket.address-family") int32_t tcp_address_family(handle);
IMPORT(TCP, "[method]tcp-socket.set-keep-alive-enabled") void tcp_set_keep_alive(handle, int32_t, void*);
IMPORT(TCP, "[method]tcp-socket.keep-alive-enabled") void tcp_keep_alive(handle, void*);
IMPORT(TCP, "[method]tcp-socket.set-keep-alive-idle-time") void tcp_set_idle(handle, int64_t, void*);
IMPORT(TCP, "[method]tcp-socket.keep-alive-idle-time") void tcp_idle(handle, void*);
IMPORT(TCP, "[method]tcp-socket.set-hop-limit") void tcp_set_hop_limit(handle, int32_t, void*);
IMPORT(TCP, "[method]tcp-socket.hop-limit") void tcp_hop_limit(handle, void*);
IMPORT(TCP, "[method]tcp-socket.set-receive-buffer-size") void tcp_set_rcvbuf(handle, int64_t, void*);
IMPORT(TCP, "[method]tcp-socket.set-listen-backlog-size") void tcp_set_backlog(handle, int64_t, void*);
IMPORT(TCP, "[method]tcp-socket.subscribe") handle tcp_subscribe(handle);
IMPORT(TCP, "[method]tcp-socket.shutdown") void tcp_shutdown(handle, int32_t, void*);
IMPORT(TCP, "[resource-drop]tcp-socket") void drop_tcp(handle);

IMPORT(UDP, "[method]udp-socket.start-bind") void udp_start_bind(handle, handle, ADDR_PARAMS, void*);
IMPORT(UDP, "[method]udp-socket.finish-bind") void udp_finish_bind(handle, void*);
IMPORT(UDP, "[method]udp-socket.stream") void udp_stream(handle, int32_t, ADDR_PARAMS, void*);
IMPORT(UDP, "[method]incoming-datagram-stream.receive") void udp_receive(handle, int64_t, void*);
IMPORT(UDP, "[method]incoming-datagram-stream.subscribe") handle udp_in_subscribe(handle);
IMPORT(UDP, "[method]outgoing-datagram-stream.check-send") void udp_check_send(handle, void*);
IMPORT(UDP, "[method]outgoing-datagram-stream.send") void udp_send(handle, void*, int32_t, void*);
IMPORT(UDP, "[resource-drop]udp-socket") void drop_udp(handle);
IMPORT(UDP, "[resource-drop]incoming-datagram-stream") void drop_udp_in(handle);
IMPORT(UDP, "[resource-drop]outgoing-datagram-stream") void drop_udp_out(handle);

IMPORT(LOOKUP, "resolve-addresses") void resolve_addresses(handle, const char*, int32_t, void*);
IMPORT(LOOKUP, "[method]resolve-address-stream.resolve-next-address") void resolve_next(handle, void*);
IMPORT(LOOKUP, "[method]resolve-address-stream.subscribe") handle resolve_subscribe(handle);
IMPORT(LOOKUP, "[resource-drop]resolve-address-stream") void drop_resolve(handle);

IMPORT(POLL, "poll") void poll_list(handle*, int32_t, void*);
IMPORT(POLL, "[method]pollable.block") void pollable_block(handle);
IMPORT(POLL, "[resource-drop]pollable") void drop_pollable(handle);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void blocking_read(handle, int64_t, void*);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void write_and_flush(handle, const void*, int32_t, void*);
IMPORT(STREAMS, "[method]output-stream.check-write") void check_write(handle, void*);
IMPORT(STREAMS, "[resource-drop]input-stream") void drop_input(handle);
IMPORT(STREAMS, "[resource-drop]output-stream") void drop_output(handle);

__attribute__((export_name("cabi_realloc")))
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

static const char* const kErrorCodes[] = {
    "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout",
    "concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
    "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused",
    "connection-reset", "connection-aborted", "datagram-too-large", "name-unresolvable",
    "temporary-resolver-failure", "permanent-resolver-failure"};
enum { WOULD_BLOCK = 8 };

// The string an export returns (freed by its post-return).
static struct { char* ptr; size_t len; } ret_area;

static void* give(char* text) {
  ret_area.ptr = text;
  ret_area.len = strlen(text);
  return &ret_area;
}

static char* format(const char* fmt, const char* a, const char* b) {
  size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
  char* out = malloc(n);
  snprintf(out, n, fmt, a, b);
  return out;
}

static void* fail(const char* step, uint8_t code) {
  return give(format("error:%s (%s)", kErrorCodes[code < 21 ? code : 0], step));
}

// A result<_, error-code> or result<own, error-code> return area.
typedef struct { uint8_t tag; uint8_t code; uint8_t pad[2]; int32_t payload[4]; } result_t;
static uint8_t code_at4(const result_t* r) { return (uint8_t)r->payload[0]; }

static void block_on(handle pollable) {
  pollable_block(pollable);
  drop_pollable(pollable);
}

// Reads the input stream to its end (blocking); a malloc'd string.
static char* read_all(handle in) {
  size_t len = 0;
  char* text = malloc(1);
  for (;;) {
    struct { uint8_t tag; int32_t ptr; int32_t len; } r;
    blocking_read(in, 4096, &r);
    if (r.tag != 0) break;  // closed (or failed): the end
    text = realloc(text, len + (size_t)r.len + 1);
    memcpy(text + len, (void*)(intptr_t)r.ptr, (size_t)r.len);
    len += (size_t)r.len;
    free((void*)(intptr_t)r.ptr);
  }
  text[len] = 0;
  return text;
}

static void write_text(handle out, const char* text, size_t len) {
  while (len > 0) {
    struct { uint8_t tag; uint8_t pad[7]; uint64_t n; } permit;
    check_write(out, &permit);
    size_t n = permit.tag == 0 ? (size_t)permit.n : 0;
    if (permit.tag != 0) return;
    if (n > len) n = len;
    if (n == 0) n = len < 4096 ? len : 4096;  // blocking-write-and-flush waits for room
    result_t r;
    write_and_flush(out, text, (int32_t)n, &r);
    if (r.tag != 0) return;
    text += n;
    len -= n;
  }
}

__attribute__((export_name("tcp-echo")))
void* tcp_echo(uint32_t ip, uint32_t port, const char* msg, size_t msg_len) {
  handle net = instance_network();
  result_t r;
  create_tcp(0, &r);
  if (r.tag) return fail("create", code_at4(&r));
  handle sock = r.payload[0];
  tcp_start_connect(sock, net, IPV4_ARGS(ip, port), &r);
  if (r.tag) return fail("start-connect", r.code);
  for (;;) {  // poll the socket's pollable until the connection is made
    handle p = tcp_subscribe(sock);
    struct { int32_t ptr; int32_t len; } ready;
    poll_list(&p, 1, &ready);
    free((void*)(intptr_t)ready.ptr);
    drop_pollable(p);
    tcp_finish_connect(sock, &r);
    if (!r.tag || code_at4(&r) != WOULD_BLOCK) break;
  }
  if (r.tag) return fail("finish-connect", code_at4(&r));
  handle in = r.payload[0], out = r.payload[1];
  write_text(out, msg, msg_len);
  tcp_shutdown(sock, 1, &r);  // send: the server sees the end of the message
  if (r.tag) return fail("shutdown", r.code);
  char* reply = read_all(in);
  drop_input(in);
  drop_output(out);
  drop_tcp(sock);
  drop_network(net);
  char* text = format("ok:%s%s", reply, "");
  free(reply);
  return give(text);
}

// A TCP socket bound to ip:port (for listening), or the error.
static void* bind_tcp(handle net, uint32_t ip, uint32_t port, handle* sock) {
  result_t r;
  create_tcp(0, &r);
  if (r.tag) return fail("create", code_at4(&r));
  *sock = r.payload[0];
  tcp_start_bind(*sock, net, IPV4_ARGS(ip, port), &r);
  if (r.tag) return fail("start-bind", r.code);
  tcp_finish_bind(*sock, &r);
  if (r.tag) return fail("finish-bind", r.code);
  return 0;
}

__attribute__((export_name("tcp-accept-once")))
void* tcp_accept_once(uint32_t ip, uint32_t port) {
  handle net = instance_network(), sock;
  void* failed = bind_tcp(net, ip, port, &sock);
  if (failed) return failed;
  result_t r;
  tcp_set_backlog(sock, 4, &r);
  tcp_start_listen(sock, &r);
  if (r.tag) return fail("start-listen", r.code);
  tcp_finish_listen(sock, &r);
  if (r.tag) return fail("finish-listen", r.code);
  if (!tcp_is_listening(sock)) return give(strdup("error:not listening"));
  for (;;) {
    tcp_accept(sock, &r);
    if (!r.tag || code_at4(&r) != WOULD_BLOCK) break;
    block_on(tcp_subscribe(sock));
  }
  if (r.tag) return fail("accept", code_at4(&r));
  handle client = r.payload[0], in = r.payload[1], out = r.payload[2];
  char* data = read_all(in);
  char* reply = format("got:%s%s", data, "");
  write_text(out, reply, strlen(reply));
  free(reply);
  tcp_shutdown(client, 2, &r);
  drop_input(in);
  drop_output(out);
  drop_tcp(client);
  drop_tcp(sock);
  drop_network(net);
  char* text = format("ok:%s%s", data, "");
  free(data);
  return give(text);
}

__attribute__((export_name("tcp-bind")))
void* tcp_bind(uint32_t ip, uint32_t port) {
  handle net = instance_network(), sock;
  void* failed = bind_tcp(net, ip, port, &sock);
  if (failed) return failed;
  drop_tcp(sock);
  drop_network(net);
  return give(strdup("ok"));
}

// An outgoing-datagram: data, then option<ip-socket-address> (IPv4 only here).
typedef struct {
  const char* data; int32_t len;
  uint8_t some; uint8_t pad0[3];
  uint8_t family; uint8_t pad1[3];
  uint16_t port; uint8_t ip[4]; uint8_t rest[22];
} outgoing_t;
_Static_assert(sizeof(outgoing_t) == 44, "outgoing-datagram is 44 bytes");
typedef struct {
  char* data; int32_t len;
  uint8_t family; uint8_t pad[3];
  uint16_t port; uint8_t ip[4]; uint8_t rest[22];
} incoming_t;
_Static_assert(sizeof(incoming_t) == 40, "incoming-datagram is 40 bytes");

__attribute__((export_name("udp-echo")))
void* udp_echo(uint32_t ip, uint32_t port, uint32_t local_port, const char* msg, size_t msg_len) {
  handle net = instance_network();
  result_t r;
  create_udp(0, &r);
  if (r.tag) return fail("create", code_at4(&r));
  handle sock = r.payload[0];
  udp_start_bind(sock, net, IPV4_ARGS(0x7f000001u, local_port), &r);
  if (r.tag) return fail("start-bind", r.code);
  udp_finish_bind(sock, &r);
  if (r.tag) return fail("finish-bind", r.code);
  udp_stream(sock, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, &r);  // none: not connected
  if (r.tag) return fail("stream", code_at4(&r));
  handle in = r.payload[0], out = r.payload[1];
  // result<u64, error-code>: the count or the code at offset 8.
  struct { uint8_t tag; uint8_t pad[7]; uint64_t n; } count;
  udp_check_send(out, &count);
  if (count.tag) return fail("check-send", (uint8_t)count.n);
  outgoing_t d = {0};
  d.data = msg;
  d.len = (int32_t)msg_len;
  d.some = 1;
  d.port = (uint16_t)port;
  for (int i = 0; i < 4; ++i) d.ip[i] = (uint8_t)(ip >> (24 - 8 * i));
  udp_send(out, &d, 1, &count);
  if (count.tag) return fail("send", (uint8_t)count.n);
  if (count.n != 1) return give(strdup("error:nothing sent"));
  struct { uint8_t tag; uint8_t pad[3]; int32_t ptr; int32_t len; } got;  // code at 4 on err
  for (;;) {
    block_on(udp_in_subscribe(in));
    udp_receive(in, 4, &got);
    if (got.tag) return fail("receive", (uint8_t)got.ptr);
    if (got.len > 0) break;
  }
  incoming_t* first = (incoming_t*)(intptr_t)got.ptr;
  char* data = strndup(first->data, (size_t)first->len);
  char* text = format("ok:%s%s", data, "");
  for (int i = 0; i < got.len; ++i) free(first[i].data);
  free(first);
  free(data);
  drop_udp_in(in);
  drop_udp_out(out);
  drop_udp(sock);
  drop_network(net);
  return give(text);
}

__attribute__((export_name("lookup")))
void* lookup(const char* name, size_t name_len) {
  handle net = instance_network();
  result_t r;
  resolve_addresses(net, name, (int32_t)name_len, &r);
  if (r.tag) return fail("resolve-addresses", code_at4(&r));
  handle stream = r.payload[0];
  block_on(resolve_subscribe(stream));
  char* text = strdup("ok:");
  for (;;) {
    // result<option<ip-address>, error-code>: tag, option tag at 2, ip-address at 4 (case at
    // 4, tuple at 6).
    struct { uint8_t tag; uint8_t pad; uint8_t some; uint8_t pad1; uint8_t family; uint8_t pad2;
             uint16_t words[8]; } next;
    resolve_next(stream, &next);
    if (next.tag) return fail("resolve-next-address", next.some);
    if (!next.some) break;
    char address[48];
    if (next.family == 0) {
      const uint8_t* b = (const uint8_t*)next.words;
      snprintf(address, sizeof address, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    } else {
      snprintf(address, sizeof address, "%x:%x:%x:%x:%x:%x:%x:%x", next.words[0], next.words[1],
               next.words[2], next.words[3], next.words[4], next.words[5], next.words[6],
               next.words[7]);
    }
    char* longer = format("%s%s,", text, address);
    free(text);
    text = longer;
  }
  drop_resolve(stream);
  drop_network(net);
  return give(text);
}

__attribute__((export_name("open-sockets")))
void* open_sockets(uint32_t count) {
  handle* socks = malloc(sizeof(handle) * (count ? count : 1));
  uint32_t opened = 0;
  const char* problem = 0;
  while (opened < count) {
    result_t r;
    create_tcp(0, &r);
    if (r.tag) {
      problem = kErrorCodes[code_at4(&r)];
      break;
    }
    socks[opened++] = r.payload[0];
  }
  for (uint32_t i = 0; i < opened; ++i) drop_tcp(socks[i]);
  free(socks);
  char n[16];
  snprintf(n, sizeof n, "%u", opened);
  return give(problem ? format("opened %s, then %s", n, problem) : format("opened %s%s", n, ""));
}

__attribute__((export_name("tcp-options")))
void* tcp_options(void) {
  result_t r;
  create_tcp(0, &r);
  if (r.tag) return fail("create", code_at4(&r));
  handle sock = r.payload[0];
  struct { uint8_t tag; uint8_t value; uint8_t pad[6]; uint64_t wide; } v;
  char line[256];
  tcp_set_keep_alive(sock, 1, &r);
  tcp_keep_alive(sock, &v);
  int keep_alive = v.tag ? -1 : v.value;
  tcp_set_idle(sock, 30000000000LL, &r);
  tcp_idle(sock, &v);
  long long idle_s = v.tag ? -1 : (long long)(v.wide / 1000000000u);
  tcp_set_hop_limit(sock, 0, &r);
  const char* zero_hops = r.tag ? kErrorCodes[r.code] : "ok";
  tcp_set_hop_limit(sock, 9, &r);
  tcp_hop_limit(sock, &v);
  int hops = v.tag ? -1 : v.value;
  tcp_set_rcvbuf(sock, 0, &r);
  const char* zero_buffer = r.tag ? kErrorCodes[r.code] : "ok";
  tcp_local_address(sock, &r);
  const char* unbound_address = r.tag ? kErrorCodes[code_at4(&r)] : "ok";
  snprintf(line, sizeof line,
           "keep-alive=%d idle=%lld hop-limit=%d hop-limit(0)=%s receive-buffer(0)=%s "
           "family=%d listening=%d local-address=%s",
           keep_alive, idle_s, hops, zero_hops, zero_buffer, (int)tcp_address_family(sock),
           (int)tcp_is_listening(sock), unbound_address);
  drop_tcp(sock);
  return give(strdup(line));
}

__attribute__((export_name("cabi_post_tcp-echo"))) void post_echo(void* p) { (void)p; free(ret_area.ptr); }
__attribute__((export_name("cabi_post_tcp-accept-once"))) void post_accept(void* p) { (void)p; free(ret_area.ptr); }
__attribute__((export_name("cabi_post_tcp-bind"))) void post_bind(void* p) { (void)p; free(ret_area.ptr); }
__attribute__((export_name("cabi_post_udp-echo"))) void post_udp(void* p) { (void)p; free(ret_area.ptr); }
__attribute__((export_name("cabi_post_lookup"))) void post_lookup(void* p) { (void)p; free(ret_area.ptr); }
__attribute__((export_name("cabi_post_open-sockets"))) void post_open(void* p) { (void)p; free(ret_area.ptr); }
__attribute__((export_name("cabi_post_tcp-options"))) void post_options(void* p) { (void)p; free(ret_area.ptr); }
