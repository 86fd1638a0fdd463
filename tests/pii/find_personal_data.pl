#!/usr/bin/perl
# Finds the data of LISTS (one file per kind, one datum a line) in FILES and prints one
# line per hit: kind, file, line number, the datum's length and first character (never
# the datum itself). Names and contacts match in any case; all kinds but key pieces match
# whole words only. Usage: find_personal_data.pl LISTS KIND[,KIND...] FILE...
use strict;
use warnings;
use feature 'unicode_strings';

my ($lists, $kinds, @files) = @ARGV;
binmode STDOUT, ':utf8';

sub decoded {
    my ($text) = @_;
    utf8::decode($text);    # left as bytes when not UTF-8
    return $text;
}

sub pattern {
    my ($kind) = @_;
    open my $list, '<', "$lists/$kind" or die "$lists/$kind: $!\n";
    my @data = grep { length } map { chomp; decoded($_) } <$list>;
    return undef unless @data;
    my $any = join '|', map { quotemeta } sort { length $b <=> length $a } @data;
    $any = "(?<!\\w)(?:$any)(?!\\w)" unless $kind eq 'private_key';
    return $kind eq 'name' || $kind eq 'contact' ? qr/$any/i : qr/$any/;
}

my %pattern = map { ($_, pattern($_)) } split /,/, $kinds;
for my $file (@files) {
    open my $in, '<', $file or die "$file: $!\n";
    while (my $line = <$in>) {
        $line = decoded($line);
        for my $kind (sort keys %pattern) {
            next unless defined $pattern{$kind};
            while ($line =~ /$pattern{$kind}/g) {
                printf "%s\t%s\t%d\t%d\t%s\n", $kind, $file, $., length $&, substr($&, 0, 1);
            }
        }
    }
}
