// Building feed batches: candidates (people changed since the last batch, people
// entering or leaving the scope), one decision and line each, batches, one transaction.
#include "sync/feed/builder.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "sync/feed/aaf_history.hpp"
#include "sync/feed/batch_file.hpp"
#include "sync/feed/batch_writer.hpp"
#include "sync/feed/be1d_set.hpp"
#include "sync/feed/decision.hpp"
#include "sync/feed/feed_account.hpp"
#include "sync/feed/provider_scope.hpp"
#include "sync/feed/set_folder.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

struct Touch {
    std::int64_t seq = 0;
    bool code_reset = false; // `aafd account reset-code`: the update carries the code
};

// A line decided but not yet written: the account's view is built only when its batch
// is written, so that memory holds one batch of lines, not the whole feed.
struct PlannedLine {
    std::int64_t seq = 0;
    std::int64_t object = 0;
    FeedOp op = FeedOp::Create;
    std::string reason;
    MemberState member = MemberState::Active;
    bool with_code = false;
};

bool holds(const std::optional<MemberState>& member) {
    return member && *member != MemberState::Deleted;
}

Result<std::unordered_map<std::int64_t, Touch>> read_touched(AccountStore& store, std::int64_t from,
                                                             std::int64_t upto) {
    std::unordered_map<std::int64_t, Touch> touched;
    auto done = store.for_each_journal(
        from, upto,
        [&](std::int64_t seq, std::int64_t object, const std::string&, const std::string& fields) {
            auto& touch = touched[object];
            touch.seq = std::max(touch.seq, seq);
            touch.code_reset |= fields.find("\"activation_code\"") != std::string::npos;
        });
    if (!done)
        return std::unexpected(done.error());
    return touched;
}

// The people the lines are about, in rowid order.
std::set<std::int64_t> candidates(BuildMode mode, const ProviderScope& scope,
                                  const std::unordered_map<std::int64_t, MemberState>& members,
                                  const std::unordered_map<std::int64_t, Touch>& touched) {
    std::set<std::int64_t> people;
    if (mode == BuildMode::Snapshot)
        return {scope.people.begin(), scope.people.end()};
    for (const auto& [object, state] : members)
        if (holds(state) && (mode == BuildMode::ConventionEnd || !scope.people.contains(object)))
            people.insert(object);
    if (mode == BuildMode::ConventionEnd)
        return people;
    for (const auto& [object, touch] : touched)
        people.insert(object);
    for (auto object : scope.people)
        if (!holds(members.contains(object) ? std::optional{members.at(object)} : std::nullopt))
            people.insert(object);
    return people;
}

bool in_charge_wanted(const std::string& legal, bool persons_in_charge) {
    return legal == "1" || (legal == "2" && persons_in_charge);
}

Result<void> add_relatives(AccountStore& store, const StoredObject& pupil, bool persons_in_charge,
                           std::vector<FeedLink>& links) {
    for (const auto& link : pupil.entity.links) {
        if (link.kind != LinkKind::Relative || !in_charge_wanted(link.detail, persons_in_charge))
            continue;
        auto login =
            store.login_of({pupil.key.source, pupil.key.flow, Category::Relative, link.target});
        if (!login)
            return std::unexpected(login.error());
        links.push_back(
            {link.detail == "1" ? "relative" : "in_charge", link.target, login->value_or("")});
    }
    return {};
}

// A relative's children: the active pupils in scope that name it.
Result<void> add_children(AccountStore& store, const StoredObject& relative,
                          const ProviderScope& scope, bool persons_in_charge,
                          std::vector<FeedLink>& links) {
    auto pupils = store.pupils_of_relative(relative.key.source, relative.key.id);
    if (!pupils)
        return std::unexpected(pupils.error());
    for (const auto& pupil : *pupils)
        if (scope.people.contains(pupil.object) && in_charge_wanted(pupil.legal, persons_in_charge))
            links.push_back({"child", pupil.id, pupil.login});
    for (const auto& link : relative.entity.links) { // 1D relatives list their pupils
        if (link.kind != LinkKind::Child)
            continue;
        auto found = store.active_pupils_with_id(relative.key.source, link.target);
        if (!found)
            return std::unexpected(found.error());
        for (const auto& pupil : *found)
            if (scope.people.contains(pupil.object))
                links.push_back({"child", pupil.id, pupil.login});
    }
    return {};
}

Result<std::vector<FeedLink>> linked_people(AccountStore& store, const StoredObject& object,
                                            const FeedProvider& provider,
                                            const ProviderScope& scope) {
    std::vector<FeedLink> links;
    Result<void> done;
    if (object.key.category == Category::Pupil)
        done = add_relatives(store, object, provider.persons_in_charge, links);
    else if (object.key.category == Category::Relative)
        done = add_children(store, object, scope, provider.persons_in_charge, links);
    if (!done)
        return std::unexpected(done.error());
    return links;
}

// The account part of a line: the whole view for create and update, the identity and
// login otherwise (the format drops the rest anyway).
Result<FeedAccount> line_account(AccountStore& store, const PersonRow& person, FeedOp op,
                                 bool with_code, const FeedProvider& provider,
                                 const ProviderScope& scope) {
    const StoredObject& object = person.object;
    if (!person.account)
        return fail(ErrorCode::Internal, "person " + object.key.id + " has no account");
    if (op == FeedOp::Deactivate || op == FeedOp::Delete) {
        FeedAccount identity;
        identity.id = object.key.id;
        identity.category = std::string(category_name(object.key.category));
        identity.flow = std::string(flow_name(object.key.flow));
        identity.source = object.key.source;
        identity.login = person.account->login;
        return identity;
    }
    auto links = linked_people(store, object, provider, scope);
    if (!links)
        return std::unexpected(links.error());
    return make_feed_account(object, *person.account, with_code, std::move(*links), scope,
                             provider.profiles);
}

struct BuildInputs {
    const FeedProvider& provider;
    BuildMode mode;
    const ProviderScope& scope;
    const std::unordered_map<std::int64_t, MemberState>& members;
    const std::unordered_map<std::int64_t, Touch>& touched;
    std::int64_t upto;
};

std::optional<PlannedLine> plan_line(const BuildInputs& in, std::int64_t rowid,
                                     std::optional<State> state) {
    std::optional<MemberState> member;
    if (in.mode != BuildMode::Snapshot && in.members.contains(rowid))
        member = in.members.at(rowid);
    auto touch = in.touched.find(rowid);
    bool changed = touch != in.touched.end();
    auto decision = in.mode == BuildMode::ConventionEnd
                        ? decide_convention_end(member)
                        : decide_feed_op(member, in.scope.people.contains(rowid), state, changed);
    if (!decision.op || !state)
        return std::nullopt; // purged objects' deletes: see purge_deleted
    bool with_code = *decision.op == FeedOp::Create || (changed && touch->second.code_reset);
    return PlannedLine{changed ? touch->second.seq : in.upto,
                       rowid,
                       *decision.op,
                       decision.reason,
                       *decision.member,
                       with_code};
}

// The candidates' lines, their states read in one forward walk of the store.
Result<std::vector<PlannedLine>> plan_lines(AccountStore& store, const BuildInputs& in) {
    auto people = candidates(in.mode, in.scope, in.members, in.touched);
    std::vector<std::int64_t> rowids(people.begin(), people.end());
    std::vector<PlannedLine> planned;
    auto done = store.for_each_state(
        rowids, [&](std::int64_t rowid, std::optional<State> state) -> Result<void> {
            if (auto line = plan_line(in, rowid, state))
                planned.push_back(std::move(*line));
            return {};
        });
    if (!done)
        return std::unexpected(done.error());
    std::stable_sort(planned.begin(), planned.end(),
                     [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return planned;
}

// Cuts the lines into batches of about `max_lines`, only between different seqs so
// that every batch has its own sequence range.
std::vector<std::pair<std::size_t, std::size_t>> cut(const std::vector<PlannedLine>& lines,
                                                     std::size_t max_lines) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::size_t begin = 0;
    for (std::size_t i = 1; i <= lines.size(); ++i) {
        bool boundary = i == lines.size() || lines[i].seq != lines[i - 1].seq;
        if (boundary && (i - begin >= max_lines || i == lines.size())) {
            ranges.emplace_back(begin, i);
            begin = i;
        }
    }
    return ranges;
}

FeedBatchKind batch_kind(BuildMode mode) {
    switch (mode) {
    case BuildMode::Snapshot:
        return FeedBatchKind::Snapshot;
    case BuildMode::ConventionEnd:
        return FeedBatchKind::Final;
    case BuildMode::Changes:
        break;
    }
    return FeedBatchKind::Changes;
}

Result<FeedLine> make_line(AccountStore& store, const FeedProvider& provider,
                           const ProviderScope& scope, const PlannedLine& p,
                           const std::optional<PersonRow>& person) {
    if (!person)
        return fail(ErrorCode::Internal, "object " + std::to_string(p.object) + " vanished");
    auto account = line_account(store, *person, p.op, p.with_code, provider, scope);
    if (!account)
        return with_context(account.error(), "feed of " + provider.name);
    return FeedLine{p.seq, p.op, p.reason, std::move(*account)};
}

// The lines of `planned`, in order, each handed to `on_line` as it is built: their people
// are read in one forward walk of the store (for_each_person), one line at a time.
Result<void> for_each_line(AccountStore& store, const FeedProvider& provider,
                           const ProviderScope& scope, std::span<const PlannedLine> planned,
                           const std::function<Result<void>(FeedLine&&)>& on_line) {
    std::vector<std::int64_t> rowids;
    rowids.reserve(planned.size());
    for (const auto& p : planned)
        rowids.push_back(p.object);
    std::size_t next = 0;
    return store.for_each_person(
        rowids, [&](std::int64_t, const std::optional<PersonRow>& person) -> Result<void> {
            auto line = make_line(store, provider, scope, planned[next++], person);
            if (!line)
                return std::unexpected(line.error());
            return on_line(std::move(*line));
        });
}

// The lines of `planned`, in memory: for what needs them whole (LDIF, the held accounts).
Result<std::vector<FeedLine>> make_lines(AccountStore& store, const FeedProvider& provider,
                                         const ProviderScope& scope,
                                         std::span<const PlannedLine> planned) {
    std::vector<FeedLine> lines;
    auto done = for_each_line(store, provider, scope, planned, [&](FeedLine&& line) {
        lines.push_back(std::move(line));
        return Result<void>{};
    });
    if (!done)
        return std::unexpected(done.error());
    return lines;
}

// An LDIF batch opens with an `add` of every school its lines name, so it is rendered whole
// (render_ldif_batch), not streamed: its memory grows with the batch's lines.
Result<FeedBatch> write_ldif_batch(AccountStore& store, const FeedProvider& provider,
                                   const ProviderScope& scope, BuildMode mode,
                                   std::span<const PlannedLine> planned, std::int64_t first,
                                   std::int64_t last, const std::string& now,
                                   const std::filesystem::path& path) {
    auto lines = make_lines(store, provider, scope, planned);
    if (!lines)
        return std::unexpected(lines.error());
    auto rendered = render_ldif_batch(*lines, provider.fields, provider.ldif, now);
    if (!rendered)
        return with_context(rendered.error(), "feed of " + provider.name);
    if (auto written = write_file_atomically(path, rendered->content, k_batch_file_mode); !written)
        return std::unexpected(written.error());
    return FeedBatch{0,
                     provider.name,
                     batch_kind(mode),
                     first,
                     last,
                     path.string(),
                     rendered->sha256,
                     lines->size(),
                     now,
                     ""};
}

// One batch file, its lines written as they are built: memory holds one line at a time
// and the writer's buffer, however many lines the batch has.
Result<FeedBatch> write_batch(AccountStore& store, const FeedProvider& provider,
                              const ProviderScope& scope, BuildMode mode,
                              std::span<const PlannedLine> planned, std::int64_t first,
                              std::int64_t last, const std::string& now) {
    BatchName name{provider.name,
                   mode == BuildMode::Snapshot ? BatchKind::Snapshot : BatchKind::Range,
                   mode == BuildMode::Snapshot ? last : first, last, provider.format};
    if (auto created = create_folders(provider.staging, 0700); !created)
        return std::unexpected(created.error());
    auto path = provider.staging / batch_file_name(name);
    if (provider.format == FeedFormat::Ldif)
        return write_ldif_batch(store, provider, scope, mode, planned, first, last, now, path);
    auto writer = BatchWriter::open(path, provider.format, provider.fields);
    if (!writer)
        return std::unexpected(writer.error());
    auto written =
        for_each_line(store, provider, scope, planned, [&](FeedLine&& line) -> Result<void> {
            if (auto done = writer->append(line); !done)
                return with_context(done.error(), "feed of " + provider.name);
            return {};
        });
    if (!written)
        return std::unexpected(written.error());
    auto sha256 = writer->finish(k_batch_file_mode);
    if (!sha256)
        return std::unexpected(sha256.error());
    return FeedBatch{0,       provider.name,  batch_kind(mode),
                     first,   last,           path.string(),
                     *sha256, planned.size(), now,
                     ""};
}

// An `aaf` batch: a full set, or a Delta set from the provider's last batch
// (sync/feed/aaf_history); the folder is named after the sequence range of a Delta.
Result<std::filesystem::path> write_aaf_batch_folder(AccountStore& store,
                                                     const FeedProvider& provider,
                                                     const ProviderScope& scope, BuildMode mode,
                                                     std::int64_t from, std::int64_t upto,
                                                     Date date) {
    auto last = store.last_batch(provider.name);
    if (!last)
        return std::unexpected(last.error());
    AafHistory history{provider.staging / "aaf-base",
                       *last ? std::optional{(*last)->last_seq} : std::nullopt,
                       upto,
                       provider.aaf_deltas,
                       provider.aaf_full_every,
                       mode != BuildMode::Changes};
    auto folder = [&](BatchKind kind) {
        return provider.staging /
               batch_file_name({provider.name, kind, kind == BatchKind::Snapshot ? upto : from,
                                upto, provider.format});
    };
    auto full = folder(BatchKind::Snapshot), delta = folder(BatchKind::Range);
    std::error_code ec; // leftovers of a build rolled back
    std::filesystem::remove_all(full, ec);
    std::filesystem::remove_all(delta, ec);
    auto built = write_aaf_batch(store, scope,
                                 {provider.name, provider.fields,
                                  std::max<std::size_t>(provider.aaf_chunk_records, 1), date,
                                  mode != BuildMode::ConventionEnd},
                                 history, full, delta);
    if (!built)
        return std::unexpected(built.error());
    return built->folder;
}

// A set format's batch: the whole set of the scope in one folder (or, for `aaf` with
// deltas, what changed in it), written whenever there is a line to tell (the people are
// then the scope's, not the lines'); at the convention's end, the schools without their
// people.
Result<FeedBatch> write_set_batch(AccountStore& store, const FeedProvider& provider,
                                  const ProviderScope& scope, BuildMode mode, std::size_t lines,
                                  std::int64_t from, std::int64_t upto, const std::string& now) {
    auto date = parse_iso_date(std::string_view(now).substr(0, 10));
    if (!date)
        return fail(ErrorCode::Internal, "not an ISO timestamp: " + now);
    Result<std::filesystem::path> written;
    if (provider.format == FeedFormat::Be1d) {
        written = provider.staging / batch_file_name({provider.name, BatchKind::Snapshot, upto,
                                                      upto, provider.format});
        std::error_code ec;
        std::filesystem::remove_all(*written, ec); // a leftover of a build rolled back
        auto be1d = write_be1d_set(store,
                                   {provider.schools, provider.fields, provider.persons_in_charge,
                                    mode != BuildMode::ConventionEnd},
                                   *written);
        if (!be1d)
            written = std::unexpected(be1d.error());
    } else {
        written = write_aaf_batch_folder(store, provider, scope, mode, from, upto, *date);
    }
    if (!written)
        return with_context(written.error(), "feed of " + provider.name);
    auto digest = folder_digest(*written);
    if (!digest)
        return std::unexpected(digest.error());
    return FeedBatch{
        0, provider.name, batch_kind(mode), from, upto, written->string(), *digest, lines, now, ""};
}

Result<std::vector<FeedBatch>> write_batches(AccountStore& store, const FeedProvider& provider,
                                             const ProviderScope& scope, BuildMode mode,
                                             const std::vector<PlannedLine>& planned,
                                             std::int64_t from, std::int64_t upto,
                                             const std::string& now) {
    if (is_set_format(provider.format)) {
        auto batch = write_set_batch(store, provider, scope, mode, planned.size(), from, upto, now);
        if (!batch)
            return std::unexpected(batch.error());
        return std::vector{std::move(*batch)};
    }
    std::vector<FeedBatch> batches;
    std::int64_t first = from;
    // A snapshot is one file, even an empty one: it tells the provider what it holds.
    auto ranges = mode == BuildMode::Snapshot
                      ? std::vector{std::pair<std::size_t, std::size_t>{0, planned.size()}}
                      : cut(planned, std::max<std::size_t>(provider.batch_max_lines, 1));
    for (std::size_t r = 0; r < ranges.size(); ++r) {
        auto [begin, end] = ranges[r];
        std::int64_t last = r + 1 == ranges.size() ? upto : planned[end - 1].seq;
        auto batch = write_batch(store, provider, scope, mode,
                                 std::span(planned).subspan(begin, end - begin), first, last, now);
        if (!batch)
            return std::unexpected(batch.error());
        batches.push_back(std::move(*batch));
        first = last;
    }
    return batches;
}

Result<void> record(AccountStore& store, const FeedProvider& provider, BuildMode mode,
                    std::vector<FeedBatch>& batches, const std::vector<PlannedLine>& planned,
                    const std::unordered_map<std::int64_t, MemberState>& members,
                    const std::string& now) {
    for (auto& batch : batches) {
        auto id = store.insert_batch(batch);
        if (!id)
            return std::unexpected(id.error());
        batch.id = *id;
    }
    std::unordered_map<std::int64_t, bool> lined;
    for (const auto& p : planned) {
        lined[p.object] = true;
        auto done = store.record_member({provider.name, p.object, p.member, p.seq, now, p.seq,
                                         std::string(feed_op_name(p.op)), now});
        if (!done)
            return done;
    }
    if (mode == BuildMode::Snapshot) // the snapshot replaces whatever the provider held
        for (const auto& [object, state] : members)
            if (holds(state) && !lined.contains(object))
                if (auto done = store.record_member(
                        {provider.name, object, MemberState::Deleted, 0, now,
                         batches.empty() ? 0 : batches.back().last_seq, "snapshot", now});
                    !done)
                    return done;
    if (mode == BuildMode::ConventionEnd)
        return store.set_closed(provider.name, now);
    return {};
}

Result<std::int64_t> built_upto(AccountStore& store, const std::string& provider) {
    auto cursor = store.cursor(provider);
    if (!cursor)
        return cursor;
    auto last = store.last_batch(provider);
    if (!last)
        return std::unexpected(last.error());
    return std::max(*cursor, *last ? (*last)->last_seq : 0);
}

// A set format's provider that never had a batch gets a first set even with no line to
// tell, once the store holds one of its schools: a scope that holds no one is an empty
// full set, not nothing.
Result<bool> first_set_due(AccountStore& store, const FeedProvider& provider,
                           const ProviderScope& scope) {
    if (!is_set_format(provider.format) || scope.schools.empty())
        return false;
    auto last = store.last_batch(provider.name);
    if (!last)
        return std::unexpected(last.error());
    return !last->has_value();
}

// What a build reads before it writes: the journal range, the scope, the memberships and
// the lines planned.
struct BuildPlan {
    std::int64_t from = 0;
    std::int64_t upto = 0;
    ProviderScope scope;
    std::unordered_map<std::int64_t, MemberState> members;
    std::vector<PlannedLine> planned;
};

Result<BuildPlan> plan_build(AccountStore& store, const FeedProvider& provider, BuildMode mode) {
    auto from = built_upto(store, provider.name);
    auto upto = store.last_journal_seq();
    auto scope = read_scope(store, provider.schools, provider.persons_in_charge);
    auto members = store.members(provider.name);
    if (!from || !upto || !scope || !members)
        return std::unexpected(!from    ? from.error()
                               : !upto  ? upto.error()
                               : !scope ? scope.error()
                                        : members.error());
    auto touched = read_touched(store, *from, *upto);
    if (!touched)
        return std::unexpected(touched.error());
    auto planned = plan_lines(store, {provider, mode, *scope, *members, *touched, *upto});
    if (!planned)
        return std::unexpected(planned.error());
    return BuildPlan{*from, *upto, std::move(*scope), std::move(*members), std::move(*planned)};
}

Result<BuildReport> build_in_transaction(AccountStore& store, const FeedProvider& provider,
                                         BuildMode mode, const std::string& now) {
    auto pending = store.pending_batches(provider.name);
    if (!pending)
        return std::unexpected(pending.error());
    if (mode == BuildMode::Snapshot && !pending->empty())
        return fail(ErrorCode::Config, "provider " + provider.name + " has " +
                                           std::to_string(pending->size()) +
                                           " undelivered batches: run `aafd feed deliver` first");
    auto plan = plan_build(store, provider, mode);
    if (!plan)
        return std::unexpected(plan.error());
    auto& [from, upto, scope, members, planned] = *plan;
    auto first_set = first_set_due(store, provider, scope);
    if (!first_set)
        return std::unexpected(first_set.error());
    BuildReport report;
    report.lines = planned.size();
    if (planned.empty() && mode == BuildMode::Changes && !*first_set) {
        if (pending->empty() && upto > from) // nothing to say: the range is delivered
            if (auto done = store.set_cursor(provider.name, upto); !done)
                return std::unexpected(done.error());
        return report;
    }
    if ((!planned.empty() || *first_set) && upto == from) { // no change journaled
        auto mark = store.append_mark(provider.name, now);
        if (!mark)
            return std::unexpected(mark.error());
        for (auto& p : planned)
            p.seq = *mark;
        upto = *mark;
    }
    auto batches = write_batches(store, provider, scope, mode, planned, from, upto, now);
    if (!batches)
        return std::unexpected(batches.error());
    if (auto done = record(store, provider, mode, *batches, planned, members, now); !done)
        return std::unexpected(done.error());
    report.batches = std::move(*batches);
    return report;
}

} // namespace

Result<BuildReport> build_feed(AccountStore& store, const FeedProvider& provider, BuildMode mode,
                               const std::string& now) {
    if (auto begun = store.begin(); !begun)
        return std::unexpected(begun.error());
    auto report = build_in_transaction(store, provider, mode, now);
    if (!report) {
        store.rollback();
        return report;
    }
    if (auto done = store.commit(); !done)
        return std::unexpected(done.error());
    return report;
}

Result<FeedPreview> preview_feed(AccountStore& store, const FeedProvider& provider, BuildMode mode,
                                 std::size_t max_lines) {
    auto plan = plan_build(store, provider, mode);
    if (!plan)
        return std::unexpected(plan.error());
    const auto& [from, upto, scope, members, planned] = *plan;
    FeedPreview preview{{}, planned.size(), from, upto, scope.people.size(), scope.schools.size(),
                        {}};
    for (const auto& p : planned)
        ++preview.operations[p.op];
    auto first = make_lines(store, provider, scope,
                            std::span(planned).first(std::min(max_lines, planned.size())));
    if (!first)
        return std::unexpected(first.error());
    preview.first = std::move(*first);
    return preview;
}

Result<std::vector<FeedLine>> held_accounts(AccountStore& store, const FeedProvider& provider) {
    auto scope = read_scope(store, provider.schools, provider.persons_in_charge);
    auto members = scope ? store.members(provider.name) : std::unexpected(scope.error());
    if (!members)
        return std::unexpected(members.error());
    std::vector<PlannedLine> planned;
    for (const auto& [object, state] : *members)
        if (state == MemberState::Active && scope->people.contains(object))
            planned.push_back({0, object, FeedOp::Create, "", state, false});
    std::sort(planned.begin(), planned.end(),
              [](const auto& a, const auto& b) { return a.object < b.object; });
    return make_lines(store, provider, *scope, planned);
}

} // namespace aafd::sync
