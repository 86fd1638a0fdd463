// `aafd account reset-code ID`: draws a new activation code for a person's account from
// the CSPRNG, journals it so the providers holding the account receive it in their next
// update, records it in the audit trail, and prints it once.
#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/feed_settings.hpp"
#include "daemon/person_lookup.hpp"

namespace aafd::cli {
namespace {

struct AccountArguments {
    std::string id;
    std::string category;
    std::string flow;
};

Result<std::string> reset_code(sync::AccountStore& accounts, const sync::StoredObject& person,
                               const sync::ActivationCodeGenerator& codes, const std::string& now) {
    auto code = codes.draw();
    if (!code)
        return code;
    if (auto begun = accounts.begin(); !begun)
        return std::unexpected(begun.error());
    auto done = accounts.set_activation_code(person.rowid, *code, now);
    if (done)
        if (auto seq =
                accounts.append_journal(person, sync::JournalOp::Update, {"activation_code"}, now);
            !seq)
            done = std::unexpected(seq.error());
    if (done)
        done = accounts.commit();
    if (!done) {
        accounts.rollback();
        return std::unexpected(done.error());
    }
    return code;
}

int reset_code_command(CommandContext& context, const AccountArguments& arguments) {
    auto cfg = context.config();
    auto store = cfg ? context.store() : std::unexpected(cfg.error());
    auto accounts = store ? context.accounts() : std::unexpected(store.error());
    auto codes = accounts ? daemon::code_generator(**cfg) : std::unexpected(accounts.error());
    if (!codes)
        return report_error(context, codes.error());
    auto person = find_person(**store, context.lookup_source(), arguments.id, arguments.category,
                              arguments.flow);
    if (!person)
        return report_error(context, person.error());
    auto account = (*accounts)->account(person->rowid);
    if (!account)
        return report_error(context, account.error());
    if (!*account)
        return report_error(
            context, {ErrorCode::NotFound,
                      "person " + arguments.id + " has no account yet (run `aafd feed deliver`)"});
    if (auto recorded = context.record_audit(
            {"account.reset_code", person->key.id, "ok", {{"source", person->key.source}}});
        !recorded)
        return report_error(context, recorded.error());
    auto code = reset_code(**accounts, *person, *codes, to_iso_timestamp(context.now()));
    if (!code)
        return report_error(context, code.error());
    context.out() << "login: " << (*account)->login << "\nactivation code: " << *code << "\n";
    return k_exit_ok;
}

} // namespace

void add_account_commands(CommandLine& line) {
    auto& a = line.keep<AccountArguments>();
    auto* account = line.app().add_subcommand("account", "manage ENT accounts");
    account->require_subcommand(1);
    auto* reset = account->add_subcommand("reset-code", "draw a new activation code");
    line.add_common(*reset);
    reset->add_option("id", a.id, "the person's AAF id")->required();
    reset->add_option("--category", a.category, "Eleve, PersRelEleve or PersEducNat");
    reset->add_option("--flow", a.flow, "1D or 2D")->check(CLI::IsMember({"1D", "2D"}));
    line.on_parsed(*reset, [&a](CommandContext& c) { return reset_code_command(c, a); });
}

} // namespace aafd::cli
