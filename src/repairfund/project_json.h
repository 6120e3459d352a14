// Repair projects to and from JSON: the stored proposal and contract (canonical), and reading
// them strictly from a request body or a file.
#pragma once

#include <string>
#include <string_view>

#include "trustfund/repairfund/project.h"

namespace trustfund::repairfund {

std::string project_json(const ProjectInput& input);  // canonical
std::string contract_json(const Contract& contract);  // canonical
Contract parse_contract_json(std::string_view json);

}  // namespace trustfund::repairfund
