import Foundation

/// The package's built executables (`make test` builds them before the tests run).
enum Executables {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["ATTENTIVE_SYNC_BIN"] { return URL(fileURLWithPath: override) }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    static var attentiveSync: URL { binDirectory.appendingPathComponent("attentive-sync") }
    static var attentiveMock: URL { binDirectory.appendingPathComponent("attentive-mock") }
}

/// What a finished command printed and returned.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the CLI as a user would, with its own environment (no inherited API key).
func attentiveSync(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil, directory: URL? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = Executables.attentiveSync
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let stdin {
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    } else {
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Starts the CLI without waiting for it, output discarded: for killing it mid-run.
func startAttentiveSync(_ arguments: [String], environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = Executables.attentiveSync
    process.arguments = arguments
    process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(environment) { _, new in new }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// The CLI running in the background with its output captured, for what happens while it runs.
/// `@unchecked Sendable`: the two output buffers are each written by one reader and read only
/// after `group` says both readers are done.
final class BackgroundCommand: @unchecked Sendable {
    let process = Process()
    private let group = DispatchGroup()
    private var outData = Data()
    private var errData = Data()

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = Executables.attentiveSync
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        group.enter()
        DispatchQueue.global().async { [self] in
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async { [self] in
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the end and returns what it printed.
    func wait() -> CommandResult {
        process.waitUntilExit()
        group.wait()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
