/*
** odmcp/plugin.h -- the stable C ABI between orderdesk-mcp and its plugins.
**
** A plugin is a shared library that exports exactly one function,
** odmcp_plugin_query(). It describes the plugin; the host then calls the
** plugin's init(), handing it tables of host functions through which the
** plugin registers tools and reaches every host service. This header is the
** whole contract: a plugin written in plain C against it, and nothing else,
** runs on any host of the same ABI major version.
**
** RULES
**   R1  Only C types cross the boundary: fixed-width integers, double,
**       pointers, and structs of these. No bool, no enum-typed fields (their
**       size is implementation-defined), no C++ types, and no C++ exception,
**       longjmp or signal-based unwind may cross in either direction.
**   R2  Every struct that one side fills for the other starts with
**       uint32_t struct_size = sizeof(the struct as the writer compiled it).
**       Structs only grow, by appending fields. A reader treats every field
**       beyond a shorter struct_size as zero, and refuses a longer struct
**       whose bytes past the reader's own size are not all zero: those bytes
**       ask for something the reader does not know.
**   R3  Strings are UTF-8 odmcp_str {ptr, len} views, not NUL-terminated
**       unless a comment says so. A view passed to a function is borrowed for
**       the duration of that function: the receiver copies what it keeps.
**   R4  Nothing allocated on one side is freed on the other; the ABI has no
**       free function. Output leaves a plugin through host writer functions
**       that copy their input; data reaches a plugin through views and sinks
**       that are valid only during the callback that receives them.
**   R5  A NULL function pointer, or a table whose struct_size does not reach
**       a field, means "not provided" (test with ODMCP_HAS). A provided
**       function may still answer ODMCP_UNIMPLEMENTED when the service it
**       belongs to is not configured on this host.
**   R6  Every host function takes its context first: odmcp_host* for work on
**       behalf of the plugin, odmcp_call* for work on behalf of one tool call.
**       The host uses it to scope data (a cache entry belongs to one tenant
**       and one plugin) and to attribute logs.
**
** THREADS
**   T1  odmcp_plugin_query may be called from any thread, more than once; it
**       has no side effects.
**   T2  init() and shutdown() run once each, on the host's control thread,
**       never concurrently with each other or with a call into the plugin.
**       registry functions work only during init().
**   T3  Tool handlers run on host worker threads, concurrently, unless the
**       plugin sets ODMCP_PLUGIN_SERIAL or the tool sets ODMCP_TOOL_SERIAL.
**   T4  Every host function is thread-safe and may be called from any thread
**       between init() and the return of shutdown(), except registry (T2).
**   T5  Functions taking an odmcp_call* are valid from handler entry until
**       the handler returns; a plugin must not use one call from two threads
**       at the same time.
**   T6  Host callbacks into the plugin (sinks) run synchronously on the
**       calling thread, never while the host holds a lock the plugin could
**       need: a sink may call any host function.
**
** VERSIONS
**   ODMCP_ABI_MAJOR changes only if compatibility is broken; the host refuses
**   a plugin built for another major. ODMCP_ABI_MINOR grows with every
**   appended field, function or table. A plugin built against an older minor
**   keeps working on a newer host; a plugin built against a newer minor runs
**   on an older host only if its min_host_abi_minor allows it, and it must
**   then probe (R5) before using anything newer than that minimum.
**     1.0  tools, call results, progress, client logging, cancellation, host
**          logging, runtime description; tables for session, vault, cache,
**          rate limit and HTTP services.
**     1.1  session.use_master_key (authenticating a connection from a tool),
**          call.audit_store (the store a call acted on, for the audit log).
**     1.2  resources, resource templates, prompts and completions:
**          registry.register_resource and register_prompt, and the call
**          writers their handlers use (add_resource_contents,
**          add_listed_resource, add_prompt_message, add_completion);
**          rate-limit families shared between plugins ('@' names).
**     1.3  asking the client for input (call.request_input, input_response,
**          request_state, set_request_state) and telling clients about
**          changes (the notify table: resource_updated, list_changed).
**     1.4  pacing outbound requests by a rate-limit bucket
**          (odmcp_http_request.pace_bucket and pace_key), so that a GET
**          joined to an identical one in flight takes no token.
*/
#ifndef ODMCP_PLUGIN_H_
#define ODMCP_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#define ODMCP_ABI_MAJOR 1u
#define ODMCP_ABI_MINOR 4u

/* The one symbol a plugin exports. */
#define ODMCP_ENTRY_SYMBOL "odmcp_plugin_query"

#if defined(_WIN32)
#define ODMCP_EXPORT __declspec(dllexport)
#else
#define ODMCP_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Sizes and probing (R2, R5)                                               */
/* ------------------------------------------------------------------------ */

/* Bytes a struct must span to contain FIELD. (Spelled per language so the
** header stays free of warnings under strict C++ flags.) */
#ifdef __cplusplus
#define ODMCP_SIZE_THROUGH(type, field) \
  (offsetof(type, field) + sizeof(static_cast<type*>(nullptr)->field))
#else
#define ODMCP_SIZE_THROUGH(type, field) \
  (offsetof(type, field) + sizeof(((type*)0)->field))
#endif

/* Non-zero if *p (a struct starting with struct_size) contains FIELD. A NULL
** function pointer in a contained field still means "not provided". */
#define ODMCP_HAS(p, type, field) \
  ((p) != NULL && (p)->struct_size >= ODMCP_SIZE_THROUGH(type, field))

/* ------------------------------------------------------------------------ */
/* Basic types                                                              */
/* ------------------------------------------------------------------------ */

/* A borrowed UTF-8 string view (R3). ptr may be NULL when len is 0. */
typedef struct odmcp_str {
  const char* ptr;
  size_t len;
} odmcp_str;

/* Status codes: the canonical gRPC / absl::StatusCode values. */
typedef int32_t odmcp_status;
#define ODMCP_OK 0
#define ODMCP_CANCELLED 1           /* the call was cancelled by the client   */
#define ODMCP_UNKNOWN 2
#define ODMCP_INVALID_ARGUMENT 3    /* the caller's input is wrong            */
#define ODMCP_DEADLINE_EXCEEDED 4   /* the call's deadline passed             */
#define ODMCP_NOT_FOUND 5           /* no such key, entry or resource         */
#define ODMCP_ALREADY_EXISTS 6      /* e.g. a tool name already registered   */
#define ODMCP_PERMISSION_DENIED 7   /* not allowed by configuration          */
#define ODMCP_RESOURCE_EXHAUSTED 8  /* rate limited, quota or size limit      */
#define ODMCP_FAILED_PRECONDITION 9 /* e.g. registry used outside init()      */
#define ODMCP_ABORTED 10            /* concurrent change; retry may succeed   */
#define ODMCP_OUT_OF_RANGE 11
#define ODMCP_UNIMPLEMENTED 12      /* service not available on this host     */
#define ODMCP_INTERNAL 13           /* a bug; details go to the host log only */
#define ODMCP_UNAVAILABLE 14        /* transient; an upstream is down         */
#define ODMCP_DATA_LOSS 15
#define ODMCP_UNAUTHENTICATED 16    /* no or wrong credentials                */

/* Receives bytes that are valid only during this invocation (R4). A function
** given a sink calls it zero or more times, synchronously, before it
** returns; the sink copies what it needs. */
typedef void (*odmcp_sink_fn)(void* sink_ctx, const char* data, size_t len);

/* Log levels, shared by the host log and client logging: RFC 5424 severities
** as MCP names them (debug ... emergency). */
#define ODMCP_LOG_DEBUG 0
#define ODMCP_LOG_INFO 1
#define ODMCP_LOG_NOTICE 2
#define ODMCP_LOG_WARNING 3
#define ODMCP_LOG_ERROR 4
#define ODMCP_LOG_CRITICAL 5
#define ODMCP_LOG_ALERT 6
#define ODMCP_LOG_EMERGENCY 7

/* Opaque, host-owned handles. One odmcp_host per loaded plugin, valid from
** init() entry until shutdown() returns. One odmcp_call per tool call, valid
** from handler entry until the handler returns (T5). */
typedef struct odmcp_host odmcp_host;
typedef struct odmcp_call odmcp_call;

/* ------------------------------------------------------------------------ */
/* Tools (plugin -> host)                                                   */
/* ------------------------------------------------------------------------ */

/* A tool handler. args_json is the call's arguments object, already
** validated against the tool's input schema; it is borrowed until the
** handler returns. The handler writes its result through odmcp_call_api and
** returns:
**   ODMCP_OK          the call finished; if set_error() was called the
**                     client receives a result with isError: true.
**   any other status  the call failed; the client receives isError: true
**                     with "<status name>: <message given to set_error()>".
**                     ODMCP_INTERNAL shows the client a generic message and
**                     sends the detail to the host log only.
** A handler that may run long checks is_cancelled() between steps. */
typedef odmcp_status (*odmcp_tool_fn)(void* tool_state, odmcp_call* call,
                                      odmcp_str args_json);

/* Tri-state hints: MCP's defaults differ per hint, so "unset" is distinct
** from false. The host omits unset hints from the tool's annotations. */
#define ODMCP_HINT_UNSET 0
#define ODMCP_HINT_FALSE 1
#define ODMCP_HINT_TRUE 2

/* Cost classes for the host's per-tenant rate limit. */
#define ODMCP_COST_READ 0
#define ODMCP_COST_WRITE 1

/* Tool flags. */
#define ODMCP_TOOL_SERIAL (1u << 0) /* never run two calls of this tool at once */

/* Describes one tool. Every view is borrowed for the duration of
** register_tool(); the host deep-copies what it keeps. */
typedef struct odmcp_tool_desc {
  uint32_t struct_size;
  uint32_t flags;                /* ODMCP_TOOL_*                                */
  odmcp_str name;                /* the MCP tool name, [A-Za-z0-9_.-]{1,128};   */
                                 /* by convention <area>_<verb>: orders_get    */
  odmcp_str title;               /* optional human-readable name                */
  odmcp_str description;         /* required; written for a model: what the    */
                                 /* tool does, when to use it, what it costs    */
  odmcp_str input_schema_json;   /* required JSON Schema; root "type":"object". */
                                 /* Served verbatim; the host validates         */
                                 /* arguments against it before every call     */
  odmcp_str output_schema_json;  /* optional; root "type":"object"; the host   */
                                 /* checks structured content against it        */
  odmcp_str meta_json;           /* optional JSON object, served as _meta        */
  odmcp_str required_client_capabilities_json;
                                 /* optional JSON object of the client          */
                                 /* capabilities the tool cannot work without,  */
                                 /* e.g. {"sampling":{}}. A client that did not */
                                 /* declare one gets an error, not a call       */
  int32_t read_only_hint;        /* ODMCP_HINT_*                                */
  int32_t destructive_hint;      /* ODMCP_HINT_*                                */
  int32_t idempotent_hint;       /* ODMCP_HINT_*                                */
  int32_t open_world_hint;       /* ODMCP_HINT_*                                */
  int32_t cost_class;            /* ODMCP_COST_*                                */
  uint32_t reserved0;            /* zero                                        */
  odmcp_tool_fn handler;         /* required                                    */
  void* tool_state;              /* plugin-owned; passed back to the handler    */
} odmcp_tool_desc;

/* ------------------------------------------------------------------------ */
/* Resources and prompts (plugin -> host; 1.2)                              */
/* ------------------------------------------------------------------------ */

/* Resources, prompts and completions are answered by handlers of the same
** type as a tool's (odmcp_tool_fn), run the same way: on worker threads,
** with an odmcp_call through which the handler reaches every host service
** for the request's tenant and writes its answer. args_json differs per
** handler, and so do the writers that apply (odmcp_call_api, 1.2):
**
**   read      {"uri": "...", "variables": {"name": "value", ...}}: writes
**             add_resource_contents once per content; variables are those
**             of the template the URI matched ({} for a fixed resource).
**             ODMCP_NOT_FOUND: no such resource (the client is told so).
**   list      {}: writes add_listed_resource for every concrete resource
**             of a template that exists for the caller (its stores, say).
**   get       the prompt's arguments, an object of strings, with every
**             required argument present: writes add_prompt_message.
**   complete  {"argument": {"name", "value"}, "context": {"arguments":
**             {...}}}: writes add_completion per suggested value, best
**             first; the host sends at most 100.
**
** A handler's ODMCP_INVALID_ARGUMENT becomes the client's invalid-params
** error with the set_error() message; other failures are reported as for
** tools. Set ODMCP_TOOL_SERIAL in flags to serialize a handler's calls. */

/* Asking the client for input (1.3). A tool, prompt get or resource read
** handler that needs the user (elicitation) or the client's model
** (sampling) or roots first looks for the answer with input_response. If it
** is absent, the handler asks with request_input (any number of keys),
** optionally sets a small state with set_request_state, and returns
** ODMCP_OK: the call's answer is then "input required", and whatever else
** the handler wrote is discarded. The host obtains the answers in the way
** the client's protocol era allows (the handler never knows which) and runs
** the handler again, from the start, with input_response answering the
** keys and request_state giving back the state:
**   2025 era   the host sends each request to the client over the call's
**              own stream and waits; the call stays open.
**   2026 era   the call ends with an input_required result whose
**              requestState the host signs (HMAC-SHA256), binds to the
**              tenant, the method, the tool, prompt or URI, and the
**              arguments, and lets expire; the client's retry with the
**              answers and that state resumes it. A state that is altered,
**              expired, or replayed by another tenant or for another
**              request is refused before any handler runs.
** So a handler must do nothing irreversible before it has all its answers,
** and must carry in its state anything from an earlier round it still
** needs: each round sees only the previous round's answers. A host gives up
** after 8 rounds. No plugin thread ever waits for a person. */

/* Describes a resource (uri set) or a resource template (uri_template set:
** RFC 6570 simple expansion only, "{name}" matching one or more characters
** other than '/'). Views are borrowed for the call of register_resource. */
typedef struct odmcp_resource_desc {
  uint32_t struct_size;
  uint32_t flags;            /* ODMCP_TOOL_SERIAL                              */
  odmcp_str uri;             /* a fixed resource's URI, or empty               */
  odmcp_str uri_template;    /* a template, or empty; exactly one of the two   */
  odmcp_str name;            /* required; unique among the host's resources    */
  odmcp_str title;           /* optional                                       */
  odmcp_str description;     /* optional; written for a model                  */
  odmcp_str mime_type;       /* optional, e.g. "application/json"              */
  odmcp_str meta_json;       /* optional JSON object, served as _meta          */
  odmcp_tool_fn read;        /* required                                       */
  odmcp_tool_fn list;        /* templates only, optional                       */
  odmcp_tool_fn complete;    /* templates only, optional: completes variables */
  void* state;               /* plugin-owned; passed to each handler           */
} odmcp_resource_desc;

/* Describes a prompt. Views are borrowed for the call of register_prompt. */
typedef struct odmcp_prompt_desc {
  uint32_t struct_size;
  uint32_t flags;            /* ODMCP_TOOL_SERIAL                              */
  odmcp_str name;            /* required; [A-Za-z0-9_.-]{1,128}, unique        */
  odmcp_str title;           /* optional                                       */
  odmcp_str description;     /* required; written for the person choosing it  */
  odmcp_str arguments_json;  /* optional JSON array of {"name", "title"?,     */
                             /* "description"?, "required"?: bool}            */
  odmcp_str meta_json;       /* optional JSON object, served as _meta          */
  odmcp_tool_fn get;         /* required                                       */
  odmcp_tool_fn complete;    /* optional: completes argument values            */
  void* state;               /* plugin-owned; passed to each handler           */
} odmcp_prompt_desc;

/* ------------------------------------------------------------------------ */
/* Host service tables (host -> plugin; static, read-only)                  */
/* ------------------------------------------------------------------------ */

typedef struct odmcp_registry_api {
  uint32_t struct_size;
  /* Registers a tool. Only during init() (else ODMCP_FAILED_PRECONDITION).
  ** Returns ODMCP_INVALID_ARGUMENT for a bad name, a missing description or
  ** handler, or a schema that is not valid JSON or whose root is not an
  ** object schema; ODMCP_ALREADY_EXISTS if any loaded plugin already has a
  ** tool of that name. The reason is written to the host log. */
  odmcp_status (*register_tool)(odmcp_host* host, const odmcp_tool_desc* desc);
  /* 1.2: Registers a resource or resource template, or a prompt. Only during
  ** init(). ODMCP_INVALID_ARGUMENT for a missing name or handler, both or
  ** neither of uri and uri_template, a template that is not simple, or JSON
  ** that does not parse; ODMCP_ALREADY_EXISTS if a loaded plugin already
  ** has that name, URI or template. The reason goes to the host log. */
  odmcp_status (*register_resource)(odmcp_host* host, const odmcp_resource_desc* desc);
  odmcp_status (*register_prompt)(odmcp_host* host, const odmcp_prompt_desc* desc);
} odmcp_registry_api;

typedef struct odmcp_call_api {
  uint32_t struct_size;
  /* Appends a text content block. */
  odmcp_status (*add_text)(odmcp_call* call, odmcp_str text);
  /* Appends any MCP content block given as a JSON object with a "type"
  ** (image, audio, resource, resource_link, text). ODMCP_INVALID_ARGUMENT if
  ** it is not a JSON object with a string "type". */
  odmcp_status (*add_content)(odmcp_call* call, odmcp_str content_json);
  /* Sets structuredContent (replacing an earlier value). If the tool has an
  ** output schema the value must satisfy it: a mismatch is a plugin bug and
  ** the client receives a generic error. If the handler adds no content the
  ** host adds the serialized value as a text block. ODMCP_INVALID_ARGUMENT if
  ** it is not valid JSON. */
  odmcp_status (*set_structured)(odmcp_call* call, odmcp_str json);
  /* Marks the result as a tool error (isError: true) and appends message as
  ** a text block. Write messages a model can act on: what was wrong, and
  ** what to do instead. */
  odmcp_status (*set_error)(odmcp_call* call, odmcp_str message);
  /* Reports progress. Sent to the client only if it asked for progress on
  ** this call; otherwise a no-op returning ODMCP_OK. progress must grow from
  ** one report to the next (ODMCP_INVALID_ARGUMENT otherwise); total < 0
  ** means unknown; message may be empty. */
  odmcp_status (*progress)(odmcp_call* call, double progress, double total,
                           odmcp_str message);
  /* Non-zero once the client has cancelled the call or its deadline passed. */
  int32_t (*is_cancelled)(odmcp_call* call);
  /* The call's deadline in Unix milliseconds, or 0 if it has none. */
  int64_t (*deadline_unix_ms)(odmcp_call* call);
  /* Sends a log message to the client (MCP notifications/message) if the
  ** client enabled logging at or below level for this call; otherwise a
  ** no-op returning ODMCP_OK. data_json is any JSON value; logger may be
  ** empty. For the operator's log use odmcp_log_api instead. */
  odmcp_status (*client_log)(odmcp_call* call, int32_t level, odmcp_str logger,
                             odmcp_str data_json);
  /* 1.1: Names the upstream account the call acted on (an OrderDesk store
  ** id, say) for the call's audit row. The last value given wins; it must
  ** not be a secret. */
  odmcp_status (*audit_store)(odmcp_call* call, odmcp_str store);
  /* 1.2: The writers of resource, prompt and completion handlers (see
  ** "Resources and prompts"); each returns ODMCP_INVALID_ARGUMENT, writing
  ** the reason to the host log, for input of the wrong shape.
  ** add_resource_contents: one ResourceContents object, {"uri", "mimeType"?,
  ** and "text" or "blob" (base64)}. */
  odmcp_status (*add_resource_contents)(odmcp_call* call, odmcp_str contents_json);
  /* add_listed_resource: one Resource object, {"uri", "name", "title"?,
  ** "description"?, "mimeType"?}. */
  odmcp_status (*add_listed_resource)(odmcp_call* call, odmcp_str resource_json);
  /* add_prompt_message: role "user" or "assistant", and one content block
  ** as for add_content. */
  odmcp_status (*add_prompt_message)(odmcp_call* call, odmcp_str role,
                                     odmcp_str content_json);
  /* add_completion: one suggested value. */
  odmcp_status (*add_completion)(odmcp_call* call, odmcp_str value);
  /* 1.3: Asking the client for input (see "Asking the client for input").
  ** request_input: asks the client to answer method ("elicitation/create",
  ** "sampling/createMessage" or "roots/list") with params_json (a JSON
  ** object, the params of that MCP request), under key (1-64 characters,
  ** unique within the call). ODMCP_FAILED_PRECONDITION if the client did not
  ** declare the capability the method needs (elicitation, sampling, roots):
  ** the handler must then do without the answer; ODMCP_INVALID_ARGUMENT for
  ** another method, a bad or repeated key, or params that are not an object;
  ** ODMCP_RESOURCE_EXHAUSTED beyond 16 requests in one call. */
  odmcp_status (*request_input)(odmcp_call* call, odmcp_str key, odmcp_str method,
                                odmcp_str params_json);
  /* input_response: writes the client's answer to the request made under
  ** key in the previous round (a JSON object: an ElicitResult,
  ** CreateMessageResult or ListRootsResult) to sink. ODMCP_NOT_FOUND if
  ** there is none: the first round, a key the client did not answer, or an
  ** answer that is not an object. */
  odmcp_status (*input_response)(odmcp_call* call, odmcp_str key, odmcp_sink_fn sink,
                                 void* sink_ctx);
  /* set_request_state: the state the next round of this call receives
  ** through request_state (at most 4096 bytes, else ODMCP_OUT_OF_RANGE).
  ** It travels through the client signed but not encrypted: never put a
  ** secret in it. request_state: writes it to sink; ODMCP_NOT_FOUND in the
  ** first round or if the previous round set none. */
  odmcp_status (*set_request_state)(odmcp_call* call, odmcp_str state);
  odmcp_status (*request_state)(odmcp_call* call, odmcp_sink_fn sink, void* sink_ctx);
} odmcp_call_api;

typedef struct odmcp_log_api {
  uint32_t struct_size;
  /* Non-zero if a message at level would be written; lets a plugin skip
  ** formatting work. */
  int32_t (*enabled)(odmcp_host* host, int32_t level);
  /* Writes one line to the host log, attributed to the plugin and, when call
  ** is not NULL, to that call's correlation id. Secrets must not be logged. */
  void (*write)(odmcp_host* host, odmcp_call* call, int32_t level,
                odmcp_str message);
} odmcp_log_api;

/* Scopes of session values. */
#define ODMCP_SCOPE_SESSION 0 /* the client's session; sessionless requests have none */
#define ODMCP_SCOPE_TENANT 1  /* persisted; shared by every session of the tenant     */

typedef struct odmcp_session_api {
  uint32_t struct_size;
  /* Writes a JSON object describing the request to sink: "correlation_id",
  ** "era" ("legacy" or "stateless"), "protocol_version", "client"
  ** ({"name", "version"}, absent if the client gave none), "tenant"
  ** ({"id", "name"}, absent if the request is not authenticated) and
  ** "has_session" (true if session-scoped values can be kept); more keys
  ** may appear. */
  odmcp_status (*describe)(odmcp_call* call, odmcp_sink_fn sink, void* sink_ctx);
  /* A key/value store per scope, shared by every plugin serving the tenant,
  ** so that one plugin's choice (the active store, say) is seen by the
  ** others: prefix keys with the plugin's name unless sharing is the point.
  ** Values are opaque bytes. get() writes the value to sink or returns
  ** ODMCP_NOT_FOUND; every function returns ODMCP_UNAUTHENTICATED when the
  ** request has no tenant, and with ODMCP_SCOPE_SESSION
  ** ODMCP_FAILED_PRECONDITION when the request has no session. */
  odmcp_status (*get)(odmcp_call* call, int32_t scope, odmcp_str key,
                      odmcp_sink_fn sink, void* sink_ctx);
  odmcp_status (*put)(odmcp_call* call, int32_t scope, odmcp_str key,
                      odmcp_str value);
  odmcp_status (*erase)(odmcp_call* call, int32_t scope, odmcp_str key);
  /* 1.1: Authenticates the rest of the client's connection as the tenant
  ** whose master key this is, for transports where the key cannot come with
  ** each request (stdio). ODMCP_OK; ODMCP_UNAUTHENTICATED for a key that
  ** belongs to no tenant; ODMCP_FAILED_PRECONDITION where every request
  ** carries its own key (HTTP); ODMCP_UNIMPLEMENTED
  ** when the host runs without tenants. The key is a secret: never log it. */
  odmcp_status (*use_master_key)(odmcp_call* call, odmcp_str master_key);
} odmcp_session_api;

typedef struct odmcp_vault_api {
  uint32_t struct_size;
  /* Stores (or replaces) the calling tenant's credential entry name.
  ** public_json is metadata the plugin may read back (a store's name, say);
  ** secret_headers_json is a JSON object of HTTP header names to values that
  ** the host encrypts at rest and adds to outbound requests naming this
  ** entry (odmcp_http_request.credential). The plugin never reads them back
  ** unless configuration grants it (with_secret). Entries belong to the
  ** tenant and are shared by its plugins. Every vault function returns
  ** ODMCP_UNAUTHENTICATED when the call has no tenant, ODMCP_UNIMPLEMENTED
  ** when the host runs without tenants, and ODMCP_DATA_LOSS when a stored
  ** entry fails authentication (tampered, or moved from another row). */
  odmcp_status (*put)(odmcp_call* call, odmcp_str name, odmcp_str public_json,
                      odmcp_str secret_headers_json);
  /* Writes the entry's public_json to sink; ODMCP_NOT_FOUND if absent. */
  odmcp_status (*get_public)(odmcp_call* call, odmcp_str name,
                             odmcp_sink_fn sink, void* sink_ctx);
  /* Writes a JSON array of {"name", "public"} for the tenant's entries whose
  ** name starts with prefix. */
  odmcp_status (*list)(odmcp_call* call, odmcp_str prefix, odmcp_sink_fn sink,
                       void* sink_ctx);
  /* Deletes the entry; ODMCP_NOT_FOUND if absent. */
  odmcp_status (*erase)(odmcp_call* call, odmcp_str name);
  /* Gives the decrypted secret_headers_json to use() for the duration of the
  ** callback; the host wipes its copy afterwards. ODMCP_PERMISSION_DENIED
  ** unless configuration allows this plugin to read raw secrets. */
  odmcp_status (*with_secret)(odmcp_call* call, odmcp_str name,
                              odmcp_sink_fn use, void* use_ctx);
} odmcp_vault_api;

typedef struct odmcp_cache_api {
  uint32_t struct_size;
  /* Entries are scoped to the call's tenant and to the plugin by
  ** construction (calls of a host without tenants share one scope; a call
  ** that should have a tenant and has none gets ODMCP_UNAUTHENTICATED). get() writes the value to sink or returns ODMCP_NOT_FOUND;
  ** put() stores it for ttl_ms (> 0); invalidate_prefix() drops every entry
  ** of the scope whose key starts with prefix. */
  odmcp_status (*get)(odmcp_call* call, odmcp_str key, odmcp_sink_fn sink,
                      void* sink_ctx);
  odmcp_status (*put)(odmcp_call* call, odmcp_str key, odmcp_str value,
                      int64_t ttl_ms);
  odmcp_status (*invalidate_prefix)(odmcp_call* call, odmcp_str prefix);
} odmcp_cache_api;

typedef struct odmcp_ratelimit_api {
  uint32_t struct_size;
  /* Declares a token bucket family private to the plugin: each distinct key
  ** gets its own bucket holding up to capacity tokens and refilling at
  ** refill_per_second. Only during init(). 1.2: a name that starts with '@'
  ** declares a family shared by every plugin that declares it, with the
  ** same capacity and refill (else ODMCP_INVALID_ARGUMENT): plugins that
  ** call one upstream share its limit. */
  odmcp_status (*declare_bucket)(odmcp_host* host, odmcp_str bucket,
                                 double capacity, double refill_per_second);
  /* Takes cost tokens from bucket[key] without waiting: ODMCP_OK, or
  ** ODMCP_RESOURCE_EXHAUSTED with *retry_after_ms set; ODMCP_NOT_FOUND for
  ** an undeclared bucket. Keys are not tenant-scoped: an upstream's limit
  ** applies to whoever calls it. */
  odmcp_status (*try_acquire)(odmcp_call* call, odmcp_str bucket, odmcp_str key,
                              double cost, int64_t* retry_after_ms);
  /* Like try_acquire, but waits for the tokens; ODMCP_DEADLINE_EXCEEDED or
  ** ODMCP_CANCELLED if the call ends first. */
  odmcp_status (*acquire)(odmcp_call* call, odmcp_str bucket, odmcp_str key,
                          double cost);
} odmcp_ratelimit_api;

typedef struct odmcp_http_header {
  odmcp_str name;
  odmcp_str value;
} odmcp_http_header;

/* Request flags. */
#define ODMCP_HTTP_IDEMPOTENT (1u << 0) /* may be retried even if not GET/HEAD/PUT/DELETE */
#define ODMCP_HTTP_NO_COALESCE (1u << 1) /* never share this GET with identical ones      */

typedef struct odmcp_http_request { /* plugin-owned; the host copies it */
  uint32_t struct_size;
  uint32_t header_struct_size;  /* sizeof(odmcp_http_header), so it can grow */
  odmcp_str method;             /* "GET", "POST", ...                          */
  odmcp_str url;                /* absolute http(s) URL                        */
  const odmcp_http_header* headers;
  size_t header_count;
  odmcp_str body;
  odmcp_str credential;         /* optional vault entry whose secret headers  */
                                /* the host adds                               */
  int64_t timeout_ms;           /* 0 = host default; never past the deadline  */
  uint64_t max_response_bytes;  /* 0 = host default                            */
  uint32_t flags;               /* ODMCP_HTTP_*                                */
  uint32_t reserved0;           /* zero                                        */
  /* 1.4: when pace_bucket is not empty, the host takes one token of
  ** pace_bucket[pace_key], a bucket the plugin declared, before each attempt
  ** it sends, waiting as ratelimit.acquire does. A GET that joins an
  ** identical one in flight sends nothing and so takes nothing, and every
  ** retry takes a token, so the bucket counts what reaches the upstream.
  ** fetch() then also fails with ODMCP_NOT_FOUND for an undeclared bucket,
  ** and with ODMCP_DEADLINE_EXCEEDED or ODMCP_CANCELLED while waiting for a
  ** token. A host without a rate limiter sends the request unpaced. */
  odmcp_str pace_bucket;
  odmcp_str pace_key;
} odmcp_http_request;

typedef struct odmcp_http_response { /* host-owned; valid only inside on_done */
  uint32_t struct_size;
  int32_t status_code;
  const odmcp_http_header* headers;
  size_t header_count;
  odmcp_str body;
} odmcp_http_response;

/* Receives the outcome of fetch(), once, synchronously, before fetch()
** returns. response is NULL when transport_status is not ODMCP_OK
** (ODMCP_UNAVAILABLE: connection failed after retries; ODMCP_DEADLINE_EXCEEDED;
** ODMCP_CANCELLED; ODMCP_RESOURCE_EXHAUSTED: response too large). An HTTP
** error status is a response, not a transport failure. */
typedef void (*odmcp_http_done_fn)(void* ctx, odmcp_status transport_status,
                                   const odmcp_http_response* response);

typedef struct odmcp_http_api {
  uint32_t struct_size;
  /* Performs request with the host's client (TLS verified, connections
  ** reused, retries with backoff for idempotent requests, identical
  ** concurrent GETs coalesced) and blocks until on_done has run. Returns the
  ** same status as on_done's transport_status, or ODMCP_INVALID_ARGUMENT for
  ** a malformed request. */
  odmcp_status (*fetch)(odmcp_call* call, const odmcp_http_request* request,
                        odmcp_http_done_fn on_done, void* ctx);
} odmcp_http_api;

typedef struct odmcp_runtime_api {
  uint32_t struct_size;
  /* Writes a JSON object describing the running host to sink: "name",
  ** "version", "abi" ("1.2"), "uptime_ms", "plugins": an array of
  ** {"name", "version", "abi", "tools": [names of enabled tools]}, and,
  ** when the host has a cache, "cache": its counters ("hits", "misses",
  ** "puts", "evictions", "expirations") and contents ("entries", "bytes"). */
  odmcp_status (*describe)(odmcp_host* host, odmcp_sink_fn sink, void* sink_ctx);
} odmcp_runtime_api;

/* The lists a client can be told have changed (odmcp_notify_api). */
#define ODMCP_LIST_TOOLS 0
#define ODMCP_LIST_PROMPTS 1
#define ODMCP_LIST_RESOURCES 2

/* 1.3: Telling connected clients about changes. Both may be called from any
** thread at any time between init() and the return of shutdown(); they
** queue the notification and return at once. */
typedef struct odmcp_notify_api {
  uint32_t struct_size;
  /* Tells every client subscribed to uri (resources/subscribe, or
  ** subscriptions/listen with that URI) that the resource changed. The
  ** notification carries only the URI; subscribers read it again under
  ** their own credentials. ODMCP_INVALID_ARGUMENT for an empty uri. */
  odmcp_status (*resource_updated)(odmcp_host* host, odmcp_str uri);
  /* Tells every connected client that asked for it that the list of tools,
  ** prompts or resources (ODMCP_LIST_*) changed: a plugin whose resource
  ** list depends on data (a new store, say) calls it. The host sends these
  ** itself when plugins or tools are loaded, unloaded, enabled or disabled.
  ** ODMCP_INVALID_ARGUMENT for another value. */
  odmcp_status (*list_changed)(odmcp_host* host, int32_t list);
} odmcp_notify_api;

/* The root table given to init(). Valid until shutdown() returns. */
typedef struct odmcp_host_api {
  uint32_t struct_size;
  uint32_t abi_major; /* the host's ODMCP_ABI_MAJOR */
  uint32_t abi_minor; /* the host's ODMCP_ABI_MINOR */
  uint32_t reserved0;
  const odmcp_registry_api* registry;
  const odmcp_call_api* call;
  const odmcp_log_api* log;
  const odmcp_session_api* session;
  const odmcp_vault_api* vault;
  const odmcp_cache_api* cache;
  const odmcp_ratelimit_api* ratelimit;
  const odmcp_http_api* http;
  const odmcp_runtime_api* runtime;
  const odmcp_notify_api* notify; /* 1.3 */
} odmcp_host_api;

/* ------------------------------------------------------------------------ */
/* The plugin's description (plugin -> host; static storage in the plugin)  */
/* ------------------------------------------------------------------------ */

/* Plugin flags. */
#define ODMCP_PLUGIN_SERIAL (1u << 0) /* the host never runs two of its calls at once */

/* init: called once, on the control thread (T2), with the plugin's settings
** table from the host configuration as a JSON object (borrowed for the
** call). Registers tools and declares buckets through api. On success stores
** the plugin's state in *out_state (passed to shutdown) and returns
** ODMCP_OK. On failure writes a reason to error_sink and returns another
** status; the host then unregisters whatever the plugin registered and does
** not call shutdown. */
typedef odmcp_status (*odmcp_init_fn)(const odmcp_host_api* api,
                                      odmcp_host* host, odmcp_str settings_json,
                                      odmcp_sink_fn error_sink,
                                      void* error_sink_ctx, void** out_state);

/* shutdown: called once, on the control thread, after every call into the
** plugin has returned. The plugin joins its threads and frees its state;
** afterwards the host never calls it and it must not call the host. */
typedef void (*odmcp_shutdown_fn)(void* state);

typedef struct odmcp_plugin_info {
  uint32_t struct_size;
  uint32_t abi_major;          /* ODMCP_ABI_MAJOR the plugin was built with   */
  uint32_t abi_minor;          /* ODMCP_ABI_MINOR the plugin was built with   */
  uint32_t min_host_abi_minor; /* the oldest host minor it runs on            */
  uint32_t flags;              /* ODMCP_PLUGIN_*                              */
  uint32_t reserved0;          /* zero                                        */
  const char* name;            /* NUL-terminated, [a-z0-9_]{1,48}; must match */
                               /* the plugin's table name in the config       */
  const char* version;         /* NUL-terminated, informational               */
  const char* description;     /* NUL-terminated, one line, may be NULL       */
  odmcp_init_fn init;          /* required                                    */
  odmcp_shutdown_fn shutdown;  /* may be NULL                                 */
} odmcp_plugin_info;

/* The size of odmcp_plugin_info in ABI 1.0: the smallest the host accepts. */
#define ODMCP_PLUGIN_INFO_SIZE_V1_0 ODMCP_SIZE_THROUGH(odmcp_plugin_info, shutdown)

/* The entry point. Returns a pointer to static storage describing the
** plugin, or NULL if it cannot run on a host of this ABI version. Must have
** no side effects (T1): real work belongs in init. */
typedef const odmcp_plugin_info* (*odmcp_plugin_query_fn)(uint32_t host_abi_major,
                                                         uint32_t host_abi_minor);
ODMCP_EXPORT const odmcp_plugin_info* odmcp_plugin_query(uint32_t host_abi_major,
                                                       uint32_t host_abi_minor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ODMCP_PLUGIN_H_ */
