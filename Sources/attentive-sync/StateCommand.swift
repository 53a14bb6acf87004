import ArgumentParser
import Foundation
import SyncCore

/// `state export` / `state import`: moves a whole state between stores (a SQLite file and
/// PostgreSQL, either way) through a file of JSON lines, one per row.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Move a state between stores: export it to JSON lines, import them into an empty state.",
        subcommands: [StateExportCommand.self, StateImportCommand.self])
}

struct StateExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every row of the state, every mapping's, as JSON lines (the file holds customers' keys: keep it private).")

    @Option(help: "The file to write (created readable by its owner only); default: standard output.")
    var output: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await failing {
            let state = try common.openState()
            let handle: FileHandle
            if let output {
                try OutputPath.checkWritable(output, option: "--output")
                guard let descriptor = PrivateFiles.openForWriting(output) else {
                    throw ConfigurationError("--output \(output): cannot write the file: \(String(cString: strerror(errno)))")
                }
                handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            } else {
                handle = .standardOutput
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var buffer = Data(StateDumpLine.header.utf8 + [UInt8(ascii: "\n")])
            var counts: [StateTable: Int] = [:]
            try state.exportRows { table, row in
                buffer += try encoder.encode(StateDumpLine(table: table, row: row))
                buffer.append(UInt8(ascii: "\n"))
                counts[table, default: 0] += 1
                if buffer.count > 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            printError("exported \(StateRowCounts.text(counts)) from \(state.path)")
            return .success
        }
    }
}

struct StateImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a state exported with `state export` into an empty state, in one transaction.")

    @Option(help: "The file to read; default: standard input.")
    var input: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await failing {
            let name = input ?? "standard input"
            let handle: FileHandle
            if let input {
                guard let file = FileHandle(forReadingAtPath: input) else { throw ConfigurationError("--input \(input): cannot read the file") }
                handle = file
            } else {
                handle = .standardInput
            }
            let lines = try handle.readToEnd().map { String(decoding: $0, as: UTF8.self) }?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
            guard lines.first.map(String.init) == StateDumpLine.header else {
                throw ConfigurationError("\(name), line 1: not an export of attentive-sync's state (it starts with \(StateDumpLine.header)); write one with `attentive-sync state export`")
            }
            let state = try common.openState()
            var counts: [StateTable: Int] = [:]
            try state.importRows { insert in
                let decoder = JSONDecoder()
                var batch: [[StateValue]] = [], batchTable: StateTable?
                for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
                    let place = "\(name), line \(index + 1)"
                    guard let parsed = try? decoder.decode(StateDumpLine.self, from: Data(line.utf8)) else {
                        throw ConfigurationError("\(place): not a row of a state export (damaged, or cut short?); nothing was imported")
                    }
                    try StateRowCounts.check(parsed, at: place)
                    if parsed.table != batchTable || batch.count == 5_000 {
                        if let batchTable { try insert(batchTable, batch) }
                        batch.removeAll(keepingCapacity: true)
                        batchTable = parsed.table
                    }
                    batch.append(parsed.row)
                    counts[parsed.table, default: 0] += 1
                }
                if let batchTable { try insert(batchTable, batch) }
            }
            printError("imported \(StateRowCounts.text(counts)) into \(state.path)")
            return .success
        }
    }
}

/// What `state export` and `state import` say, and the check of each imported row.
enum StateRowCounts {
    static func text(_ counts: [StateTable: Int]) -> String {
        let total = counts.values.reduce(0, +)
        let tables = StateTable.allCases.compactMap { table in counts[table].map { "\(table.rawValue) \($0)" } }
        return "\(total) row\(total == 1 ? "" : "s")" + (tables.isEmpty ? "" : " (" + tables.joined(separator: ", ") + ")")
    }

    /// A row has its table's columns, each an integer, text or null as the column holds.
    static func check(_ line: StateDumpLine, at place: String) throws {
        let columns = line.table.columns
        guard line.row.count == columns.count else {
            throw ConfigurationError("\(place): a \(line.table.rawValue) row has \(line.row.count) values, not \(columns.count); nothing was imported")
        }
        for (value, column) in zip(line.row, columns) {
            switch value {
            case .null: continue
            case .integer where column.integer, .text where !column.integer: continue
            default:
                throw ConfigurationError("\(place): \(line.table.rawValue).\(column.name) must be \(column.integer ? "an integer" : "text"); nothing was imported")
            }
        }
    }
}
