// BlockingRegion: marks code that waits (on the network, a sleep, a client's
// answer) rather than computes, so that the thread pool running it knows the
// thread is not really busy. The pool counts the threads inside such a
// region and keeps a thread for each, without guessing; the code that waits
// need not know which pool, if any, runs it.
//
//   HttpOutcome HttpClient::Fetch(...) {
//     BlockingRegion waiting;  // until the upstream answers
//     ...
//   }
//
// A thread outside any pool (a test, the CLI) has no observer, and a region
// on it costs one thread-local read. Regions may nest; only the outermost
// counts.
#ifndef ODMCP_HOST_COMMON_BLOCKING_REGION_H_
#define ODMCP_HOST_COMMON_BLOCKING_REGION_H_

namespace odmcp {

// Told when a thread it watches enters and leaves its outermost region.
// Called on that thread; must not block.
class BlockingObserver {
 public:
  virtual ~BlockingObserver() = default;
  virtual void EnteredBlocking() = 0;
  virtual void LeftBlocking() = 0;
};

class BlockingRegion {
 public:
  BlockingRegion();
  ~BlockingRegion();
  BlockingRegion(const BlockingRegion&) = delete;
  BlockingRegion& operator=(const BlockingRegion&) = delete;

  // Makes `observer` (or nobody, if null) the calling thread's observer.
  static void ObserveThisThread(BlockingObserver* observer);

 private:
  BlockingObserver* const observer_;  // null when nested or unobserved
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_BLOCKING_REGION_H_
