// RunReadMergeWrite with its steps as lambdas over in-memory records: how
// often each step runs, what each sees, and how errors end the loop.
#include "plugins/common/order_merge.h"

#include <gtest/gtest.h>
#include <odmcp/plugin.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

constexpr char kRecord[] =
    R"({"id":"200001","email":"a@example.com","date_updated":"2026-01-02 03:04:05",)"
    R"("shipping":{"first_name":"Ann","last_name":"Lee","city":"Austin"},)"
    R"("order_items":[{"id":"3000001","name":"Mug","quantity":1}]})";
// kRecord after another writer changed the item's quantity in the same
// second: date_updated is unchanged.
constexpr char kRecordChangedInTheSameSecond[] =
    R"({"id":"200001","email":"a@example.com","date_updated":"2026-01-02 03:04:05",)"
    R"("shipping":{"first_name":"Ann","last_name":"Lee","city":"Austin"},)"
    R"("order_items":[{"id":"3000001","name":"Mug","quantity":4}]})";

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.c_str());
  EXPECT_FALSE(document.HasParseError()) << json;
  return document;
}

Status Load(const std::string& json, rapidjson::Document* record) {
  record->Parse(json.c_str());
  return record->HasParseError() ? Status(ODMCP_INTERNAL, "bad fixture") : Status::Ok();
}

// Steps that serve `read_json` once and then `fresh_jsons` in turn (the last
// one repeated), merging by adding "merged_from" (the base's quantity) to a
// copy of the base, and recording every call.
struct Recorder {
  std::string read_json = kRecord;
  std::vector<std::string> fresh_jsons = {kRecord};
  int reads = 0;
  int fresh_reads = 0;
  std::vector<std::string> merge_bases;
  std::vector<std::string> writes;

  ReadMergeWrite Steps() {
    ReadMergeWrite steps;
    steps.subject = "order 200001";
    steps.read = [this](rapidjson::Document* record) {
      ++reads;
      return Load(read_json, record);
    };
    steps.read_fresh = [this](rapidjson::Document* record) {
      const size_t index = std::min(static_cast<size_t>(fresh_reads), fresh_jsons.size() - 1);
      ++fresh_reads;
      return Load(fresh_jsons[index], record);
    };
    steps.merge = [this](const rapidjson::Value& base, rapidjson::Document* merged) {
      merge_bases.push_back(ToJson(base));
      merged->CopyFrom(base, merged->GetAllocator());
      merged->AddMember("merged_from", rapidjson::Value(base["order_items"][0]["quantity"].GetInt()),
                        merged->GetAllocator());
      return Status::Ok();
    };
    steps.write = [this](const rapidjson::Value& merged) {
      writes.push_back(ToJson(merged));
      return Status::Ok();
    };
    return steps;
  }
};

std::string MergedFrom(const std::string& record_json, int quantity) {
  rapidjson::Document record = Parse(record_json);
  record.AddMember("merged_from", quantity, record.GetAllocator());
  return ToJson(record);
}

TEST(ReadMergeWrite, StableRecordIsMergedOnceAndWritten) {
  Recorder recorder;
  int remerges = -1;
  Status status = RunReadMergeWrite(recorder.Steps(), &remerges);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(remerges, 0);
  EXPECT_EQ(recorder.reads, 1);
  EXPECT_EQ(recorder.fresh_reads, 1);
  ASSERT_EQ(recorder.merge_bases.size(), 1u);
  EXPECT_EQ(recorder.merge_bases[0], ToJson(Parse(kRecord)));
  ASSERT_EQ(recorder.writes.size(), 1u);
  EXPECT_EQ(recorder.writes[0], MergedFrom(kRecord, 1));
}

TEST(ReadMergeWrite, ChangeInTheSameSecondIsSeenAndTheFreshRecordIsMerged) {
  Recorder recorder;
  recorder.fresh_jsons = {kRecordChangedInTheSameSecond};
  int remerges = -1;
  Status status = RunReadMergeWrite(recorder.Steps(), &remerges);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(remerges, 1);
  EXPECT_EQ(recorder.reads, 1);
  EXPECT_EQ(recorder.fresh_reads, 2);
  ASSERT_EQ(recorder.merge_bases.size(), 2u);
  EXPECT_EQ(recorder.merge_bases[1], ToJson(Parse(kRecordChangedInTheSameSecond)));
  ASSERT_EQ(recorder.writes.size(), 1u);
  EXPECT_EQ(recorder.writes[0], MergedFrom(kRecordChangedInTheSameSecond, 4));
}

TEST(ReadMergeWrite, MemberOrderIsNotAChange) {
  Recorder recorder;
  recorder.fresh_jsons = {
      R"({"order_items":[{"quantity":1,"name":"Mug","id":"3000001"}],"date_updated":"2026-01-02 03:04:05",)"
      R"("shipping":{"city":"Austin","last_name":"Lee","first_name":"Ann"},"email":"a@example.com","id":"200001"})"};
  int remerges = -1;
  ASSERT_TRUE(RunReadMergeWrite(recorder.Steps(), &remerges).ok());
  EXPECT_EQ(remerges, 0);
  EXPECT_EQ(recorder.writes.size(), 1u);
}

TEST(ReadMergeWrite, RecordThatKeepsChangingIsAbortedWithoutWriting) {
  Recorder recorder;
  ReadMergeWrite steps = recorder.Steps();
  steps.read_fresh = [&recorder](rapidjson::Document* record) {
    ++recorder.fresh_reads;
    rapidjson::Document changed = Parse(kRecord);
    changed["order_items"][0]["quantity"] = recorder.fresh_reads + 1;
    record->CopyFrom(changed, record->GetAllocator());
    return Status::Ok();
  };
  int remerges = -1;
  Status status = RunReadMergeWrite(steps, &remerges);
  EXPECT_EQ(status.code(), ODMCP_ABORTED);
  EXPECT_TRUE(Contains(status.message(), "order 200001 keeps changing"));
  EXPECT_TRUE(Contains(status.message(), "6 times in a row"));
  EXPECT_TRUE(Contains(status.message(), "try again in a minute"));
  EXPECT_EQ(remerges, 5);
  EXPECT_EQ(recorder.merge_bases.size(), 6u);
  EXPECT_EQ(recorder.fresh_reads, 6);
  EXPECT_TRUE(recorder.writes.empty());
}

TEST(ReadMergeWrite, ZeroRemergesAbortsOnTheFirstChange) {
  Recorder recorder;
  recorder.fresh_jsons = {kRecordChangedInTheSameSecond};
  ReadMergeWrite steps = recorder.Steps();
  steps.max_remerges = 0;
  int remerges = -1;
  Status status = RunReadMergeWrite(steps, &remerges);
  EXPECT_EQ(status.code(), ODMCP_ABORTED);
  EXPECT_TRUE(Contains(status.message(), "between our reads once"));
  EXPECT_EQ(remerges, 0);
  EXPECT_TRUE(recorder.writes.empty());
}

TEST(ReadMergeWrite, ReadErrorEndsTheLoopAsIs) {
  Recorder recorder;
  ReadMergeWrite steps = recorder.Steps();
  steps.read = [](rapidjson::Document*) { return Status(ODMCP_NOT_FOUND, "Order 200001 was not found"); };
  int remerges = -1;
  Status status = RunReadMergeWrite(steps, &remerges);
  EXPECT_EQ(status.code(), ODMCP_NOT_FOUND);
  EXPECT_EQ(status.message(), "Order 200001 was not found");
  EXPECT_EQ(remerges, 0);
  EXPECT_TRUE(recorder.merge_bases.empty());
  EXPECT_EQ(recorder.fresh_reads, 0);
  EXPECT_TRUE(recorder.writes.empty());
}

TEST(ReadMergeWrite, MergeErrorEndsTheLoopBeforeTheFreshRead) {
  Recorder recorder;
  ReadMergeWrite steps = recorder.Steps();
  steps.merge = [](const rapidjson::Value&, rapidjson::Document*) {
    return Status(ODMCP_INVALID_ARGUMENT, "order_items[0].id: item 9 is not on this order");
  };
  Status status = RunReadMergeWrite(steps, nullptr);
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(status.message(), "order_items[0].id: item 9 is not on this order");
  EXPECT_EQ(recorder.fresh_reads, 0);
  EXPECT_TRUE(recorder.writes.empty());
}

TEST(ReadMergeWrite, MergeErrorOnARemergeEndsTheLoop) {
  Recorder recorder;
  recorder.fresh_jsons = {kRecordChangedInTheSameSecond};
  ReadMergeWrite steps = recorder.Steps();
  steps.merge = [&recorder](const rapidjson::Value& base, rapidjson::Document*) {
    recorder.merge_bases.push_back(ToJson(base));
    if (recorder.merge_bases.size() == 1) return Status::Ok();
    // Another writer removed what this change needs.
    return Status(ODMCP_INVALID_ARGUMENT, "remove_item_ids[0]: item 3000002 is not on this order");
  };
  int remerges = -1;
  Status status = RunReadMergeWrite(steps, &remerges);
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(remerges, 1);
  EXPECT_EQ(recorder.fresh_reads, 1);
  EXPECT_TRUE(recorder.writes.empty());
}

TEST(ReadMergeWrite, FreshReadErrorEndsTheLoopBeforeWriting) {
  Recorder recorder;
  ReadMergeWrite steps = recorder.Steps();
  steps.read_fresh = [](rapidjson::Document*) { return Status(ODMCP_UNAVAILABLE, "OrderDesk did not answer"); };
  Status status = RunReadMergeWrite(steps, nullptr);
  EXPECT_EQ(status.code(), ODMCP_UNAVAILABLE);
  EXPECT_EQ(status.message(), "OrderDesk did not answer");
  EXPECT_EQ(recorder.merge_bases.size(), 1u);
  EXPECT_TRUE(recorder.writes.empty());
}

TEST(ReadMergeWrite, WriteErrorIsReturnedAsIs) {
  Recorder recorder;
  ReadMergeWrite steps = recorder.Steps();
  steps.write = [](const rapidjson::Value&) {
    return Status(ODMCP_RESOURCE_EXHAUSTED, "OrderDesk's rate limit: try again in 2 seconds");
  };
  int remerges = -1;
  Status status = RunReadMergeWrite(steps, &remerges);
  EXPECT_EQ(status.code(), ODMCP_RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.message(), "OrderDesk's rate limit: try again in 2 seconds");
  EXPECT_EQ(remerges, 0);
  EXPECT_EQ(recorder.fresh_reads, 1);
}

// With MergeOrder as the merge step, what another writer changed between the
// cached read and the write survives next to this change.
TEST(ReadMergeWrite, WithMergeOrderAConcurrentWritersChangeIsKept) {
  Recorder recorder;
  recorder.fresh_jsons = {kRecordChangedInTheSameSecond};
  ReadMergeWrite steps = recorder.Steps();
  rapidjson::Document change = Parse(R"({"shipping": {"city": "Dallas"}})");
  steps.merge = [&change](const rapidjson::Value& base, rapidjson::Document* merged) {
    OrderChanges changes;
    changes.fields = &change;
    return MergeOrder(base, changes, MergeClock{"2026-01-02 03:04:06", "orderdesk-mcp"}, merged, nullptr);
  };
  int remerges = -1;
  Status status = RunReadMergeWrite(steps, &remerges);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(remerges, 1);
  ASSERT_EQ(recorder.writes.size(), 1u);
  EXPECT_EQ(recorder.writes[0],
            R"({"email":"a@example.com","shipping":{"first_name":"Ann","last_name":"Lee","city":"Dallas"},)"
            R"("order_items":[{"id":"3000001","name":"Mug","quantity":4}]})");
}

}  // namespace
}  // namespace odmcp::orderdesk
