import CPhoneNumber

extension PhoneNormalizer {
    /// The version of the libphonenumber this process loaded (`8.12`), or `unknown`.
    /// Debian's libphonenumber-dev has no version header: the shared object's file name tells.
    public static var libraryVersion: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { out in
            guard let base = out.baseAddress, cphonenumber_library_version(base, Int32(out.count)) > 0 else { return "unknown" }
            return String(cString: base)
        }
    }
}
