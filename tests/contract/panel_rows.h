// The contract's input document written as the rows a stock BILLmanager keeps for it (contract
// §13, notes billmanager-db §2, §6), so that a command can run with no document and read them.
#pragma once

#include <set>
#include <string>

#include "panel_database.h"

namespace pm::contract {

// Replaces every row of `db` with the document's module (`module_name`'s; the fields named in
// `crypted` encrypted), tariff, service, params, addons and the client's user. The service's
// `password` is a crypted param, `email` the account's user, as in the panel.
void StoreDocument(test::PanelDatabase& db, const std::string& document, const std::string& module_name,
                   const std::set<std::string>& crypted);

}  // namespace pm::contract
