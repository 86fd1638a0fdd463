// `aafd show person ID | --login L | --ine I | --name PART` (a person's card; a name
// search lists the matches) and `aafd show structure UAI`. Each access is recorded in the
// audit trail, with what was asked, before anything is printed; when the record fails,
// nothing is printed.
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/object_views.hpp"
#include "daemon/person_card.hpp"
#include "daemon/person_lookup.hpp"
#include "sync/store/sqlite_person_search.hpp"
#include "util/logger.hpp"

namespace aafd::cli {
namespace {

// Records the access to `object`, then prints its view; prints nothing when either fails.
// `asked`: how the person was named, when not by id ("login", "ine").
int print_view(CommandContext& context, const std::string& action, const sync::StoredObject& object,
               const Result<nlohmann::ordered_json>& view, bool json,
               const std::string& asked = {}) {
    if (!view)
        return report_error(context, view.error());
    std::vector<std::pair<std::string, std::string>> details{
        {"source", object.key.source},
        {"flow", std::string(flow_name(object.key.flow))},
        {"category", std::string(category_name(object.key.category))}};
    if (!asked.empty())
        details.emplace_back("by", asked);
    if (auto recorded = context.record_audit({action, object.key.id, "ok", std::move(details)});
        !recorded)
        return report_error(context, recorded.error());
    if (json)
        context.out() << view->dump(2) << "\n";
    else
        context.out() << (action == "person.show" ? person_card(*view) : view_text(*view));
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

// A name search lists at most this many people.
constexpr std::size_t k_name_matches = 20;

Result<std::unique_ptr<sync::PersonSearch>> person_search(CommandContext& context) {
    auto store = context.store(true);
    if (!store)
        return std::unexpected(store.error());
    return sync::open_person_search((*context.config())->store_path.string());
}

// The people of `rowids`, in the looked-up source (any when none).
Result<std::vector<sync::StoredObject>> people_of(CommandContext& context,
                                                  const std::vector<std::int64_t>& rowids) {
    auto accounts = context.accounts(true);
    if (!accounts)
        return std::unexpected(accounts.error());
    std::vector<sync::StoredObject> people;
    auto source = context.lookup_source();
    for (auto rowid : rowids) {
        auto object = (*accounts)->object(rowid);
        if (!object)
            return std::unexpected(object.error());
        if (*object && (source.empty() || (*object)->key.source == source))
            people.push_back(std::move(**object));
    }
    return people;
}

// The person an id, a login or an INE names; `what` says which, for messages and the trail.
Result<sync::StoredObject> named_person(CommandContext& context, const ShowArguments& arguments,
                                        std::string& what) {
    if (arguments.login.empty() && arguments.ine.empty()) {
        what = arguments.id;
        auto store = context.store(true);
        if (!store)
            return std::unexpected(store.error());
        return find_person(**store, context.lookup_source(), arguments.id, arguments.category,
                           arguments.flow);
    }
    bool by_login = !arguments.login.empty();
    what = by_login ? "login " + arguments.login : "INE " + arguments.ine;
    auto search = person_search(context);
    if (!search)
        return std::unexpected(search.error());
    auto rowids =
        by_login ? (*search)->by_login(arguments.login) : (*search)->by_ine(arguments.ine);
    auto people = rowids ? people_of(context, *rowids) : std::unexpected(rowids.error());
    if (!people)
        return std::unexpected(people.error());
    return pick_one(std::move(*people), arguments.flow, "person with " + what);
}

std::string list_line(sync::AccountStore& accounts, const sync::StoredObject& person) {
    auto account = accounts.account(person.rowid);
    std::string login = account && *account ? (*account)->login : "(no account)";
    return "  " + person.key.id + "  " + person.key.source + " " +
           std::string(flow_name(person.key.flow)) + " " +
           std::string(category_name(person.key.category)) + "  " + person.entity.first_name + " " +
           person.entity.last_name + "  " + login + "  " +
           std::string(sync::state_name(person.state)) + "\n";
}

int search_people_command(CommandContext& context, const ShowArguments& arguments) {
    auto search = person_search(context);
    auto rowids = search ? (*search)->by_name(arguments.name, k_name_matches + 1)
                         : std::unexpected(search.error());
    auto people = rowids ? people_of(context, *rowids) : std::unexpected(rowids.error());
    if (!people)
        return report_error(context, people.error());
    bool more = people->size() > k_name_matches;
    people->resize(std::min(people->size(), k_name_matches));
    if (auto recorded = context.record_audit(
            {"person.search",
             arguments.name,
             "ok",
             {{"by", "name"}, {"matches", std::to_string(people->size()) + (more ? "+" : "")}}});
        !recorded)
        return report_error(context, recorded.error());
    module_logger("cli")->info("search person matches={}", people->size());
    context.out() << people->size() << (more ? "+" : "") << " people match \"" << arguments.name
                  << "\""
                  << (more
                          ? " (the first " + std::to_string(k_name_matches) + ": narrow the search)"
                          : "")
                  << "\n";
    for (const auto& person : *people)
        context.out() << list_line(**context.accounts(true), person);
    return k_exit_ok;
}

} // namespace

int show_person_command(CommandContext& context, const ShowArguments& arguments) {
    int named = !arguments.id.empty() + !arguments.login.empty() + !arguments.ine.empty() +
                !arguments.name.empty();
    if (named != 1)
        return report_error(context, Error{ErrorCode::Config,
                                           "name one person: ID, --login LOGIN, --ine INE or "
                                           "--name PART (a search)"});
    if (!arguments.name.empty())
        return search_people_command(context, arguments);
    std::string what;
    auto person = named_person(context, arguments, what);
    if (!person && person.error().code != ErrorCode::NotFound &&
        person.error().code != ErrorCode::Config)
        return report_error(context, person.error());
    if (!person)
        return report_miss(context, "person.show", what, person.error());
    auto store = context.store(true);
    auto accounts = store ? context.accounts(true) : std::unexpected(store.error());
    if (!accounts)
        return report_error(context, accounts.error());
    module_logger("cli")->info("show person source={} id={}", person->key.source, person->key.id);
    auto view = person_view(**store, *person, context.profile_table());
    if (view)
        if (auto added = add_account_view(**accounts, *person, *view); !added)
            return report_error(context, added.error());
    return print_view(context, "person.show", *person, view, arguments.json,
                      arguments.login.empty() && arguments.ine.empty()
                          ? ""
                          : (arguments.login.empty() ? "ine" : "login"));
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
