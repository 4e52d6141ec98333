// A first-come, first-served limit on how many threads do CPU-heavy work at once.
//
// Why: cpp-httplib keeps one thread per open connection, so at 64 keep-alive connections 64 threads may be
// answering questions on 2 cores. The scheduler then shares the cores among all of them, and a request that is
// preempted half-way waits for dozens of others: measured, 1-2% of chat requests stalled 5-90 ms. Admitting one
// more thread than there are cores, in arrival order, keeps each admitted request running to its end (the extra
// slot covers a thread that is writing its turn or its reply); the others wait, blocked, in a queue. Measured at
// 64 connections on 2 cores (2026-11-29): chat p99 25-30 ms without the gate, 9.7-12.2 ms with 4 slots, 7.6-8.6 ms
// with 3 (for about 3% fewer requests a second than with 4), 9.5-10.9 ms with 2.
#pragma once
#include <semaphore.h>

#include <deque>
#include <mutex>

namespace magchat {

class FifoGate {
 public:
  // `slots` threads may be inside at once (at least 1).
  explicit FifoGate(int slots);
  // Blocks until a slot is free and every thread that arrived earlier has had one.
  void enter();
  // Frees the caller's slot, handing it straight to the longest-waiting thread.
  void leave();

  // Holds a slot for its lifetime.
  class Hold {
   public:
    explicit Hold(FifoGate& gate) : gate_(gate) { gate_.enter(); }
    ~Hold() { gate_.leave(); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    FifoGate& gate_;
  };

 private:
  // A blocked thread; woken alone, so a freed slot wakes one thread, not all of them. Each thread has one
  // (thread_local, so it outlives any leave() that posts to it) and sleeps on its own semaphore, which leave()
  // posts after releasing the mutex: the woken thread then runs at once instead of waking only to block on the
  // mutex its waker still holds (measured: that second sleep and wake-up was a quarter of the gate's cost).
  struct Waiter {
    Waiter();
    ~Waiter();
    sem_t admitted;
  };
  static Waiter& this_thread_waiter();
  std::mutex mutex_;
  int free_;
  std::deque<Waiter*> waiting_;
};

}  // namespace magchat
