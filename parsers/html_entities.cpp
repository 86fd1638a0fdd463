// The HTML 4 entity table (HTMLlat1, HTMLsymbol, HTMLspecial: 252 names) and the rewrite
// of named references into numeric ones.
#include "parsers/html_entities.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace aafd {
namespace {

struct Entity {
    std::string_view name;
    char32_t code_point;
};

// clang-format off
constexpr std::array<Entity, 252> k_entities_in_spec_order{{
    // HTMLlat1: ISO-8859-1 160–255.
    {"nbsp", 160}, {"iexcl", 161}, {"cent", 162}, {"pound", 163}, {"curren", 164},
    {"yen", 165}, {"brvbar", 166}, {"sect", 167}, {"uml", 168}, {"copy", 169},
    {"ordf", 170}, {"laquo", 171}, {"not", 172}, {"shy", 173}, {"reg", 174},
    {"macr", 175}, {"deg", 176}, {"plusmn", 177}, {"sup2", 178}, {"sup3", 179},
    {"acute", 180}, {"micro", 181}, {"para", 182}, {"middot", 183}, {"cedil", 184},
    {"sup1", 185}, {"ordm", 186}, {"raquo", 187}, {"frac14", 188}, {"frac12", 189},
    {"frac34", 190}, {"iquest", 191}, {"Agrave", 192}, {"Aacute", 193}, {"Acirc", 194},
    {"Atilde", 195}, {"Auml", 196}, {"Aring", 197}, {"AElig", 198}, {"Ccedil", 199},
    {"Egrave", 200}, {"Eacute", 201}, {"Ecirc", 202}, {"Euml", 203}, {"Igrave", 204},
    {"Iacute", 205}, {"Icirc", 206}, {"Iuml", 207}, {"ETH", 208}, {"Ntilde", 209},
    {"Ograve", 210}, {"Oacute", 211}, {"Ocirc", 212}, {"Otilde", 213}, {"Ouml", 214},
    {"times", 215}, {"Oslash", 216}, {"Ugrave", 217}, {"Uacute", 218}, {"Ucirc", 219},
    {"Uuml", 220}, {"Yacute", 221}, {"THORN", 222}, {"szlig", 223}, {"agrave", 224},
    {"aacute", 225}, {"acirc", 226}, {"atilde", 227}, {"auml", 228}, {"aring", 229},
    {"aelig", 230}, {"ccedil", 231}, {"egrave", 232}, {"eacute", 233}, {"ecirc", 234},
    {"euml", 235}, {"igrave", 236}, {"iacute", 237}, {"icirc", 238}, {"iuml", 239},
    {"eth", 240}, {"ntilde", 241}, {"ograve", 242}, {"oacute", 243}, {"ocirc", 244},
    {"otilde", 245}, {"ouml", 246}, {"divide", 247}, {"oslash", 248}, {"ugrave", 249},
    {"uacute", 250}, {"ucirc", 251}, {"uuml", 252}, {"yacute", 253}, {"thorn", 254},
    {"yuml", 255},
    // HTMLsymbol: Latin, Greek, punctuation, letter-like, arrows, mathematics, technical,
    // geometric and miscellaneous symbols.
    {"fnof", 402},
    {"Alpha", 913}, {"Beta", 914}, {"Gamma", 915}, {"Delta", 916}, {"Epsilon", 917},
    {"Zeta", 918}, {"Eta", 919}, {"Theta", 920}, {"Iota", 921}, {"Kappa", 922},
    {"Lambda", 923}, {"Mu", 924}, {"Nu", 925}, {"Xi", 926}, {"Omicron", 927}, {"Pi", 928},
    {"Rho", 929}, {"Sigma", 931}, {"Tau", 932}, {"Upsilon", 933}, {"Phi", 934},
    {"Chi", 935}, {"Psi", 936}, {"Omega", 937},
    {"alpha", 945}, {"beta", 946}, {"gamma", 947}, {"delta", 948}, {"epsilon", 949},
    {"zeta", 950}, {"eta", 951}, {"theta", 952}, {"iota", 953}, {"kappa", 954},
    {"lambda", 955}, {"mu", 956}, {"nu", 957}, {"xi", 958}, {"omicron", 959}, {"pi", 960},
    {"rho", 961}, {"sigmaf", 962}, {"sigma", 963}, {"tau", 964}, {"upsilon", 965},
    {"phi", 966}, {"chi", 967}, {"psi", 968}, {"omega", 969}, {"thetasym", 977},
    {"upsih", 978}, {"piv", 982},
    {"bull", 8226}, {"hellip", 8230}, {"prime", 8242}, {"Prime", 8243}, {"oline", 8254},
    {"frasl", 8260},
    {"weierp", 8472}, {"image", 8465}, {"real", 8476}, {"trade", 8482}, {"alefsym", 8501},
    {"larr", 8592}, {"uarr", 8593}, {"rarr", 8594}, {"darr", 8595}, {"harr", 8596},
    {"crarr", 8629}, {"lArr", 8656}, {"uArr", 8657}, {"rArr", 8658}, {"dArr", 8659},
    {"hArr", 8660},
    {"forall", 8704}, {"part", 8706}, {"exist", 8707}, {"empty", 8709}, {"nabla", 8711},
    {"isin", 8712}, {"notin", 8713}, {"ni", 8715}, {"prod", 8719}, {"sum", 8721},
    {"minus", 8722}, {"lowast", 8727}, {"radic", 8730}, {"prop", 8733}, {"infin", 8734},
    {"ang", 8736}, {"and", 8743}, {"or", 8744}, {"cap", 8745}, {"cup", 8746},
    {"int", 8747}, {"there4", 8756}, {"sim", 8764}, {"cong", 8773}, {"asymp", 8776},
    {"ne", 8800}, {"equiv", 8801}, {"le", 8804}, {"ge", 8805}, {"sub", 8834},
    {"sup", 8835}, {"nsub", 8836}, {"sube", 8838}, {"supe", 8839}, {"oplus", 8853},
    {"otimes", 8855}, {"perp", 8869}, {"sdot", 8901},
    {"lceil", 8968}, {"rceil", 8969}, {"lfloor", 8970}, {"rfloor", 8971}, {"lang", 9001},
    {"rang", 9002}, {"loz", 9674}, {"spades", 9824}, {"clubs", 9827}, {"hearts", 9829},
    {"diams", 9830},
    // HTMLspecial: markup-significant and internationalisation characters.
    {"quot", 34}, {"amp", 38}, {"lt", 60}, {"gt", 62}, {"OElig", 338}, {"oelig", 339},
    {"Scaron", 352}, {"scaron", 353}, {"Yuml", 376}, {"circ", 710}, {"tilde", 732},
    {"ensp", 8194}, {"emsp", 8195}, {"thinsp", 8201}, {"zwnj", 8204}, {"zwj", 8205},
    {"lrm", 8206}, {"rlm", 8207}, {"ndash", 8211}, {"mdash", 8212}, {"lsquo", 8216},
    {"rsquo", 8217}, {"sbquo", 8218}, {"ldquo", 8220}, {"rdquo", 8221}, {"bdquo", 8222},
    {"dagger", 8224}, {"Dagger", 8225}, {"permil", 8240}, {"lsaquo", 8249},
    {"rsaquo", 8250}, {"euro", 8364},
}};
// clang-format on

constexpr auto k_entities = [] {
    auto sorted = k_entities_in_spec_order;
    std::ranges::sort(sorted, {}, &Entity::name);
    return sorted;
}();

constexpr std::size_t k_longest_name = 32; // longer names are not looked at as entities

bool xml_predefined(std::string_view name) {
    return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

bool name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// The name of the reference `&name;` that starts at text[amp], if one does (character
// references `&#…;` and a bare '&' give nullopt).
std::optional<std::string_view> reference_name(std::string_view text, std::size_t amp) {
    std::size_t end = amp + 1;
    if (end >= text.size() || !name_start(text[end]))
        return std::nullopt;
    const std::size_t limit = std::min(text.size(), amp + 2 + k_longest_name);
    while (end < limit && name_char(text[end]))
        ++end;
    if (end >= text.size() || text[end] != ';')
        return std::nullopt;
    return text.substr(amp + 1, end - amp - 1);
}

// XML 1.0's Char production.
bool is_xml_char(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// The character reference `&#N;` or `&#xH;` that starts at text[amp], if one does, as
// the parser reads it, with its value (saturated past U+10FFFF).
struct CharacterReference {
    std::string_view text; // "&#233;"
    std::uint32_t value;
};
std::optional<CharacterReference> character_reference(std::string_view text, std::size_t amp) {
    const bool hex = text.substr(amp).starts_with("&#x");
    if (!hex && !text.substr(amp).starts_with("&#"))
        return std::nullopt;
    const std::uint32_t base = hex ? 16 : 10;
    std::uint32_t value = 0;
    std::size_t end = amp + (hex ? 3 : 2);
    for (; end < text.size() && text[end] != ';'; ++end) {
        const char c = text[end];
        const char lower = static_cast<char>(c | ' ');
        std::uint32_t digit = base;
        if (c >= '0' && c <= '9')
            digit = static_cast<std::uint32_t>(c - '0');
        else if (hex && lower >= 'a' && lower <= 'f')
            digit = static_cast<std::uint32_t>(lower - 'a' + 10);
        if (digit == base)
            return std::nullopt;
        value = std::min<std::uint32_t>(value * base + digit, 0x110000);
    }
    if (end >= text.size() || end == amp + (hex ? 3 : 2))
        return std::nullopt;
    return CharacterReference{text.substr(amp, end + 1 - amp), value};
}

// The comments and CDATA sections of a text, where '&' is literal, found lazily in order.
class LiteralSections {
public:
    explicit LiteralSections(std::string_view text) : m_text(text) {}

    // REQUIRES: offsets do not decrease from one call to the next.
    bool contains(std::size_t offset) {
        while (m_end <= offset)
            find_next();
        return m_begin <= offset;
    }

private:
    void find_next() {
        std::size_t from = m_end;
        for (;;) {
            const std::size_t start = m_text.find("<!", from);
            if (start == std::string_view::npos) {
                m_begin = m_end = std::string_view::npos;
                return;
            }
            const std::string_view rest = m_text.substr(start);
            if (rest.starts_with("<!--"))
                return section(start, m_text.find("-->", start + 4), 3);
            if (rest.starts_with("<![CDATA["))
                return section(start, m_text.find("]]>", start + 9), 3);
            from = start + 2;
        }
    }

    void section(std::size_t begin, std::size_t close, std::size_t close_size) {
        m_begin = begin;
        m_end = close == std::string_view::npos ? std::string_view::npos : close + close_size;
    }

    std::string_view m_text;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
};

void append_numeric_reference(char32_t code_point, std::string& out) {
    char digits[16];
    const auto written =
        std::to_chars(digits, digits + sizeof digits, static_cast<std::uint32_t>(code_point));
    out += "&#";
    out.append(digits, written.ptr);
    out += ';';
}

} // namespace

std::optional<char32_t> html_entity_code_point(std::string_view name) {
    const auto found = std::ranges::lower_bound(k_entities, name, {}, &Entity::name);
    if (found == k_entities.end() || found->name != name)
        return std::nullopt;
    return found->code_point;
}

std::size_t html_entity_count() { return k_entities.size(); }

std::optional<UndefinedEntity> copy_with_numeric_entities(std::string_view text, std::string& out,
                                                          std::vector<EntityRewrite>& rewrites) {
    out.clear();
    LiteralSections literal(text);
    std::size_t copied = 0;
    std::size_t from = 0;
    while (const void* found = std::memchr(text.data() + from, '&', text.size() - from)) {
        const std::size_t amp =
            static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        from = amp + 1;
        const auto name = reference_name(text, amp);
        if (!name) {
            const auto character = character_reference(text, amp);
            if (character && !is_xml_char(character->value) && !literal.contains(amp))
                return UndefinedEntity{
                    amp, std::string(character->text.substr(1, character->text.size() - 2))};
            continue;
        }
        if (xml_predefined(*name) || literal.contains(amp))
            continue;
        const auto code_point = html_entity_code_point(*name);
        if (!code_point)
            return UndefinedEntity{amp, std::string(*name)};
        out.append(text.substr(copied, amp - copied));
        const std::size_t start = out.size();
        append_numeric_reference(*code_point, out);
        const std::size_t named_size = name->size() + 2;
        rewrites.push_back({start, static_cast<std::ptrdiff_t>(out.size() - start) -
                                       static_cast<std::ptrdiff_t>(named_size)});
        copied = from = amp + named_size;
    }
    out.append(text.substr(copied));
    return std::nullopt;
}

std::string UndefinedEntity::message() const {
    if (name.starts_with('#'))
        return "character reference &" + name + "; is not an XML character";
    return "undefined entity &" + name + ";";
}

std::size_t RewriteMap::original(std::size_t output_offset) {
    if (output_offset < m_last_offset) {
        m_next = 0;
        m_growth = 0;
    }
    m_last_offset = output_offset;
    while (m_next < m_rewrites.size() && m_rewrites[m_next].output_offset < output_offset)
        m_growth += m_rewrites[m_next++].growth;
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(output_offset) - m_growth);
}

} // namespace aafd
