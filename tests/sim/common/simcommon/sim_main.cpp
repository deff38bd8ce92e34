#include "simcommon/sim_main.h"

#include <pthread.h>
#include <signal.h>

#include <iostream>

#include "simcommon/ready_file.h"

namespace simcommon {

int RunSimulator(int argc, char** argv, const SimProgram& program,
                 const std::function<std::unique_ptr<SimServer>()>& make_server) {
  SimOptions options;
  try {
    options = ParseCommandLine(argc, argv, program.clock_offset_option);
  } catch (const std::exception& e) {
    std::cerr << program.name << ": " << e.what() << "\n"
              << UsageLine(program.name, program.clock_offset_option) << "\n";
    return 2;
  }
  // Blocked before the server starts any thread, so that every thread inherits the mask and the
  // signals wait for sigwait below instead of killing the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::unique_ptr<SimServer> server = make_server();
  try {
    int port = server->Start(options);
    std::cout << ReadyLine(port, server->Fingerprint()) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << program.name << ": " << e.what() << "\n";
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  server->Stop();
  return 0;
}

}  // namespace simcommon
