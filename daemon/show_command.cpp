// `aafd show person ID` and `aafd show structure UAI`. Each access is recorded in the
// audit trail before anything is printed; when the record fails, nothing is printed.
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/object_views.hpp"
#include "daemon/person_lookup.hpp"
#include "util/logger.hpp"

namespace aafd::cli {
namespace {

// Records the access to `object`, then prints its view; prints nothing when either fails.
int print_view(CommandContext& context, const std::string& action, const sync::StoredObject& object,
               const Result<nlohmann::ordered_json>& view, bool json) {
    if (!view)
        return report_error(context, view.error());
    auto recorded =
        context.record_audit({action,
                              object.key.id,
                              "ok",
                              {{"source", object.key.source},
                               {"flow", std::string(flow_name(object.key.flow))},
                               {"category", std::string(category_name(object.key.category))}}});
    if (!recorded)
        return report_error(context, recorded.error());
    context.out() << (json ? view->dump(2) + "\n" : view_text(*view));
    return k_exit_ok;
}

// Records a look-up that found nothing (or too much), then reports why.
int report_miss(CommandContext& context, const std::string& action, const std::string& id,
                const Error& error) {
    auto outcome = error.code == ErrorCode::NotFound ? "not_found" : "refused";
    if (auto recorded = context.record_audit({action, id, outcome, {}}); !recorded)
        return report_error(context, recorded.error());
    return report_error(context, error);
}

} // namespace

int show_person_command(CommandContext& context, const ShowArguments& arguments) {
    auto store = context.store(true);
    if (!store)
        return report_error(context, store.error());
    auto person = find_person(**store, context.lookup_source(), arguments.id, arguments.category,
                              arguments.flow);
    if (!person && person.error().code != ErrorCode::NotFound &&
        person.error().code != ErrorCode::Config)
        return report_error(context, person.error());
    if (!person)
        return report_miss(context, "person.show", arguments.id, person.error());
    auto accounts = context.accounts(true);
    if (!accounts)
        return report_error(context, accounts.error());
    module_logger("cli")->info("show person source={} id={}", person->key.source, person->key.id);
    auto view = person_view(**store, *person, context.profile_table());
    if (view)
        if (auto added = add_account_view(**accounts, *person, *view); !added)
            return report_error(context, added.error());
    return print_view(context, "person.show", *person, view, arguments.json);
}

int show_structure_command(CommandContext& context, const ShowArguments& arguments) {
    auto store = context.store(true);
    if (!store)
        return report_error(context, store.error());
    auto found = (*store)->find_structures_by_uai(arguments.id);
    if (!found)
        return report_error(context, found.error());
    if (auto source = context.lookup_source(); !source.empty())
        std::erase_if(*found, [&](const auto& o) { return o.key.source != source; });
    auto structure = pick_one(std::move(*found), arguments.flow, "structure " + arguments.id);
    if (!structure)
        return report_miss(context, "structure.show", arguments.id, structure.error());
    module_logger("cli")->info("show structure source={} uai={}", structure->key.source,
                               arguments.id);
    return print_view(context, "structure.show", *structure, structure_view(**store, *structure),
                      arguments.json);
}

} // namespace aafd::cli
