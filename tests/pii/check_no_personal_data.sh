#!/usr/bin/env bash
# Personal data and secrets stay out of logs and outputs: runs aafd end to end at debug
# level (SFTP fetch from a real sshd, imports, daemon cycles, two providers' feeds, audit,
# error paths), then greps everything it wrote, except the store, the exports, the feeds
# and the show/rgpd/reset-code outputs, for the store's personal data and the keys' text.
#
# Usage: check_no_personal_data.sh AAFD AAFD_GEN   (AAFD_PII_KEEP=1 keeps the work folder)
set -euo pipefail
export LC_ALL=C.UTF-8

aafd=$1
generator=$2
work=$(mktemp -d /tmp/aafd-pii.XXXXXX)
# Under private/ lives what may hold personal data: inputs, keys, the sshd, the feeds'
# outboxes, the exempt outputs and the lists of data to look for.
private=$work/private
config=$work/aafd.toml
store=$work/state/aafd.db
sshd_pid=

cleanup() {
    if [ -n "$sshd_pid" ]; then
        kill "$sshd_pid" 2>/dev/null || true
        wait "$sshd_pid" 2>/dev/null || true
    fi
    if [ "${AAFD_PII_KEEP:-0}" = 1 ]; then
        echo "work folder kept: $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

die() {
    echo "FAIL: $*" >&2
    exit 1
}

mkdir -p "$private"/{keys,sshd,served,pushed,local,exempt,lists,bad} "$private"/outbox/{beneylu,skolengo} \
    "$work"/{out,state,spool,audit,metrics}

# --- Inputs: three generated académies (seeded) -------------------------------------------

"$generator" --quiet --out "$private/gen/manual" --seed 11 --pupils 200 --series --chunk-records 150
"$generator" --quiet --out "$private/gen/acad" --seed 12 --pupils 120 --series --deltas 2
"$generator" --quiet --out "$private/gen/local" --seed 13 --pupils 120
"$generator" --quiet --out "$private/gen/shrunk" --seed 13 --pupils 10 --start 20250914
find "$private/gen/acad" -type f -exec cp {} "$private/served/" \;
touch -d '-1 hour' "$private"/served/*
cp "$private"/gen/local/*/* "$private/local/"

# Every school of the académies, so that both providers hold accounts.
mapfile -t schools < <(grep -rhoE 'ENTStructureUAI"><value>[0-9]{7}[A-Z]' "$private/gen" |
    sed 's/.*>//' | sort -u)
[ "${#schools[@]}" -ge 2 ] || die "the generated académies hold no school"
schools_toml=$(printf '"%s", ' "${schools[@]}")
schools_toml="[${schools_toml%, }]"

# --- A real sshd on 127.0.0.1 serving the exports and receiving a provider's push --------

ssh-keygen -q -t ed25519 -N '' -C aafd-pii-host -f "$private/sshd/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -C aafd-pii-source -f "$private/keys/source_ed25519"
ssh-keygen -q -t ed25519 -N '' -C aafd-pii-push -f "$private/keys/push_ed25519"
cat "$private"/keys/*.pub >"$private/sshd/authorized_keys"
user=$(id -un)
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_sshd() {
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        port_is_free "$port" || continue
        cat >"$private/sshd/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $private/sshd/host_ed25519
PidFile $private/sshd/sshd.pid
AuthorizedKeysFile $private/sshd/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $user
Subsystem sftp internal-sftp
EOF
        /usr/sbin/sshd -D -e -f "$private/sshd/sshd_config" 2>"$private/sshd/sshd.log" &
        sshd_pid=$!
        for _ in $(seq 200); do
            grep -q 'Server listening' "$private/sshd/sshd.log" && return 0
            kill -0 "$sshd_pid" 2>/dev/null || break
            sleep 0.05
        done
        kill "$sshd_pid" 2>/dev/null || true
        wait "$sshd_pid" 2>/dev/null || true
        sshd_pid=
    done
    die "sshd did not start: $(tail -5 "$private/sshd/sshd.log")"
}
start_sshd
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$private/sshd/host_ed25519.pub")" >"$private/keys/known_hosts"

# --- The configuration: two sources (SFTP, local folder), two providers, alerts, metrics --

cat >"$work/alert.sh" <<EOF
#!/bin/sh
env | grep '^AAFD_ALERT_' | sort >>"$work/alerts.log"
cat >>"$work/alerts.log"
echo >>"$work/alerts.log"
EOF
chmod 755 "$work/alert.sh"

cat >"$config" <<EOF
[store]
path = "$store"
[spool]
path = "$work/spool"
[[source]]
name = "acad"
host = "127.0.0.1"
port = $port
user = "$user"
key = "$private/keys/source_ed25519"
known_hosts = "$private/keys/known_hosts"
remote_dir = "$private/served"
settle_time = 0
[[source]]
name = "local"
local_dir = "$private/local"
[logging]
level = "debug"
[audit]
dir = "$work/audit"
[schedule]
run = "0 0 1 1 *"
late_check = "0 0 1 1 *"
retry_min = 1
retry_max = 1
[alerts]
command = "$work/alert.sh"
[metrics]
textfile = "$work/metrics/aafd.prom"
[[provider]]
name = "beneylu"
schools = $schools_toml
start = 2024-01-01
end = 2099-12-31
outbox = "$private/outbox/beneylu"
fields = ["login", "names", "birth_date", "profiles", "schools", "classes", "links"]
format = "jsonl"
[[provider]]
name = "skolengo"
schools = $schools_toml
start = 2024-01-01
end = 2099-12-31
outbox = "$private/outbox/skolengo"
format = "csv"
[provider.push]
host = "127.0.0.1"
port = $port
user = "$user"
key = "$private/keys/push_ed25519"
known_hosts = "$private/keys/known_hosts"
remote_dir = "$private/pushed"
EOF

# --- Running aafd: each command's stdout and stderr kept under out/ (or private/exempt/) --

step=0
# run_in FOLDER NAME EXPECT ARGS...: `aafd ARGS` at debug level; EXPECT is ok, fail or any.
run_in() {
    local folder=$1 name=$2 expect=$3 status=0 base
    shift 3
    step=$((step + 1))
    base=$(printf '%s/%02d-%s' "$folder" "$step" "$name")
    "$aafd" "$@" --config "$config" --log-level debug >"$base.out" 2>"$base.err" || status=$?
    [ "$status" -lt 128 ] || die "aafd $1 ($name) was killed by signal $((status - 128))"
    if { [ "$expect" = ok ] && [ "$status" -ne 0 ]; } || { [ "$expect" = fail ] && [ "$status" -eq 0 ]; }; then
        tail -5 "$base.err" >&2
        die "aafd $1 ($name) exited with $status, expected $expect"
    fi
    return 0
}
run() { run_in "$work/out" "$@"; }
run_exempt() { run_in "$private/exempt" "$@"; }

sets() { find "$1" -mindepth 1 -maxdepth 1 -type d | sort; }

run check-config ok check-config "$config"
mapfile -t manual_sets < <(sets "$private/gen/manual")
run import-dry-run ok import --store "$store" --source manual --dry-run "${manual_sets[0]}"
run import ok import --store "$store" --source manual "${manual_sets[@]}"
run import-again ok import --store "$store" --source manual "${manual_sets[@]}"
run status ok status
run status-json ok status --json
run fetch ok fetch --source acad
run daemon-cycle ok run --once --run-now
run feed-deliver ok feed deliver
run feed-deliver-one ok feed deliver --provider skolengo
run feed-snapshot ok feed snapshot beneylu
run feed-status ok feed status
run feed-status-json ok feed status --json
run report-perimeter ok report perimeter beneylu
run report-perimeter-csv ok report perimeter skolengo --csv
run maintain-dry-run ok maintain --dry-run
run maintain ok maintain
run check-store ok check-store

# The outputs made to show personal data.
person=$(sqlite3 "$store" "SELECT o.id FROM object o JOIN account a ON a.object = o.rowid
    WHERE o.source = 'manual' AND o.category = 'Eleve' AND o.flow = '1D' ORDER BY o.id LIMIT 1")
relative=$(sqlite3 "$store" "SELECT id FROM object WHERE source = 'manual'
    AND category = 'PersRelEleve' AND attributes LIKE '%\"ENTPersonMail\":[\"%@%' ORDER BY id LIMIT 1")
[ -n "$person" ] || die "no pupil with an account in the store"
[ -n "$relative" ] || die "no relative with a mail in the store"
uai=${schools[0]}
run_exempt show-person ok show person "$person" --source manual
run_exempt show-person-json ok show person "$person" --source manual --json
run_exempt show-structure ok show structure "$uai" --source manual
run_exempt rgpd-export ok rgpd export "$person" --source manual
run_exempt rgpd-export-relative ok rgpd export "$relative" --source manual --category PersRelEleve
run_exempt reset-code ok account reset-code "$person" --source manual
run feed-deliver-code ok feed deliver

# --- Error paths ---------------------------------------------------------------------------

# bad_delta NAME PERL: a one-record 1D pupil delta dated 2025-09-15 (the first pupil of the
# last full set of `manual`), changed by the perl substitution PERL; prints its folder.
bad_delta() {
    local folder=$private/bad/$1
    local full=${manual_sets[-1]}/ENT1DVA-ENT86_Complet_20250914_Eleve_0000.xml
    mkdir -p "$folder"
    perl -0777 -ne 'print "$1\n</ficAlimMENESR>\n" if m{^(.*?</addRequest>)}s' "$full" |
        sed 's|dateGenerationExport="14/09/2025"|dateGenerationExport="15/09/2025"|' |
        perl -0777 -pe "$2" >"$folder/ENT1DVA-ENT86_Delta_20250915_Eleve_0000.xml"
    echo "$folder"
}
name_value='(<attr name="ENTPersonNom"><value>)([^<]*)(</value>)'
run bad-tags fail import --store "$store" --source manual \
    "$(bad_delta tags "s{$name_value}{\$1\$2</valeur>}")"
run bad-category fail import --store "$store" --source manual \
    "$(bad_delta category 's{<value>Eleve</value></attr></operationalAttributes>}{<value>Inconnu</value></attr></operationalAttributes>}')"
run bad-utf8 fail import --store "$store" --source manual \
    "$(bad_delta utf8 "s{$name_value}{\$1\$2\\xff\\xfe\$3}")"
run bad-entity fail import --store "$store" --source manual \
    "$(bad_delta entity "s{$name_value}{\$1\$2&inconnue;\$3}")"
run bad-bare-text ok import --store "$store" --source manual --dry-run \
    "$(bad_delta bare-text "s{$name_value}{\$2\$1\$2\$3}")"
run unknown-attribute ok import --store "$store" --source manual --dry-run \
    "$(bad_delta attribute "s{$name_value(</attr>)}{\$1\$2\$3\$4\n<attr name=\"ENTPersonSurnom\"><value>\$2</value></attr>}")"
run unknown-person fail show person 9999999 --source manual
run unknown-account fail account reset-code 9999999 --source manual

# A broken file in a daemon cycle (dated after the local source's full set): the cycle
# fails and is alerted. The operator then takes the file away.
broken=$(bad_delta daemon "s{$name_value}{\$1\$2</valeur>}")/ENT1DVA-ENT86_Delta_20250915_Eleve_0000.xml
sed 's|dateGenerationExport="15/09/2025"|dateGenerationExport="08/09/2025"|' "$broken" \
    >"$private/local/ENT1DVA-ENT86_Delta_20250908_Eleve_0000.xml"
run daemon-broken fail run --once --run-now
grep -q '^AAFD_ALERT_MESSAGE=.*malformed XML' "$work/alerts.log" || die "the broken file was not alerted"
rm "$private"/local/* "$work"/spool/local/ready/*
# A full set where most people vanish: refused by the deletion guard, alerted.
cp "$private"/gen/shrunk/*/* "$private/local/"
run daemon-guard fail run --once --run-now
grep -q '^AAFD_ALERT_KIND=deletion_guard' "$work/alerts.log" || die "the deletion guard was not alerted"

# A store whose attributes JSON is cut in the middle of a name.
cp "$store" "$private/corrupt.db"
sqlite3 "$private/corrupt.db" "UPDATE object SET attributes =
    substr(attributes, 1, instr(attributes, last_name) + length(last_name) - 1)
    WHERE rowid = (SELECT min(rowid) FROM object WHERE last_name IS NOT NULL)"
run check-corrupt-store fail check-store --store "$private/corrupt.db"
run show-corrupt-person any show person "$(sqlite3 "$private/corrupt.db" \
    "SELECT id FROM object WHERE rowid = (SELECT min(rowid) FROM object WHERE last_name IS NOT NULL)")" \
    --store "$private/corrupt.db" --source manual
# Keys aafd must refuse: group-readable, then a host key that does not match (the fetch's
# and the push's).
chmod 640 "$private/keys/source_ed25519"
run fetch-open-key fail fetch --source acad
chmod 600 "$private/keys/source_ed25519"
cp "$private/keys/known_hosts" "$private/keys/known_hosts.good"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$private/keys/push_ed25519.pub")" >"$private/keys/known_hosts"
run fetch-wrong-host-key fail fetch --source acad
run push-wrong-host-key fail feed snapshot skolengo
mv "$private/keys/known_hosts.good" "$private/keys/known_hosts"

run audit-verify ok audit verify
run audit-show ok audit show
run audit-show-json ok audit show --json
run audit-report ok audit report --month "$(date -u +%Y-%m)"
run audit-report-csv ok audit report --month "$(date -u +%Y-%m)" --csv
run audit-purge-dry-run ok audit purge --dry-run

# --- What to look for, from the store itself -----------------------------------------------

lists=$private/lists
kinds="name birth_date contact ine activation_code private_key"
query() { sqlite3 -batch -noheader "$store" "$1"; }
values_of() { # values_of ATTRIBUTE...: every value the store holds for these attributes
    local names
    names=$(printf "'%s'," "$@")
    query "SELECT DISTINCT v.value FROM object o, json_each(o.attributes) a, json_each(a.value) v
           WHERE a.key IN (${names%,}) AND v.value <> ''"
}
# Words of the structures (schools named after people, towns named after saints), which
# are public: names and contacts equal to one of them are left out.
query "SELECT DISTINCT v.value FROM object o, json_each(o.attributes) a, json_each(a.value) v
       WHERE o.category IN ('EtabEducNat', 'MatiereEducNat', 'MefEducNat')" |
    perl -CSD -ne 'chomp; print lc, "\n" for ($_, split /[^\w]+/)' | sort -u >"$lists/public"
# not_public: the lines of stdin of 4 characters or more that are no public word.
not_public() {
    perl -CSD -e 'open my $f, "<", shift or die; my %public = map { chomp; ($_, 1) } <$f>;
        while (<STDIN>) { chomp; print "$_\n" if length >= 4 && !$public{lc $_} }' "$lists/public"
}
# Names, whole and in parts (split at spaces, hyphens, apostrophes).
{
    query "SELECT last_name FROM object WHERE last_name IS NOT NULL
           UNION SELECT first_name FROM object WHERE first_name IS NOT NULL"
    values_of ENTPersonNom ENTPersonNomPatro ENTPersonPrenom ENTPersonAutresPrenoms sn givenName
} | perl -CSD -ne 'chomp; print "$_\n" for ($_, split /[ \x{27}\x{2019}-]+/)' | sort -u >"$lists/all_names"
not_public <"$lists/all_names" >"$lists/name"
# Birth dates, as stored (ISO) and as received (dd/MM/yyyy).
{
    query "SELECT birth_date FROM object WHERE birth_date IS NOT NULL AND birth_date <> ''"
    values_of ENTPersonDateNaissance
} | perl -ne 'chomp; print "$_\n"; print "$3/$2/$1\n" if /^(\d{4})-(\d\d)-(\d\d)$/;
              print "$3-$2-$1\n" if m{^(\d\d)/(\d\d)/(\d{4})$}' | sort -u >"$lists/birth_date"
# Mails, phone numbers and postal addresses.
values_of ENTPersonMail mail ENTPersRelEleveTelMobile ENTPersRelEleveTelPro ENTPersonTelPerso \
    homePhone mobile telephoneNumber ENTPersonAdresse | not_public | sort -u >"$lists/contact"
# National pupil identifiers (INE): logs name people by their AAF id only.
{
    query "SELECT ine FROM object WHERE ine IS NOT NULL AND ine <> ''"
    values_of ENTEleveINE
} | sort -u >"$lists/ine"
query "SELECT activation_code FROM account" | sort -u >"$lists/activation_code"
# The private keys' base64 text in 20-character pieces, less what any OpenSSH key shares
# (the format's header) and what the public keys show.
ssh-keygen -q -t ed25519 -N '' -C aafd-pii-other -f "$lists/other_ed25519"
# key_pieces KEY SHOWN...: the pieces of KEY's base64 body found in none of the SHOWN files.
key_pieces() {
    perl -e 'local $/;
        sub text { open my $f, "<", $_[0] or die "$_[0]: $!"; my $t = <$f>;
                   $t =~ s/-----[A-Z ]+-----//g; $t =~ s/\s+//g; $t }
        my ($key, @shown) = @ARGV;
        my ($body, $shown) = (text($key), join "\n", map { text($_) } @shown);
        for (my $i = 0; $i + 20 <= length $body; $i += 20) {
            my $piece = substr $body, $i, 20;
            print "$piece\n" if index($shown, $piece) < 0 }' "$@"
}
for key in "$private"/keys/source_ed25519 "$private"/keys/push_ed25519; do
    key_pieces "$key" "$lists/other_ed25519" "$private"/keys/*.pub
done | sort -u >"$lists/private_key"

for kind in $kinds; do
    echo "looking for $(wc -l <"$lists/$kind") $kind values"
done
echo "($(wc -l <"$lists/all_names") names and parts of names, less those under 4 characters or" \
    "equal to a word of a structure's name, town or address)"
[ "$(wc -l <"$lists/name")" -ge 100 ] || die "too few names in the store"
[ "$(wc -l <"$lists/birth_date")" -ge 100 ] || die "too few birth dates in the store"
[ "$(wc -l <"$lists/activation_code")" -ge 100 ] || die "too few activation codes in the store"
[ "$(wc -l <"$lists/private_key")" -ge 10 ] || die "too few pieces of private keys"

# --- The scan ------------------------------------------------------------------------------

finder=$(dirname "$0")/find_personal_data.pl
# hits KIND[,KIND...] FILE...: a line per datum found (see find_personal_data.pl).
hits() { perl "$finder" "$lists" "$@"; }

# What may hold personal data outside private/: the store, the exports in the spool (whole
# or partly fetched), the feed batches the spool stages. Everything else is scanned.
may_hold_personal_data() {
    case $1 in
    "$store" | "$store"-*) return 0 ;;
    "$work"/spool/*/ENT[12]DVA-*.xml | "$work"/spool/*/ENT[12]DVA-*.xml.part) return 0 ;;
    "$work"/spool/feed/*) return 0 ;;
    esac
    return 1
}

# The names of the files aafd made are scanned too.
find "$work" -path "$private" -prune -o -print | sort >"$work/out/file-names.txt"
mapfile -t scanned < <(find "$work" -path "$private" -prune -o -type f -print | sort |
    while read -r file; do may_hold_personal_data "$file" || echo "$file"; done)
for expected in "$work"/out/*-daemon-cycle.err "$work"/audit "$work"/metrics/aafd.prom \
    "$work"/state/aafd.state.json "$work"/alerts.log; do
    # grep reads all its input (no -q): an early exit would kill printf with SIGPIPE, a
    # failure under pipefail whenever the list outgrows one write.
    printf '%s\n' "${scanned[@]}" | grep "^$expected" >/dev/null || die "nothing scanned at $expected"
done
echo "scanning ${#scanned[@]} files"

hits "${kinds// /,}" "${scanned[@]}" >"$lists/leaks"
while IFS=$'\t' read -r kind file line length first; do
    echo "LEAK: $kind in ${file#"$work"/}:$line ($length characters, '$first…')"
done <"$lists/leaks"
leaks=$(wc -l <"$lists/leaks")

# --- The positive control: the same scan finds the data where it belongs -------------------

# found KIND FILE...: fails unless KIND is found in one of the files.
found() {
    local kind=$1
    shift
    [ -n "$(hits "$kind" "$@")" ] && return 0
    die "the positive control found no $kind in ${*#"$work"/}"
}
found name "$private"/exempt/*-show-person.out
found birth_date "$private"/exempt/*-show-person.out
found name "$private"/outbox/beneylu/*
found birth_date "$private"/outbox/beneylu/*
found name "$private"/outbox/skolengo/*
found name "$private"/pushed/*
found activation_code "$private"/exempt/*-reset-code.out
found activation_code "$private"/outbox/beneylu/*
found contact "$private"/exempt/*-rgpd-export-relative.out
found ine "$private"/exempt/*-show-person.out
found private_key "$private"/keys/source_ed25519
found private_key "$private"/keys/push_ed25519

if [ "$leaks" -gt 0 ]; then
    die "$leaks personal data or key material found outside the store, the feeds and the show/rgpd outputs"
fi
echo "no personal data or key material in ${#scanned[@]} files of logs and outputs"
