#include "fifo_gate.h"

#include <cerrno>

#include <algorithm>

namespace magchat {

FifoGate::Waiter::Waiter() { sem_init(&admitted, 0, 0); }
FifoGate::Waiter::~Waiter() { sem_destroy(&admitted); }

FifoGate::Waiter& FifoGate::this_thread_waiter() {
  thread_local Waiter waiter;
  return waiter;
}

FifoGate::FifoGate(int slots) : free_(std::max(1, slots)) {}

void FifoGate::enter() {
  Waiter& me = this_thread_waiter();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return;
    }
    waiting_.push_back(&me);
  }
  // leave() passed its slot to this thread; each post answers exactly one wait, since a thread waits at one
  // gate at a time.
  while (sem_wait(&me.admitted) != 0 && errno == EINTR) {
  }
}

void FifoGate::leave() {
  Waiter* next = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    next = waiting_.front();
    waiting_.pop_front();
  }
  sem_post(&next->admitted);
}

}  // namespace magchat
