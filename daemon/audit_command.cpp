// `aafd audit verify|show|report|purge`: checking, reading, reporting on and purging
// the audit trail of [audit] dir. Each of them is itself recorded in the trail
// (audit.verify, audit.show, audit.report, audit.purge).
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "daemon/audit_anchor.hpp"
#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "sync/audit/audit_log.hpp"
#include "sync/audit/purge.hpp"
#include "sync/audit/report.hpp"
#include "sync/audit/store_anchor.hpp"
#include "sync/audit/verify.hpp"

namespace aafd::cli {
namespace {

struct AuditArguments {
    std::string since;
    std::string until;
    std::string actor;
    std::string action;
    std::string month;
    bool json = false;
    bool csv = false;
    bool dry_run = false;
};

Result<std::optional<Date>> optional_date(const std::string& text, const std::string& option) {
    if (text.empty())
        return std::optional<Date>{};
    if (auto date = parse_iso_date(text))
        return std::optional<Date>{*date};
    return fail(ErrorCode::Config, option + " must be a date YYYY-MM-DD, not '" + text + "'");
}

Result<std::filesystem::path> audit_dir(CommandContext& context) {
    auto cfg = context.config();
    if (!cfg)
        return std::unexpected(cfg.error());
    return (*cfg)->audit.dir;
}

std::string verification_text(const std::filesystem::path& dir,
                              const sync::AuditVerification& result) {
    std::string text = "audit trail " + dir.string() + ": " + std::to_string(result.files) +
                       " file(s), " + std::to_string(result.records) +
                       " record(s) checked, continuing " + result.seed + "\n";
    if (result.damage)
        return text + "DAMAGED: " + result.damage->message() + "\n";
    return text + "chain intact; last record: seq " + std::to_string(result.head.seq) + " hash " +
           result.head.hash + "\n";
}

// The trail checked against the heads the store (of the configuration or --store)
// recorded for its applied sets, when the chain itself is whole: the damage, if any.
Result<std::optional<sync::AuditDamage>> check_against_store(CommandContext& context,
                                                             const std::filesystem::path& dir) {
    const auto& config = **context.config();
    auto heads = stored_heads(config.store_path);
    if (!heads)
        return std::unexpected(heads.error());
    Date cutoff{std::chrono::sys_days(utc_date(context.now())) -
                std::chrono::days(config.audit.retention_days)};
    auto problem = sync::check_trail_against_store(dir, *heads, cutoff);
    if (!problem)
        return std::unexpected(problem.error());
    if (!*problem)
        return std::optional<sync::AuditDamage>{};
    return sync::AuditDamage{config.store_path, 0, std::nullopt, **problem};
}

int verify_command(CommandContext& context, const AuditArguments& arguments) {
    auto since = optional_date(arguments.since, "--since");
    if (!since)
        return report_error(context, since.error());
    auto dir = audit_dir(context);
    if (!dir)
        return report_error(context, dir.error());
    auto result = sync::verify_audit_trail(*dir, *since);
    if (!result)
        return report_error(context, result.error());
    if (!result->damage) {
        auto damage = check_against_store(context, *dir);
        if (!damage)
            return report_error(context, damage.error());
        result->damage = std::move(*damage);
    }
    sync::AuditEvent event{"audit.verify", dir->string(), result->damage ? "failed" : "ok", {}};
    event.details.emplace_back("records", std::to_string(result->records));
    if (result->damage)
        event.details.emplace_back("damage", result->damage->message());
    // The verdict is printed even when it cannot be recorded: a damaged trail may
    // refuse new records, and the sysadmin needs to see why.
    auto recorded = context.record_audit(event);
    context.out() << verification_text(*dir, *result);
    if (result->damage)
        return k_exit_bad_input;
    return recorded ? k_exit_ok : report_error(context, recorded.error());
}

bool matches(const sync::AuditRecord& record, const AuditArguments& arguments) {
    auto match = [](const std::string& value, const std::string& wanted) {
        if (wanted.empty() || value == wanted)
            return true;
        return wanted.ends_with('*') && value.starts_with(wanted.substr(0, wanted.size() - 1));
    };
    return match(record.actor, arguments.actor) && match(record.action, arguments.action);
}

std::string record_json(const sync::AuditRecord& record) {
    nlohmann::ordered_json details = nlohmann::ordered_json::object();
    for (const auto& [key, value] : record.details)
        details[key] = value;
    nlohmann::ordered_json json{
        {"time", record.time},     {"seq", record.seq},       {"actor", record.actor},
        {"action", record.action}, {"object", record.object}, {"outcome", record.outcome},
        {"details", details},      {"prev", record.prev},     {"hash", record.hash}};
    return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string record_text(const sync::AuditRecord& record) {
    std::string text = record.time + " #" + std::to_string(record.seq) + " " + record.actor + " " +
                       record.action + " " + record.object + " " + record.outcome;
    for (const auto& [key, value] : record.details)
        text += " " + key + "=" + value;
    return text;
}

int show_command(CommandContext& context, const AuditArguments& arguments) {
    auto since = optional_date(arguments.since, "--since");
    if (!since)
        return report_error(context, since.error());
    auto until = optional_date(arguments.until, "--until");
    if (!until)
        return report_error(context, until.error());
    auto dir = audit_dir(context);
    if (!dir)
        return report_error(context, dir.error());
    sync::AuditEvent event{"audit.show", dir->string(), "ok", {}};
    for (const auto& [key, value] : {std::pair{"since", arguments.since},
                                     {"until", arguments.until},
                                     {"actor", arguments.actor},
                                     {"action", arguments.action}})
        if (!value.empty())
            event.details.emplace_back(key, value);
    if (auto recorded = context.record_audit(event); !recorded)
        return report_error(context, recorded.error());
    auto records = sync::read_audit_records(*dir, *since, *until);
    if (!records)
        return report_error(context, records.error());
    for (const auto& record : *records)
        if (matches(record, arguments))
            context.out() << (arguments.json ? record_json(record) : record_text(record)) << "\n";
    return k_exit_ok;
}

// The machine's time zone (TZ, else /etc/localtime), as the convention means its hours.
sync::LocalHour machine_local_hour(std::int64_t epoch_seconds) {
    std::time_t moment = static_cast<std::time_t>(epoch_seconds);
    std::tm local{};
    ::localtime_r(&moment, &local);
    char day[16], hour[4], offset[24];
    std::strftime(day, sizeof day, "%Y-%m-%d", &local);
    std::strftime(hour, sizeof hour, "%H", &local);
    long minutes = local.tm_gmtoff / 60;
    std::snprintf(offset, sizeof offset, "%c%02ld:%02ld", minutes < 0 ? '-' : '+',
                  std::labs(minutes) / 60, std::labs(minutes) % 60);
    return {day, hour, offset};
}

int report_command(CommandContext& context, const AuditArguments& arguments) {
    auto first = parse_iso_date(arguments.month + "-01");
    if (arguments.month.size() != 7 || !first)
        return report_error(context, Error{ErrorCode::Config, "--month must be YYYY-MM, not '" +
                                                                  arguments.month + "'"});
    auto dir = audit_dir(context);
    if (!dir)
        return report_error(context, dir.error());
    sync::AuditEvent event{"audit.report", arguments.month, "ok", {}};
    if (auto recorded = context.record_audit(event); !recorded)
        return report_error(context, recorded.error());
    // Day files are UTC days: a local month starts up to a day before its first UTC day
    // and ends up to a day after (and a record near midnight may sit in the next day's
    // file when a clock went back).
    Date from{std::chrono::sys_days(*first) - std::chrono::days(1)};
    Date last{std::chrono::sys_days(first->year() / first->month() / std::chrono::last) +
              std::chrono::days(1)};
    auto records = sync::read_audit_records(*dir, from, last);
    if (!records)
        return report_error(context, records.error());
    auto rows = sync::aggregate_audit_report(*records, arguments.month, machine_local_hour);
    context.out() << (arguments.csv ? sync::audit_report_csv(rows)
                                    : sync::audit_report_text(rows, arguments.month));
    return k_exit_ok;
}

sync::AuditEvent purge_event(const std::filesystem::path& dir, const sync::AuditPurge& purge,
                             unsigned retention_days, bool dry_run) {
    sync::AuditEvent event{dry_run ? "audit.purge_dry_run" : "audit.purge", dir.string(), "ok", {}};
    event.details.emplace_back("retention_days", std::to_string(retention_days));
    event.details.emplace_back("days", std::to_string(purge.files.size()));
    if (purge.anchor) {
        event.details.emplace_back("through", to_iso(purge.anchor->purged_through));
        event.details.emplace_back("anchor_seq", std::to_string(purge.anchor->head.seq));
        event.details.emplace_back("anchor_hash", purge.anchor->head.hash);
    }
    return event;
}

int purge_command(CommandContext& context, const AuditArguments& arguments) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    const auto& audit = (*cfg)->audit;
    auto today = utc_date(context.now());
    auto plan =
        sync::purge_audit_trail(audit.dir, audit.retention_days, today, sync::PurgeMode::Plan);
    if (!plan)
        return report_error(context, plan.error());
    auto event = purge_event(audit.dir, *plan, audit.retention_days, arguments.dry_run);
    if (auto recorded = context.record_audit(event); !recorded)
        return report_error(context, recorded.error());
    if (!plan->anchor) {
        context.out() << "nothing to purge: no day older than " << audit.retention_days
                      << " days\n";
        return k_exit_ok;
    }
    if (!arguments.dry_run) {
        auto done = sync::purge_audit_trail(audit.dir, audit.retention_days, today,
                                            sync::PurgeMode::Remove);
        if (!done)
            return report_error(context, done.error());
        plan = std::move(done);
    }
    context.out() << (arguments.dry_run ? "dry run: would purge " : "purged ") << plan->files.size()
                  << " day(s) through " << to_iso(plan->anchor->purged_through) << "; anchor seq "
                  << plan->anchor->head.seq << " hash " << plan->anchor->head.hash << "\n";
    return k_exit_ok;
}

} // namespace

void add_audit_commands(CommandLine& line) {
    auto& a = line.keep<AuditArguments>();
    auto* audit = line.app().add_subcommand("audit", "check, read and purge the audit trail");
    audit->require_subcommand(1);
    auto* verify = audit->add_subcommand("verify", "check the hash chain of every day");
    auto* show = audit->add_subcommand("show", "print audit records");
    auto* report = audit->add_subcommand("report", "a month's table per day, hour and actor");
    auto* purge = audit->add_subcommand("purge", "remove whole days past [audit] retention_days");
    for (auto* command : {verify, show, report, purge})
        line.add_common(*command);
    for (auto* command : {verify, show})
        command->add_option("--since", a.since, "first day, YYYY-MM-DD");
    show->add_option("--until", a.until, "last day, YYYY-MM-DD");
    show->add_option("--actor", a.actor, "only this actor (a trailing * matches a prefix)");
    show->add_option("--action", a.action, "only this action (a trailing * matches a prefix)");
    show->add_flag("--json", a.json, "print the records as JSON lines");
    report->add_option("--month", a.month, "YYYY-MM")->required();
    report->add_flag("--csv", a.csv, "print CSV");
    purge->add_flag("--dry-run", a.dry_run, "say what would be purged, remove nothing");
    line.on_parsed(*verify, [&a](CommandContext& c) { return verify_command(c, a); });
    line.on_parsed(*show, [&a](CommandContext& c) { return show_command(c, a); });
    line.on_parsed(*report, [&a](CommandContext& c) { return report_command(c, a); });
    line.on_parsed(*purge, [&a](CommandContext& c) { return purge_command(c, a); });
}

} // namespace aafd::cli
