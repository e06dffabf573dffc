/* odmcp/plugin.h compiles as strict C11 (-std=c11 -pedantic -Werror), and
** its size helpers work from C. Built as part of the tests; the check is
** the compilation itself plus the assertions below. */
#include <odmcp/plugin.h>

_Static_assert(ODMCP_SIZE_THROUGH(odmcp_plugin_info, shutdown) == sizeof(odmcp_plugin_info),
               "plugin_info ends at shutdown in ABI 1.0");
_Static_assert(ODMCP_SIZE_THROUGH(odmcp_tool_desc, tool_state) == sizeof(odmcp_tool_desc),
               "tool_desc ends at tool_state in ABI 1.0");

int main(void) {
  odmcp_call_api table = {0};
  table.struct_size = sizeof table;
  return ODMCP_HAS(&table, odmcp_call_api, client_log) ? 0 : 1;
}
