import CPhoneNumber

/// Turns phone numbers as people type them into E.164 (`+12127365000`), exactly as
/// libphonenumber does: numbers without a country code are read in `defaultRegion`.
public struct PhoneNormalizer: Sendable {
    /// The ISO 3166-1 region numbers without a `+` country code are read in (`US`, `GB`).
    public let defaultRegion: String

    /// Throws `UnknownPhoneRegionError` when libphonenumber does not know the region.
    /// The code is read case-insensitively (`us` is `US`).
    public init(defaultRegion: String) throws(UnknownPhoneRegionError) {
        let region = defaultRegion.trimmedValue.uppercased()
        guard region.utf8.count == 2, cphonenumber_is_supported_region(region) == 1 else {
            throw UnknownPhoneRegionError(region: defaultRegion)
        }
        self.defaultRegion = region
    }

    /// The E.164 form of `raw` (trimmed first), or nil when it is empty, cannot be parsed,
    /// or is not a valid number for its region. Each thread has a libphonenumber instance of its own.
    /// In region US the common North American forms skip libphonenumber's parse (not its checks).
    public func e164(_ raw: String) -> String? {
        e164(raw, through: cphonenumber_format_e164)
    }

    /// The same through libphonenumber's shared instance, which the per-thread ones are checked against.
    func e164ThroughSharedInstance(_ raw: String) -> String? {
        e164(raw, through: cphonenumber_format_e164_shared)
    }

    private func e164(_ raw: String, through format: (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, Int32) -> Int32) -> String? {
        let text = raw.trimmedValue
        guard !text.isEmpty, !text.utf8.contains(0) else { return nil }
        // E.164 has at most 15 digits: "+" and 15 digits and the NUL fit in 32 bytes.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { out -> String? in
            guard let base = out.baseAddress else { return nil }
            let length = text.withCString { raw in defaultRegion.withCString { region in format(raw, region, base, Int32(out.count)) } }
            guard length > 0 else { return nil }
            return String(cString: base)
        }
    }
}

/// A phone `defaultRegion` libphonenumber does not know.
public struct UnknownPhoneRegionError: Error, Sendable, CustomStringConvertible {
    /// The region as it was given.
    public let region: String

    public var description: String {
        "unknown phone region \"\(region)\": expected an ISO 3166-1 alpha-2 code libphonenumber knows, such as US or GB"
    }
}
