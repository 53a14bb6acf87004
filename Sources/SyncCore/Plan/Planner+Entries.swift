extension Planner {
    /// The built records' entries, packed in a `ByteArena` (about 170 bytes each); a key built
    /// again gets a new one.
    ///
    /// An entry: line, flags, [phone], [email], properties, fingerprint, digest, the opt-ins
    /// and the memberships (0 none, 1 no, 2 yes each), the links, [link rejection] (`ByteWriter`'s encoding).
    struct EntryArena {
        private enum Flag {
            static let phone: UInt8 = 1, email: UInt8 = 2, linkRejection: UInt8 = 4, warned: UInt8 = 8
        }

        private var bytes = ByteArena()

        mutating func add(_ entry: Entry) -> ByteArena.Ref {
            bytes.add { Self.write(entry, to: &$0) }
        }

        subscript(ref: ByteArena.Ref) -> Entry {
            bytes.read(ref) { Self.read(from: &$0) }
        }

        /// The entry's source line alone.
        func line(_ ref: ByteArena.Ref) -> Int {
            bytes.read(ref) { $0.int() }
        }

        private static func write(_ entry: Entry, to out: inout ByteWriter) {
            var flags: UInt8 = entry.warned ? Flag.warned : 0
            if entry.user.phone != nil { flags |= Flag.phone }
            if entry.user.email != nil { flags |= Flag.email }
            if entry.linkRejection != nil { flags |= Flag.linkRejection }
            out.int(entry.line)
            out.byte(flags)
            if let phone = entry.user.phone { out.text(phone) }
            if let email = entry.user.email { out.text(email) }
            out.text(entry.properties)
            out.uint64(entry.fingerprint)
            out.uint64(entry.digest.high)
            out.uint64(entry.digest.low)
            out.int(entry.optIns.count)
            for optIn in entry.optIns { out.byte(optIn.map { $0 ? 2 : 1 } ?? 0) }
            out.int(entry.memberships.count)
            for member in entry.memberships { out.byte(member.map { $0 ? 2 : 1 } ?? 0) }
            out.int(entry.links.count)
            for (name, value) in entry.links {
                out.text(name)
                out.text(value)
            }
            if let rejection = entry.linkRejection { out.text(rejection) }
        }

        private static func read(from input: inout ByteReader) -> Entry {
            let line = input.int()
            let flags = input.byte()
            let phone = flags & Flag.phone != 0 ? input.text() : nil
            let email = flags & Flag.email != 0 ? input.text() : nil
            let properties = input.text()
            let fingerprint = input.uint64()
            let digest = RowDigest(high: input.uint64(), low: input.uint64())
            func booleans() -> [Bool?] {
                (0..<input.int()).map { _ in
                    switch input.byte() {
                    case 1: false
                    case 2: true
                    default: nil
                    }
                }
            }
            let optIns = booleans()
            let memberships = booleans()
            var links: [String: String] = [:]
            for _ in 0..<input.int() {
                let name = input.text()
                links[name] = input.text()
            }
            return Entry(line: line, user: UserIdentity(phone: phone, email: email), properties: properties, fingerprint: fingerprint,
                         optIns: optIns, links: links, linkRejection: flags & Flag.linkRejection != 0 ? input.text() : nil,
                         memberships: memberships, digest: digest, warned: flags & Flag.warned != 0)
        }
    }
}
