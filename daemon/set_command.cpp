// `aafd set retract ID`: marks an applied set as one that should not have been applied
// (dated in the future by mistake, say), so that the ordering guard and the repeat check
// no longer count it and the next sets of its flow are accepted. It does not undo what the
// set wrote: its records stay as it left them until the next set of the flow (a full set
// restates everyone) changes them. Recorded in the audit trail ("set.retract", with the
// actor) before the change commits: a record that cannot be written leaves the set as it
// was, exit 74.
#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "util/date.hpp"

namespace aafd::cli {
namespace {

std::string set_label(const sync::AppliedSet& set) {
    return std::string(flow_name(set.flow)) + " " + std::string(set_kind_name(set.kind)) + " " +
           to_iso(set.date);
}

Result<sync::AppliedSet> retract(CommandContext& context, sync::Store& store, std::int64_t id) {
    auto audit = context.audit();
    if (!audit)
        return std::unexpected(audit.error());
    if (auto begun = store.begin(); !begun)
        return std::unexpected(begun.error());
    auto set = store.retract_set(id, to_iso_timestamp(context.now()));
    if (!set) {
        store.rollback();
        return set;
    }
    if (auto recorded = (*audit)->record({"set.retract",
                                          set_label(*set),
                                          "ok",
                                          {{"source", set->source},
                                           {"set_id", std::to_string(id)},
                                           {"applied_at", set->applied_at}}});
        !recorded) {
        store.rollback();
        return with_context(recorded.error(), "set #" + std::to_string(id) + " not retracted");
    }
    if (auto committed = store.commit(); !committed) {
        store.rollback();
        return std::unexpected(committed.error());
    }
    return set;
}

} // namespace

int set_retract_command(CommandContext& context, std::int64_t id) {
    auto store = context.store();
    if (!store)
        return report_error(context, store.error());
    auto set = retract(context, **store, id);
    if (!set)
        return report_error(context, set.error());
    context.out() << "set #" << id << " (" << set_label(*set) << ", source " << set->source
                  << ") retracted: later sets of its flow are judged without it; the records "
                     "it wrote stay until the next set changes them\n";
    return k_exit_ok;
}

void add_set_commands(CommandLine& line) {
    auto& id = line.keep<std::int64_t>();
    auto* set = line.app().add_subcommand("set", "applied sets");
    set->require_subcommand(1);
    auto* retract = set->add_subcommand(
        "retract", "mark an applied set as not to be counted by the ordering guard");
    line.add_common(*retract);
    retract->add_option("id", id, "the set's id (aafd status lists them)")->required();
    line.on_parsed(*retract, [&id](CommandContext& c) { return set_retract_command(c, id); });
}

} // namespace aafd::cli
