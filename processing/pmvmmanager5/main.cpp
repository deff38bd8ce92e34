// pmvmmanager5 entry point.
#include "entry/main.h"
#include "pmvmmanager5/vm5_module.h"

int main(int argc, char** argv) {
  pm::pmvmmanager5::Vm5Module module;
  return pm::entry::Main(module, argc, argv);
}
