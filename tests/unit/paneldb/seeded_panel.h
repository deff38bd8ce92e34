// A panel database on the tests' MariaDB (tests/support/mariadb.sh) seeded with the rows the
// notes call awkward (billmanager-db §6), and a source reading it as pmvmmanager6.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/args.h"
#include "paneldb/database_source.h"
#include "panel_database.h"
#include "recording_panel.h"

namespace pm::paneldb {

namespace fs = std::filesystem;

class SeededPanel : public ::testing::Test {
 protected:
  SeededPanel() : root(MadeRoot()) {
    panel.answers["paramlist"] = db.Install(root);
    Seed();
  }
  ~SeededPanel() override { fs::remove_all(root); }

  // Module 7 (ours, password crypted) on tariff 100 with addons ncpu, mem, disc, ip and the
  // backup_schedule enumeration; service 1001 of account 1 with a child item for each but disc.
  void Seed() {
    db.Exec("INSERT INTO itemtype VALUES (1, 'vds'), (2, 'ncpu'), (3, 'mem'), (4, 'disc'), (5, 'ip'), (6, 'backup')");
    db.Exec("INSERT INTO measure VALUES (1, 'byte', NULL, NULL), (2, 'KiB', 1024, 1), (3, 'MiB', 1024, 2),"
            " (4, 'GiB', 1024, 3)");
    db.Exec("INSERT INTO enumerationitem VALUES (31, 'vm6_7_1'), (32, 'vm6_7_2')");
    db.Exec("INSERT INTO account VALUES (1, 'buyer')");
    db.Exec("INSERT INTO user VALUES (1, 1, 'buyer', 'buyer@example.com'), (2, 1, 'second', 'other@example.com')");
    db.Exec("INSERT INTO processingmodule (id, name, module) VALUES (7, 'VMmanager', 'pmvmmanager6'),"
            " (8, 'Proxmox', 'pmproxmox')");
    db.Exec("INSERT INTO processingparam VALUES (7, 'url', 'https://vm6.example.net'), (7, 'username', 'admin@example.com')");
    db.Exec("INSERT INTO processingcryptedparam VALUES (7, 'password', ?)", {db.Encrypt("Pa$$ word ☃")});
    db.Exec("INSERT INTO pricelist (id, parent, itemtype, intname) VALUES (100, NULL, 1, 'vps-small')");
    db.Exec("INSERT INTO pricelist (id, parent, itemtype, intname, addontype, addonlimit, measure, enumerationitem) VALUES"
            " (101, 100, 2, '', 2, 1, NULL, NULL), (102, 100, 3, 'mem', 2, 1024, 3, NULL),"
            " (103, 100, 4, 'disc', 2, 10, 4, NULL), (104, 100, 5, 'ip', 2, 1, NULL, NULL),"
            " (105, 100, 6, 'backup_schedule', 3, NULL, NULL, 31)");
    db.Exec("INSERT INTO pricelistparam VALUES (100, 'preset', 'Small'), (100, 'mem', '999')");
    db.Exec("INSERT INTO item (id, account, pricelist, processingmodule, status, period) VALUES (1001, 1, 100, 7, 2, 1)");
    db.Exec("INSERT INTO item (id, parent, pricelist, intvalue, enumerationitem) VALUES (2001, 1001, 101, 1, NULL),"
            " (2002, 1001, 102, 1024, NULL), (2004, 1001, 104, 0, NULL), (2005, 1001, 105, NULL, 32)");
    db.Exec("INSERT INTO itemparam (item, intname, value) VALUES (1001, 'ostempl', 'ISPsystem__Debian 12'),"
            " (1001, 'domain', 'web1.example.com')");
    db.Exec("INSERT INTO itemcryptedparam VALUES (1001, 'password', ?), (1001, 'userpassword', '')",
            {db.Encrypt("client-secret")});
    db.Exec("INSERT INTO ip VALUES (501, '203.0.113.7', 2004, 1)");
  }

  // Made before the members: the log opens its file under it.
  static fs::path MadeRoot() {
    fs::path made = fs::temp_directory_path() / ("paneldb-" + std::to_string(::getpid()));
    fs::create_directories(made / "var");
    return made;
  }

  core::Input Load(std::vector<std::string> argv) {
    argv.insert(argv.begin(), "pmvmmanager6");
    return source.Load(core::ParseArgs(argv));
  }

  fs::path root;
  test::PanelDatabase db;
  test::RecordingPanel panel;
  core::Log log{"pmvmmanager6", root.string()};
  DatabaseSource source{"pmvmmanager6", panel, log, root.string()};
};

}  // namespace pm::paneldb
