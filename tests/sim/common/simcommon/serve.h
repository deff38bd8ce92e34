// The body of a simulator executable's main() once its options are parsed: the stop signals are
// blocked before the server starts any thread, the server starts, the ready line
// {"fingerprint":"AB:…","port":N} goes to stdout, and SIGTERM or SIGINT stops it (exit 0).
// Returns 1 when the server could not start.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <iostream>

namespace simcommon {

template <typename Server, typename Options>
int ServeUntilSignalled(const char* name, const Options& options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Server server;
  try {
    int port = server.Start(options);
    std::cout << "{\"fingerprint\":\"" << server.Fingerprint() << "\",\"port\":" << port << "}" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  server.Stop();
  return 0;
}

}  // namespace simcommon
