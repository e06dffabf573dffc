// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/fault_config.h"

#include <initializer_list>

#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "sandbox/api_routes.h"
#include "sandbox/json_input.h"

namespace odmcp::sandbox {
namespace {

// Rejects keys of `object` that are not in `allowed`.
ApiStatus CheckKeys(const rapidjson::Value& object, std::string_view where,
                    std::initializer_list<std::string_view> allowed) {
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    const std::string_view key(it->name.GetString(), it->name.GetStringLength());
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key;
    if (!known) {
      std::string names;
      for (std::string_view name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
      return ApiStatus::BadRequest("Unknown fault setting '" + std::string(where) + std::string(key) +
                                   "'; expected one of " + names);
    }
  }
  return ApiStatus::Ok();
}

ApiStatus ReadRate(const rapidjson::Value& object, const char* key, std::string_view where, double* out) {
  if (!object.HasMember(key)) return ApiStatus::Ok();
  const rapidjson::Value& value = object[key];
  if (!value.IsNumber() || value.GetDouble() < 0 || value.GetDouble() > 1) {
    return ApiStatus::BadRequest("Fault setting '" + std::string(where) + key +
                                 "' must be a number from 0 to 1");
  }
  *out = value.GetDouble();
  return ApiStatus::Ok();
}

ApiStatus ReadInt(const rapidjson::Value& object, const char* key, std::string_view where, int64_t low,
                  int64_t high, int64_t* out) {
  if (!object.HasMember(key)) return ApiStatus::Ok();
  const rapidjson::Value& value = object[key];
  if (!value.IsInt64() || value.GetInt64() < low || value.GetInt64() > high) {
    return ApiStatus::BadRequest("Fault setting '" + std::string(where) + key + "' must be an integer from " +
                                 std::to_string(low) + " to " + std::to_string(high));
  }
  *out = value.GetInt64();
  return ApiStatus::Ok();
}

ApiStatus ReadSection(const rapidjson::Value& root, const char* key, const rapidjson::Value** out) {
  *out = nullptr;
  if (!root.HasMember(key)) return ApiStatus::Ok();
  if (!root[key].IsObject()) {
    return ApiStatus::BadRequest(std::string("Fault setting '") + key + "' must be an object");
  }
  *out = &root[key];
  return ApiStatus::Ok();
}

ApiStatus ReadStringList(const rapidjson::Value& object, const char* key, std::vector<std::string>* out) {
  if (!object.HasMember(key)) return ApiStatus::Ok();
  const rapidjson::Value& list = object[key];
  if (!list.IsArray()) return ApiStatus::BadRequest(std::string("Fault setting 'match.") + key + "' must be an array");
  for (const rapidjson::Value& item : list.GetArray()) {
    if (!item.IsString()) {
      return ApiStatus::BadRequest(std::string("Fault setting 'match.") + key + "' must hold strings");
    }
    out->emplace_back(item.GetString(), item.GetStringLength());
  }
  return ApiStatus::Ok();
}

#define ODMCP_RETURN_IF_ERROR(expr)     \
  do {                                  \
    const ApiStatus status_ = (expr);   \
    if (!status_.ok()) return status_;  \
  } while (false)

}  // namespace

bool IsInjectableFailureStatus(int status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

ApiStatus ParseFaultConfig(std::string_view body, FaultConfig* out) {
  rapidjson::Document document;
  ODMCP_RETURN_IF_ERROR(ParseJsonObjectBody(body, &document));
  ODMCP_RETURN_IF_ERROR(CheckKeys(document, "",
                                  {"latency", "failures", "rate_limit_storm", "drops", "match", "max_injections"}));
  FaultConfig config;
  const rapidjson::Value* section = nullptr;
  int64_t number = 0;

  ODMCP_RETURN_IF_ERROR(ReadSection(document, "latency", &section));
  if (section != nullptr) {
    ODMCP_RETURN_IF_ERROR(CheckKeys(*section, "latency.", {"ms", "jitter_ms"}));
    number = 0;
    ODMCP_RETURN_IF_ERROR(ReadInt(*section, "ms", "latency.", 0, kMaxLatencyMs, &number));
    config.latency_ms = static_cast<int>(number);
    number = 0;
    ODMCP_RETURN_IF_ERROR(ReadInt(*section, "jitter_ms", "latency.", 0, kMaxLatencyMs, &number));
    config.latency_jitter_ms = static_cast<int>(number);
  }

  ODMCP_RETURN_IF_ERROR(ReadSection(document, "failures", &section));
  if (section != nullptr) {
    ODMCP_RETURN_IF_ERROR(CheckKeys(*section, "failures.", {"rate", "status"}));
    ODMCP_RETURN_IF_ERROR(ReadRate(*section, "rate", "failures.", &config.failure_rate));
    number = config.failure_status;
    ODMCP_RETURN_IF_ERROR(ReadInt(*section, "status", "failures.", 500, 504, &number));
    if (!IsInjectableFailureStatus(static_cast<int>(number))) {
      return ApiStatus::BadRequest("Fault setting 'failures.status' must be 500, 502, 503 or 504");
    }
    config.failure_status = static_cast<int>(number);
  }

  ODMCP_RETURN_IF_ERROR(ReadSection(document, "rate_limit_storm", &section));
  if (section != nullptr) {
    ODMCP_RETURN_IF_ERROR(CheckKeys(*section, "rate_limit_storm.", {"rate", "retry_after"}));
    ODMCP_RETURN_IF_ERROR(ReadRate(*section, "rate", "rate_limit_storm.", &config.storm_rate));
    number = config.storm_retry_after_seconds;
    ODMCP_RETURN_IF_ERROR(ReadInt(*section, "retry_after", "rate_limit_storm.", 1, 3600, &number));
    config.storm_retry_after_seconds = static_cast<int>(number);
  }

  ODMCP_RETURN_IF_ERROR(ReadSection(document, "drops", &section));
  if (section != nullptr) {
    ODMCP_RETURN_IF_ERROR(CheckKeys(*section, "drops.", {"before_rate", "after_rate"}));
    ODMCP_RETURN_IF_ERROR(ReadRate(*section, "before_rate", "drops.", &config.drop_before_rate));
    ODMCP_RETURN_IF_ERROR(ReadRate(*section, "after_rate", "drops.", &config.drop_after_rate));
  }

  ODMCP_RETURN_IF_ERROR(ReadSection(document, "match", &section));
  if (section != nullptr) {
    ODMCP_RETURN_IF_ERROR(CheckKeys(*section, "match.", {"methods", "routes"}));
    ODMCP_RETURN_IF_ERROR(ReadStringList(*section, "methods", &config.methods));
    ODMCP_RETURN_IF_ERROR(ReadStringList(*section, "routes", &config.routes));
    for (const std::string& method : config.methods) {
      if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE") {
        return ApiStatus::BadRequest("Fault setting 'match.methods' has '" + method +
                                     "'; use GET, POST, PUT or DELETE");
      }
    }
    for (const std::string& route : config.routes) {
      bool known = false;
      for (const RouteInfo& info : kApiRoutes) known = known || info.label == route;
      if (!known) {
        return ApiStatus::BadRequest("Fault setting 'match.routes' has unknown route '" + route +
                                     "'; use labels such as \"GET /orders/{order_id}\"");
      }
    }
  }

  ODMCP_RETURN_IF_ERROR(ReadInt(document, "max_injections", "", 0, INT64_MAX, &config.max_injections));
  *out = std::move(config);
  return ApiStatus::Ok();
}

std::string FaultConfigToJson(const FaultConfig& config, int64_t remaining_injections) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("latency");
  writer.StartObject();
  writer.Key("ms");
  writer.Int(config.latency_ms);
  writer.Key("jitter_ms");
  writer.Int(config.latency_jitter_ms);
  writer.EndObject();
  writer.Key("failures");
  writer.StartObject();
  writer.Key("rate");
  writer.Double(config.failure_rate);
  writer.Key("status");
  writer.Int(config.failure_status);
  writer.EndObject();
  writer.Key("rate_limit_storm");
  writer.StartObject();
  writer.Key("rate");
  writer.Double(config.storm_rate);
  writer.Key("retry_after");
  writer.Int(config.storm_retry_after_seconds);
  writer.EndObject();
  writer.Key("drops");
  writer.StartObject();
  writer.Key("before_rate");
  writer.Double(config.drop_before_rate);
  writer.Key("after_rate");
  writer.Double(config.drop_after_rate);
  writer.EndObject();
  writer.Key("match");
  writer.StartObject();
  writer.Key("methods");
  writer.StartArray();
  for (const std::string& method : config.methods) writer.String(method.c_str());
  writer.EndArray();
  writer.Key("routes");
  writer.StartArray();
  for (const std::string& route : config.routes) writer.String(route.c_str());
  writer.EndArray();
  writer.EndObject();
  writer.Key("max_injections");
  writer.Int64(config.max_injections);
  writer.Key("remaining_injections");
  writer.Int64(remaining_injections);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace odmcp::sandbox

#undef ODMCP_RETURN_IF_ERROR
