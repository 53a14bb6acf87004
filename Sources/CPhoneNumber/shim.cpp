#include "CPhoneNumber.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <phonenumbers/phonenumberutil.h>

#include <mutex>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace i18n {
namespace phonenumbers {
// PhoneNumberUtil's constructor is private; its test class is a friend. Through it each thread
// gets an instance of its own: the shared one serializes every thread on its regex cache's lock.
class PhoneNumberUtilTest {
 public:
  static const PhoneNumberUtil *ForThisThread() {
    // Never deleted: an instance's constructor points libphonenumber's global logger at the
    // instance's own, which must outlive every later call. One per thread that normalizes.
    thread_local const PhoneNumberUtil *util = [] {
      // Constructors write that global one at a time.
      static std::mutex constructing;
      std::lock_guard<std::mutex> lock(constructing);
      return new PhoneNumberUtil();
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

int cphonenumber_format_e164(const char *raw, const char *region, char *out, int out_size) {
    return format_e164(i18n::phonenumbers::PhoneNumberUtilTest::ForThisThread(), raw, region, out, out_size);
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
