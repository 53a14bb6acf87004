#include "CPhoneNumber.h"

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <phonenumbers/matcher_api.h>
#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace i18n {
namespace phonenumbers {
// What libphonenumber's own matcher (RegexBasedMatcher) does when it checks a national number
// against a number type's pattern, with the same ICU calls on the same patterns, so the same
// answers. That one finds each pattern's compiled form by hashing the pattern's text (some are
// kilobytes long), about ten times for every number checked; this one finds it by where the
// metadata holds the pattern, and reuses its ICU matcher. One per instance, so per thread.
class CompiledPatternMatcher : public MatcherApi {
 public:
  bool MatchNationalNumber(const string &number, const PhoneNumberDesc &number_desc,
                           bool allow_prefix_match) const override {
    const string &pattern = number_desc.national_number_pattern();
    // As RegexBasedMatcher: an empty pattern matches nothing, not even as a prefix.
    if (pattern.empty()) return false;
    icu::RegexMatcher *matcher = MatcherFor(pattern);
    // A pattern ICU cannot compile matches nothing (RegexBasedMatcher logs it and does the same).
    if (matcher == nullptr) return false;
    const icu::UnicodeString input = icu::UnicodeString::fromUTF8(icu::StringPiece(number.c_str(), number.size()));
    matcher->reset(input);
    UErrorCode status = U_ZERO_ERROR;
    if (matcher->matches(0, status) && U_SUCCESS(status)) return true;
    if (!allow_prefix_match) return false;
    status = U_ZERO_ERROR;
    return matcher->lookingAt(0, status) && U_SUCCESS(status);
  }

 private:
  struct Compiled {
    std::unique_ptr<icu::RegexPattern> pattern;
    std::unique_ptr<icu::RegexMatcher> matcher;
  };

  icu::RegexMatcher *MatcherFor(const string &pattern) const {
    auto found = compiled_.find(&pattern);
    if (found != compiled_.end()) return found->second.matcher.get();
    Compiled compiled;
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    compiled.pattern.reset(icu::RegexPattern::compile(
        icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.c_str(), pattern.size())), 0, parse_error, status));
    if (U_SUCCESS(status) && compiled.pattern) {
      compiled.matcher.reset(compiled.pattern->matcher(status));
      if (U_FAILURE(status)) compiled.matcher.reset();
    }
    icu::RegexMatcher *matcher = compiled.matcher.get();
    compiled_.emplace(&pattern, std::move(compiled));
    return matcher;
  }

  // Keyed by the pattern's address: the metadata holding it lives as long as the instance.
  mutable std::unordered_map<const string *, Compiled> compiled_;
};

// PhoneNumberUtil's constructor is private; its test class is a friend. Through it each thread
// gets an instance of its own (the shared one serializes every thread on its regex cache's
// lock), checking numbers with a CompiledPatternMatcher.
class PhoneNumberUtilTest {
 public:
  static const PhoneNumberUtil *ForThisThread() {
    // Never deleted: an instance's constructor points libphonenumber's global logger at the
    // instance's own, which must outlive every later call. One per thread that normalizes.
    thread_local const PhoneNumberUtil *util = [] {
      // Constructors write that global one at a time.
      static std::mutex constructing;
      std::lock_guard<std::mutex> lock(constructing);
      PhoneNumberUtil *made = new PhoneNumberUtil();
      made->matcher_api_.reset(new CompiledPatternMatcher());
      return made;
    }();
    return util;
  }
};
}  // namespace phonenumbers
}  // namespace i18n

static int format_e164(const PhoneNumberUtil *util, const char *raw, const char *region, char *out, int out_size) {
    PhoneNumber number;
    if (util->Parse(raw, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 0;
    if (!util->IsValidNumber(number)) return 0;
    std::string formatted;
    util->Format(number, PhoneNumberUtil::E164, &formatted);
    if (formatted.size() + 1 > static_cast<size_t>(out_size)) return 0;
    std::memcpy(out, formatted.c_str(), formatted.size() + 1);
    return static_cast<int>(formatted.size());
}

// The forms of a North American number exports hold most, as templates: 'N' is a digit 2-9 (the
// first of the ten-digit national number, so no national prefix can be stripped from it), 'D'
// any digit; every other character stands for itself. For each, libphonenumber's Parse with
// region US gives country code 1 and the ten digits as the national number (a leading "1" or
// "+1" is the country code), which is all its validity check and E.164 format read.
static const char *const kNanpForms[] = {
    "NDDDDDDDDD", "1NDDDDDDDDD", "+1NDDDDDDDDD",
    "(NDD) DDD-DDDD", "(NDD)DDD-DDDD", "+1 (NDD) DDD-DDDD", "1 (NDD) DDD-DDDD",
    "NDD-DDD-DDDD", "NDD.DDD.DDDD", "NDD DDD DDDD",
    "1-NDD-DDD-DDDD", "1.NDD.DDD.DDDD", "1 NDD DDD DDDD",
    "+1-NDD-DDD-DDDD", "+1.NDD.DDD.DDDD", "+1 NDD DDD DDDD",
};

// The ten-digit national number of `raw` when it has one of the forms above, else 0.
static uint64_t nanp_national_number(const char *raw) {
    size_t length = std::strlen(raw);
    for (const char *form : kNanpForms) {
        if (std::strlen(form) != length) continue;
        uint64_t number = 0;
        bool matches = true;
        for (size_t i = 0; matches && i < length; i++) {
            char c = raw[i], want = form[i];
            if (want == 'D' || want == 'N') {
                matches = c >= (want == 'N' ? '2' : '0') && c <= '9';
                number = number * 10 + static_cast<uint64_t>(c - '0');
            } else {
                matches = c == want;
            }
        }
        if (matches) return number;
    }
    return 0;
}

// Whether `util` has US as the main region of country code 1: a number valid for US is then
// valid (GetRegionCodeForNumber tries the main region first), checked without the other regions.
static bool us_is_main_nanp_region(const PhoneNumberUtil *util) {
    std::string main;
    util->GetRegionCodeForCountryCode(1, &main);
    return main == "US";
}

int cphonenumber_format_e164(const char *raw, const char *region, char *out, int out_size) {
    const PhoneNumberUtil *util = i18n::phonenumbers::PhoneNumberUtilTest::ForThisThread();
    static const bool us_main = us_is_main_nanp_region(util);
    uint64_t national = std::strcmp(region, "US") == 0 ? nanp_national_number(raw) : 0;
    if (national == 0) return format_e164(util, raw, region, out, out_size);
    // What Parse would have given, without its dozen regular expressions.
    PhoneNumber number;
    number.set_country_code(1);
    number.set_national_number(national);
    bool valid = (us_main && util->IsValidNumberForRegion(number, "US")) || util->IsValidNumber(number);
    if (!valid || out_size < 13) return 0;
    std::snprintf(out, out_size, "+1%010llu", static_cast<unsigned long long>(national));
    return 12;
}

int cphonenumber_format_e164_shared(const char *raw, const char *region, char *out, int out_size) {
    return format_e164(PhoneNumberUtil::GetInstance(), raw, region, out, out_size);
}

int cphonenumber_is_supported_region(const char *region) {
    return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region) != 0 ? 1 : 0;
}

int cphonenumber_library_version(char *out, int out_size) {
    // No header says which libphonenumber is loaded: the real file name of the shared object
    // that holds its code does (/usr/lib/x86_64-linux-gnu/libphonenumber.so.8.12).
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&PhoneNumberUtil::GetInstance), &info) == 0 || info.dli_fname == nullptr) return 0;
    char resolved[PATH_MAX];
    if (realpath(info.dli_fname, resolved) == nullptr) return 0;
    const char *base = std::strrchr(resolved, '/');
    base = base == nullptr ? resolved : base + 1;
    const char *prefix = "libphonenumber.so.";
    if (std::strncmp(base, prefix, std::strlen(prefix)) != 0) return 0;
    std::string version(base + std::strlen(prefix));
    if (version.empty() || version.find_first_not_of("0123456789.") != std::string::npos) return 0;
    if (version.size() + 1 > static_cast<size_t>(out_size)) return 0;
    std::memcpy(out, version.c_str(), version.size() + 1);
    return static_cast<int>(version.size());
}
