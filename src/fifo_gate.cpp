#include "fifo_gate.h"

#include <algorithm>

namespace magchat {

FifoGate::FifoGate(int slots) : free_(std::max(1, slots)) {}

void FifoGate::enter() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (free_ > 0 && waiting_.empty()) {
    --free_;
    return;
  }
  Waiter me;
  waiting_.push_back(&me);
  me.wake.wait(lock, [&] { return me.admitted; });  // leave() passed its slot to this thread
}

void FifoGate::leave() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (waiting_.empty()) {
    ++free_;
    return;
  }
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->admitted = true;
  next->wake.notify_one();  // under the mutex: the waiter cannot return and destroy `next` before this is done
}

}  // namespace magchat
