// ICU: a transliterator restricted to the characters outside Latin-1, then the
// ISO-8859-1 converter with '?' as its substitute.
#include "sync/feed/latin1_text.hpp"

#include <memory>
#include <stdexcept>
#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

namespace aafd::sync {
namespace {

// The leading filter applies to the whole compound: Latin-1 letters (é, ç, ÿ) stay.
constexpr const char* k_rules = "[^\\u0000-\\u00FF] Any-Latin; Latin-ASCII";

const icu::Transliterator& prototype() {
    static const std::unique_ptr<icu::Transliterator> built = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
            icu::UnicodeString::fromUTF8(k_rules), UTRANS_FORWARD, status));
        if (U_FAILURE(status) || !made)
            throw std::runtime_error(std::string("ICU cannot build the transliterator '") +
                                     k_rules + "': " + u_errorName(status));
        return made;
    }();
    return *built;
}

const icu::Transliterator& thread_transliterator() {
    thread_local const std::unique_ptr<icu::Transliterator> clone(prototype().clone());
    return *clone;
}

struct ConverterClose {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};

bool all_latin1(const icu::UnicodeString& text) {
    for (std::int32_t i = 0; i < text.length(); ++i)
        if (text.charAt(i) > 0xFF)
            return false;
    return true;
}

} // namespace

std::string to_latin1(std::string_view utf8) {
    auto text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
    if (!all_latin1(text))
        thread_transliterator().transliterate(text);
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterClose> converter(ucnv_open("ISO-8859-1", &status));
    if (U_SUCCESS(status))
        ucnv_setSubstChars(converter.get(), "?", 1, &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU has no ISO-8859-1 converter: ") +
                                 u_errorName(status));
    std::string out(static_cast<std::size_t>(text.length()) * 2 + 1, '\0');
    auto size = ucnv_fromUChars(converter.get(), out.data(), static_cast<std::int32_t>(out.size()),
                                text.getBuffer(), text.length(), &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU cannot write ISO-8859-1: ") +
                                 u_errorName(status));
    out.resize(static_cast<std::size_t>(size));
    return out;
}

} // namespace aafd::sync
