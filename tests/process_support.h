// Runs the real magchat binary as a child process, for tests about signals, crashes and restarts.
#pragma once
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace magchat::test {

class ServerProcess {
 public:
  // Starts `magchat serve --port 0 --db db ...extra` from the repository root and waits until /healthz is 200.
  ServerProcess(const std::string& db, std::vector<std::string> extra = {}) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {MAGCHAT_BIN, "serve", "--port", "0", "--db", db, "--threads", "16"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addchdir_np(&actions, MAGCHAT_SOURCE_DIR);
    if (posix_spawn(&pid_, MAGCHAT_BIN, &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start magchat");
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    err_fd_ = out[0];
    // The first line names the port: "magchat: serving http://127.0.0.1:PORT/ ...".
    std::string line;
    char c;
    while (read(err_fd_, &c, 1) == 1 && c != '\n') line += c;
    auto at = line.find("127.0.0.1:");
    if (at == std::string::npos) throw std::runtime_error("magchat did not start: " + line);
    port_ = std::stoi(line.substr(at + 10));
    // Keep draining stderr (the access log) so the child never blocks on a full pipe.
    drain_ = std::thread([fd = err_fd_] {
      char buf[4096];
      while (read(fd, buf, sizeof buf) > 0) {
      }
    });
    httplib::Client client("127.0.0.1", port_);
    for (int i = 0; i < 500; ++i) {
      if (auto r = client.Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("magchat never became healthy");
  }
  ~ServerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (drain_.joinable()) drain_.join();
    if (err_fd_ >= 0) close(err_fd_);
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }
  void signal(int sig) { kill(pid_, sig); }
  // Waits for the process to end; returns its exit status, or -1 on timeout, or 128+signal if killed.
  int wait_exit(std::chrono::milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int err_fd_ = -1;
  bool exited_ = false;
  std::thread drain_;
};

}  // namespace magchat::test
