// `aafd rgpd export ID`: everything aafd holds on one person, for a right-of-access
// request (RGPD art. 15): the record as received from the AAF, the account (login, when
// the activation code was drawn), which providers received it and when, the history of
// changes, and the accesses to it the audit trail recorded (who, when, what). Recorded in
// the audit trail before anything is printed.
#include <nlohmann/json.hpp>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/object_views.hpp"
#include "daemon/person_lookup.hpp"
#include "sync/audit/person_accesses.hpp"

namespace aafd::cli {
namespace {

struct RgpdArguments {
    std::string id;
    std::string category;
    std::string flow;
};

nlohmann::ordered_json record_of(const sync::StoredObject& person) {
    nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
    for (const auto& attribute : person.attributes)
        attributes[attribute.name] = attribute.values;
    return {{"source", person.key.source},
            {"flow", flow_name(person.key.flow)},
            {"category", category_name(person.key.category)},
            {"id", person.key.id},
            {"state", sync::state_name(person.state)},
            {"state_since", person.state_since},
            {"attributes", attributes}};
}

Result<nlohmann::ordered_json> export_of(sync::AccountStore& accounts,
                                         const sync::StoredObject& person) {
    nlohmann::ordered_json out{{"person", record_of(person)}};
    if (auto added = add_account_view(accounts, person, out); !added)
        return std::unexpected(added.error());
    auto journal = accounts.journal_of(person.rowid);
    if (!journal)
        return std::unexpected(journal.error());
    auto& history = out["history"] = nlohmann::ordered_json::array();
    for (const auto& entry : *journal)
        history.push_back({{"seq", entry.seq},
                           {"at", entry.at},
                           {"op", sync::journal_op_name(entry.op)},
                           {"fields", entry.fields}});
    return out;
}

// Who looked at the person or changed their account, when and how, as the trail says.
Result<void> add_accesses(const config::Config& config, const sync::StoredObject& person,
                          nlohmann::ordered_json& out) {
    auto records = sync::read_accesses_to(config.audit.dir, person.key.id, person.key.source);
    if (!records)
        return with_context(records.error(), "audit trail " + config.audit.dir.string());
    auto& accesses = out["accesses"] = nlohmann::ordered_json::array();
    for (const auto& record : *records) {
        nlohmann::ordered_json details = nlohmann::ordered_json::object();
        for (const auto& [key, value] : record.details)
            details[key] = value;
        accesses.push_back({{"at", record.time},
                            {"actor", record.actor},
                            {"action", record.action},
                            {"outcome", record.outcome},
                            {"details", details}});
    }
    return {};
}

int export_command(CommandContext& context, const RgpdArguments& arguments) {
    auto store = context.store(true);
    auto accounts = store ? context.accounts(true) : std::unexpected(store.error());
    if (!accounts)
        return report_error(context, accounts.error());
    auto person = find_person(**store, context.lookup_source(), arguments.id, arguments.category,
                              arguments.flow);
    if (!person)
        return report_error(context, person.error());
    auto out = export_of(**accounts, *person);
    if (!out)
        return report_error(context, out.error());
    if (auto added = add_accesses(**context.config(), *person, *out); !added)
        return report_error(context, added.error());
    if (auto recorded = context.record_audit(
            {"rgpd.export", person->key.id, "ok", {{"source", person->key.source}}});
        !recorded)
        return report_error(context, recorded.error());
    context.out() << out->dump(2) << "\n";
    return k_exit_ok;
}

} // namespace

void add_rgpd_commands(CommandLine& line) {
    auto& a = line.keep<RgpdArguments>();
    auto* rgpd = line.app().add_subcommand("rgpd", "data-protection requests");
    rgpd->require_subcommand(1);
    auto* exported = rgpd->add_subcommand("export", "everything held on one person, as JSON");
    line.add_common(*exported);
    exported->add_option("id", a.id, "the person's AAF id")->required();
    exported->add_option("--category", a.category, "Eleve, PersRelEleve or PersEducNat");
    exported->add_option("--flow", a.flow, "1D or 2D")->check(CLI::IsMember({"1D", "2D"}));
    line.on_parsed(*exported, [&a](CommandContext& c) { return export_command(c, a); });
}

} // namespace aafd::cli
