// `aafd report perimeter PROVIDER [--csv]`: the schools of a provider's convention with
// their UAI, name, number of classes and of pupils — what annex 1 and the billing (per
// class, capped per school, or per school) are built from. Counts only: no names.
#include <set>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/feed_settings.hpp"
#include "parsers/structure_name.hpp"

namespace aafd::cli {
namespace {

struct ReportArguments {
    std::string provider;
    bool csv = false;
};

struct SchoolLine {
    std::string uai;
    StructureName name; // empty when the store does not hold the school
    std::uint64_t classes = 0;
    std::uint64_t pupils = 0;
};

// Active pupils attached to the school and the distinct classes they are in.
Result<void> count_pupils(sync::AccountStore& store, const sync::StructureRow& school,
                          SchoolLine& line) {
    auto attached = store.attached_to(school.source, school.id);
    if (!attached)
        return std::unexpected(attached.error());
    std::set<std::string> classes;
    for (const auto& [rowid, category] : *attached) {
        if (category != Category::Pupil)
            continue;
        auto pupil = store.object(rowid);
        if (!pupil)
            return std::unexpected(pupil.error());
        if (!*pupil || (*pupil)->state != sync::State::Active)
            continue;
        ++line.pupils;
        for (const auto& link : (*pupil)->entity.links)
            if (link.kind == sync::LinkKind::Class && link.target == school.id)
                classes.insert(link.code);
    }
    line.classes += classes.size();
    return {};
}

Result<std::vector<SchoolLine>> perimeter(sync::AccountStore& store,
                                          const config::Provider& provider) {
    std::vector<SchoolLine> lines;
    for (const auto& uai : provider.schools) {
        SchoolLine line{uai};
        auto schools = store.structures_with_uai({uai});
        if (!schools)
            return std::unexpected(schools.error());
        for (const auto& school : *schools) {
            line.name = parse_structure_name(school.label);
            if (auto done = count_pupils(store, school, line); !done)
                return std::unexpected(done.error());
        }
        lines.push_back(line);
    }
    return lines;
}

std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

void print(CommandContext& context, const std::vector<SchoolLine>& lines, bool csv) {
    std::uint64_t classes = 0, pupils = 0;
    if (csv)
        context.out() << "uai,type,name,town,classes,pupils\r\n";
    for (const auto& l : lines) {
        classes += l.classes;
        pupils += l.pupils;
        if (csv)
            context.out() << l.uai << "," << csv_cell(l.name.type) << "," << csv_cell(l.name.name)
                          << "," << csv_cell(l.name.town) << "," << l.classes << "," << l.pupils
                          << "\r\n";
        else
            context.out() << l.uai << "  "
                          << (l.name.name.empty() ? "(not in the store)"
                                                  : readable_structure_name(l.name))
                          << "  classes " << l.classes << "  pupils " << l.pupils << "\n";
    }
    if (!csv)
        context.out() << lines.size() << " schools, " << classes << " classes, " << pupils
                      << " pupils\n";
}

int perimeter_command(CommandContext& context, const ReportArguments& arguments) {
    auto on = context.for_provider(arguments.provider, true);
    if (!on)
        return report_error(context, on.error());
    auto lines = perimeter(on->accounts, on->provider);
    if (!lines)
        return report_error(context, lines.error());
    if (auto recorded = context.record_audit({"report.perimeter",
                                              arguments.provider,
                                              "ok",
                                              {{"schools", std::to_string(lines->size())}}});
        !recorded)
        return report_error(context, recorded.error());
    print(context, *lines, arguments.csv);
    return k_exit_ok;
}

} // namespace

void add_report_commands(CommandLine& line) {
    auto& a = line.keep<ReportArguments>();
    auto* report = line.app().add_subcommand("report", "reports for conventions and billing");
    report->require_subcommand(1);
    auto* perimeter = report->add_subcommand("perimeter", "a provider's schools, classes, pupils");
    line.add_common(*perimeter);
    perimeter->add_option("provider", a.provider, "the [[provider]]")->required();
    perimeter->add_flag("--csv", a.csv, "print CSV");
    line.on_parsed(*perimeter, [&a](CommandContext& c) { return perimeter_command(c, a); });
}

} // namespace aafd::cli
