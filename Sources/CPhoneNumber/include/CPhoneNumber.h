#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H

#ifdef __cplusplus
extern "C" {
#endif

/// Parses `raw` with `region` as the default region and, when libphonenumber
/// judges the number valid, writes its E.164 form (NUL-terminated) into `out`.
/// Returns the length written, or 0 when the number cannot be parsed or is not valid.
/// Uses an instance of libphonenumber's own per thread, so threads do not wait on each other.
/// With region US, the common North American forms ("(212) 736-5000", "+12127365000"…) skip
/// Parse's regular expressions: the same national number, checked and formatted by libphonenumber.
int cphonenumber_format_e164(const char *raw, const char *region, char *out, int out_size);
/// The same through libphonenumber's shared instance (`PhoneNumberUtil::GetInstance()`), which
/// the per-thread instances are checked against.
int cphonenumber_format_e164_shared(const char *raw, const char *region, char *out, int out_size);

/// Returns 1 when libphonenumber knows `region` (an ISO 3166-1 alpha-2 code), else 0.
int cphonenumber_is_supported_region(const char *region);

/// Writes the loaded libphonenumber's version (from its shared object's file name, "8.12")
/// into `out`; returns its length, or 0 when it cannot be told.
int cphonenumber_library_version(char *out, int out_size);

#ifdef __cplusplus
}
#endif

#endif
